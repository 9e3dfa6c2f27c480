"""What the public portal (网上信访) keeps: rate-limit counters and submission claims."""

from __future__ import annotations

from django.conf import settings
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


class Publication(models.Model):
    """A petition as published on the board and through Open311 (公开信件): its text after
    redaction (petitions.redaction), stored when a staff member publishes it, so the public
    interfaces serve and search only this copy, never the registered text."""

    petition = models.OneToOneField(
        "petitions.Petition", models.CASCADE, related_name="publication"
    )
    title = models.CharField("公开标题", max_length=120)
    content = models.TextField("公开内容")
    demands = models.TextField("公开诉求", blank=True)
    published_at = models.DateTimeField("公开时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "公开信件"

    def __str__(self) -> str:
        return self.title
