from __future__ import annotations

import datetime as dt

import pytest

from xinfang.lib import timesource
from xinfang.regions.models import Level


@pytest.fixture
def on_day(register):
    """Register a petition received (and registered) on `day`."""

    def run(day: dt.date, **overrides):
        with timesource.freeze(
            dt.datetime(day.year, day.month, day.day, 10, tzinfo=timesource.SHANGHAI)
        ):
            return register(received_on=day, **overrides)

    return run


@pytest.fixture
def national_visit():
    return {"level": Level.NATIONAL}
