"""API credentials and idempotency records."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token acting as one staff user. Only a SHA-256 of the token is stored; the
    prefix (its first characters) names it in lists and revocations."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=80, blank=True)
    prefix = models.CharField("前缀", max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyKey(models.Model):
    """The outcome of one create request under an `Idempotency-Key`, per user: a retry with
    the same key and body gets the same answer, never a second petition."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    scope = models.CharField(max_length=20, default="petitions")
    request_hash = models.CharField(max_length=64)
    petition = models.ForeignKey(
        "petitions.Petition", models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "幂等键"
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "key"], name="one_idempotency_key")
        ]

    def __str__(self) -> str:
        return self.key
