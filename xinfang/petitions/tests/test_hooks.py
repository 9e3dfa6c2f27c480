"""The hook table: the core calls the features named in settings.XINFANG_HOOKS, in order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from xinfang.petitions import hooks

CALLS: list[tuple] = []


def record_day(today, at):
    CALLS.append(("day", today, at))


def record_change(ids, today):
    CALLS.append(("before", tuple(ids), today))
    return lambda: CALLS.append(("after", tuple(ids)))


@pytest.fixture
def table():
    CALLS.clear()
    hooks.subscribers.cache_clear()
    yield
    hooks.subscribers.cache_clear()


TABLE = {
    "day_started": [f"{__name__}.record_day", f"{__name__}.record_day"],
    "matters_changing": [f"{__name__}.record_change"],
}


@override_settings(XINFANG_HOOKS=TABLE)
def test_day_started_calls_each_subscriber_in_order(table):
    moment = dt.datetime(2026, 3, 10, 1, 30, tzinfo=dt.UTC)
    hooks.day_started(dt.date(2026, 3, 10), moment)
    assert [("day", dt.date(2026, 3, 10), moment)] * 2 == CALLS


@override_settings(XINFANG_HOOKS=TABLE)
def test_matters_changing_runs_before_and_after_the_change(table):
    change = hooks.matters_changing([3, 5])
    CALLS.append(("change",))
    change.done()
    assert [("before", (3, 5), dt.date(2026, 3, 10)), ("change",), ("after", (3, 5))] == CALLS


@override_settings(XINFANG_HOOKS=TABLE)
def test_matters_changing_passes_the_day_of_the_change(table):
    """A step taken for another day (the demo's year of history) tells the subscribers that
    day, not today."""
    hooks.matters_changing([3], dt.date(2025, 6, 2)).done()
    assert CALLS[0] == ("before", (3,), dt.date(2025, 6, 2))


def test_an_unknown_hook_point_is_refused(table):
    with pytest.raises(KeyError):
        hooks.subscribers("on_anything")


def test_the_real_table_names_importable_subscribers(table):
    for point in hooks.POINTS:
        assert all(callable(subscriber) for subscriber in hooks.subscribers(point))
