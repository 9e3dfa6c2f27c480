"""What the public portal (网上信访) keeps: rate-limit counters and submission claims."""

from __future__ import annotations

from django.db import models


class Throttle(models.Model):
    """A counter for one key (an IP, a phone, a petition number) in its current window.

    Kept in the database rather than a per-process cache so limits and lockouts hold
    across every worker process. Keys are hashed: no phone or number is stored here.
    """

    key = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=20)
    window_started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "访问限制"

    def __str__(self) -> str:
        return f"{self.scope} {self.count}"


class Submission(models.Model):
    """One portal form, claimed once by its nonce: a double click or a resent form finds the
    petition already registered instead of registering a second one."""

    nonce = models.CharField(max_length=64, unique=True)
    petition = models.ForeignKey(
        "petitions.Petition", models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "网上提交"

    def __str__(self) -> str:
        return self.nonce
