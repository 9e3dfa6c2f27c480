"""Reads over the administrators' calendar decisions."""

from __future__ import annotations

from xinfang.holidays.calendar import Calendar, Override
from xinfang.holidays.models import DayOverride, OfficialYear


def load_calendar() -> Calendar:
    """A snapshot of every override and official year (two small queries).

    Overrides are a few dozen rows a year, so the whole table is read rather than a range:
    a deadline can run into the next year.
    """
    overrides = {
        day: Override(is_workday, note)
        for day, is_workday, note in DayOverride.objects.values_list("date", "is_workday", "note")
    }
    years = OfficialYear.objects.values_list("year", flat=True)
    return Calendar(overrides, frozenset(years))
