"""The stamp that says when reference data last changed."""

from __future__ import annotations

from django.db import models

# The tables whose every change gives the stamp a new value (database triggers, see the
# migrations): what a worker process keeps in memory between requests.
WATCHED = (
    ("regions", "Region"),
    ("regions", "Unit"),
    ("classes", "ContentClass"),
    ("holidays", "DayOverride"),
    ("holidays", "OfficialYear"),
    ("workflow", "TimeLimit"),
    ("insight", "AttentionWord"),
)


class ReferenceStamp(models.Model):
    """One row whose value changes, in the writing transaction, whenever a watched table does.

    Triggers set it, not the actions, so no writer can forget: the administrators' screens,
    bulk loads, the Django admin and a hand-written UPDATE all change it. A new value never
    repeats an old one (a sequence on PostgreSQL, a random 64-bit number on SQLite), so a
    snapshot read inside a transaction that rolled back is never mistaken for a later one.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField()

    class Meta:
        db_table = "reference_stamp"
        verbose_name = "基础数据版本"

    def __str__(self) -> str:
        return str(self.value)
