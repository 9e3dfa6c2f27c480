from __future__ import annotations

from django.conf import settings
from django.db import models


class Heartbeat(models.Model):
    """One row the health check rewrites: proof that the database accepts writes, not only
    reads (a read-only file or replica answers SELECT 1 and refuses every registration)."""

    beat_at = models.DateTimeField("最近一次写入检查")

    class Meta:
        verbose_name = verbose_name_plural = "写入检查"

    def __str__(self) -> str:
        return f"{self.beat_at:%Y-%m-%d %H:%M:%S}"


class SavedSearch(models.Model):
    """A clerk's own saved case-list filter (常用查询): a name and the list's query string."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField("名称", max_length=30)
    query = models.CharField("查询条件", max_length=1000)
    created_at = models.DateTimeField("保存时间")

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "常用查询"
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="one_search_name_per_user")
        ]

    def __str__(self) -> str:
        return self.name
