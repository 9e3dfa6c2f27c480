from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """One row the health check rewrites: proof that the database accepts writes, not only
    reads (a read-only file or replica answers SELECT 1 and refuses every registration)."""

    beat_at = models.DateTimeField("最近一次写入检查")

    class Meta:
        verbose_name = verbose_name_plural = "写入检查"

    def __str__(self) -> str:
        return f"{self.beat_at:%Y-%m-%d %H:%M:%S}"
