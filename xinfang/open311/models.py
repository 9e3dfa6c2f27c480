"""What Open311 GeoReport v2 adds to a petition: where it was reported and its token."""

from __future__ import annotations

import uuid

from django.db import models


class ServiceRequest(models.Model):
    """An Open311 service request: the petition it registered plus the location fields the
    standard carries (a petition itself has only its 问题属地)."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    petition = models.OneToOneField(
        "petitions.Petition", models.CASCADE, related_name="open311_request"
    )
    lat = models.FloatField(null=True, blank=True)
    long = models.FloatField(null=True, blank=True)
    address_string = models.CharField(max_length=200, blank=True)
    media_url = models.URLField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "Open311请求"

    def __str__(self) -> str:
        return str(self.token)
