"""Writes to the administrators' calendar: day overrides and official years.

Every deadline computed afterwards sees the change: the calendar keeps no cache to invalidate
(see `holidays.calendar`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from xinfang.holidays.importing import NOTE_MAX, DayRow
from xinfang.holidays.models import DayOverride, OfficialYear
from xinfang.lib import timesource
from xinfang.lib.errors import Invalid


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


def _check_day(day: dt.date) -> None:
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise TypeError(f"expected a date, not {day!r}")


@transaction.atomic
def set_day(day: dt.date, is_workday: bool, note: str = "") -> DayOverride:
    """Decide that `day` is a working day or a rest day, replacing any earlier decision."""
    _check_day(day)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise Invalid({"note": [f"说明不能超过{NOTE_MAX}字"]})
    override, _ = DayOverride.objects.update_or_create(
        date=day,
        defaults={"is_workday": is_workday, "note": note},
        create_defaults={"is_workday": is_workday, "note": note, "created_at": timesource.now()},
    )
    return override


@transaction.atomic
def clear_day(day: dt.date) -> bool:
    """Drop the decision about `day` (the package or the plain week decides again)."""
    _check_day(day)
    deleted, _ = DayOverride.objects.filter(date=day).delete()
    return bool(deleted)


@transaction.atomic
def set_official_year(year: int, note: str = "") -> OfficialYear:
    """Declare `year`'s whole official notice entered: its deadlines stop being provisional."""
    if not 2000 <= year <= 2100:
        raise Invalid({"year": [f"年份{year}超出范围"]})
    official, _ = OfficialYear.objects.update_or_create(
        year=year,
        defaults={"note": note.strip()},
        create_defaults={"note": note.strip(), "created_at": timesource.now()},
    )
    return official


@transaction.atomic
def clear_official_year(year: int) -> bool:
    deleted, _ = OfficialYear.objects.filter(year=year).delete()
    return bool(deleted)


@transaction.atomic
def import_days(
    rows: Iterable[DayRow], *, official_year: int | None = None, source: str = ""
) -> ImportResult:
    """Set every row's day (all or nothing), and optionally declare a year official."""
    rows = list(rows)
    existing = set(
        DayOverride.objects.filter(date__in=[row.date for row in rows]).values_list(
            "date", flat=True
        )
    )
    for row in rows:
        set_day(row.date, row.is_workday, row.note)
    if official_year is not None:
        set_official_year(official_year, source)
    updated = sum(row.date in existing for row in rows)
    return ImportResult(created=len(rows) - updated, updated=updated)
