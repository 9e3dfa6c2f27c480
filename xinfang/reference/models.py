"""The stamp that says when reference data last changed."""

from __future__ import annotations

from django.db import models


class ReferenceStamp(models.Model):
    """One row whose value changes, in the writing transaction, whenever a watched table does
    (the tables the reference snapshot keeps: see the migrations for the list and triggers).

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
