"""Bulk inserts of plain rows: the same rows bulk_create would write, fewer statements."""

import datetime as dt

import pytest

from xinfang.events.models import Event, EventKind
from xinfang.lib import bulk, timesource

pytestmark = pytest.mark.django_db

AT = dt.datetime(2021, 5, 6, 12, tzinfo=timesource.SHANGHAI)


def _row(n: int, **more) -> dict:
    return {"created_at": AT, "kind": EventKind.PETITION_REGISTERED, "summary": f"第{n}件", **more}


def test_dict_rows_return_their_new_ids_in_row_order():
    ids = bulk.insert_dicts(Event, [_row(n) for n in range(5)], returning=["id"])
    summaries = dict(Event.objects.values_list("pk", "summary"))
    assert [summaries[pk] for (pk,) in ids] == [f"第{n}件" for n in range(5)]


def test_a_column_no_row_names_takes_the_field_default():
    bulk.insert_dicts(Event, [_row(1)])
    event = Event.objects.get()
    assert event.data == {} and event.actor_id is None and event.created_at == AT


def test_json_values_and_aware_times_arrive_as_given():
    bulk.insert_dicts(Event, [_row(1, data={"matter": "SX-1", "count": 2})])
    event = Event.objects.get()
    assert event.data == {"matter": "SX-1", "count": 2}
    assert event.created_at.astimezone(timesource.SHANGHAI) == AT


def test_more_rows_than_one_statement_takes_are_all_written(monkeypatch):
    monkeypatch.setattr(bulk, "_sqlite_parameter_limit", lambda: 40)
    bulk.insert_dicts(Event, [_row(n) for n in range(25)])
    assert Event.objects.count() == 25


def test_no_rows_write_nothing():
    assert bulk.insert_dicts(Event, []) == []
    assert not Event.objects.exists()
