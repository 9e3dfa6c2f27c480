from __future__ import annotations

from django.conf import settings
from django.db import models


class RepeatKey(models.Model):
    """One index key of a registered petition (see `fingerprint.keys`).

    Written by the registration action, rebuilt by `xinfang insight rebuild` after imports;
    a lookup is a handful of primary-key range scans, whatever the size of the history.
    """

    pk = models.CompositePrimaryKey("key", "petition")
    key = models.BigIntegerField()
    petition = models.ForeignKey(
        "petitions.Petition", models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = verbose_name_plural = "重复件索引"

    def __str__(self) -> str:
        return f"{self.key}→{self.petition_id}"


class DismissedMatch(models.Model):
    """A suggestion a registrar rejected: this petition is not a repeat of that matter."""

    petition = models.ForeignKey("petitions.Petition", models.CASCADE, related_name="+")
    matter = models.ForeignKey("petitions.Matter", models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    dismissed_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "已排除的重复建议"
        constraints = [
            models.UniqueConstraint(fields=["petition", "matter"], name="one_dismissal_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}≠{self.matter_id}"
