"""Reads over the administrators' calendar decisions."""

from __future__ import annotations

from xinfang.holidays.calendar import Calendar, Override
from xinfang.holidays.models import DayOverride, OfficialYear
from xinfang.reference.queries import snapshot


def load_calendar() -> Calendar:
    """The calendar as the administrators left it (kept in memory while it is current)."""
    return snapshot().get("calendar", read_calendar)


def read_calendar() -> Calendar:
    """Every override and official year, from the database (two small queries).

    Overrides are a few dozen rows a year, so the whole table is read rather than a range:
    a deadline can run into the next year.
    """
    overrides = {
        day: Override(is_workday, note)
        for day, is_workday, note in DayOverride.objects.values_list("date", "is_workday", "note")
    }
    years = OfficialYear.objects.values_list("year", flat=True)
    return Calendar(overrides, frozenset(years))
