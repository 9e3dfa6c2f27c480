"""Reference data come from memory only while the database's stamp says they are current."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from xinfang.classes.models import ContentClass
from xinfang.classes.queries import class_by_code
from xinfang.holidays import actions as holidays
from xinfang.holidays.models import DayOverride, OfficialYear
from xinfang.holidays.queries import load_calendar
from xinfang.insight.models import AttentionWord
from xinfang.reference.queries import in_request, read_stamp, snapshot
from xinfang.regions.models import Region, Unit
from xinfang.regions.queries import region_by_code, unit_by_id
from xinfang.workflow.limits import DEFAULTS, all_limits, limit_for
from xinfang.workflow.models import ClockKind, TimeLimit

pytestmark = pytest.mark.django_db

A_SUNDAY = dt.date(2027, 3, 7)


def test_it_reads_the_stamp_and_nothing_else_when_nothing_changed(
    places, django_assert_num_queries
):
    load_calendar(), limit_for(ClockKind.DISPOSE), region_by_code("431202"), class_by_code("1205")
    with django_assert_num_queries(4):  # one stamp read per look
        (
            load_calendar(),
            limit_for(ClockKind.DISPOSE),
            region_by_code("431202"),
            class_by_code("1205"),
        )


def test_it_reads_the_stamp_once_in_a_request(places, django_assert_num_queries):
    load_calendar(), limit_for(ClockKind.DISPOSE), region_by_code("431202"), class_by_code("1205")
    with in_request(), django_assert_num_queries(1):
        (
            load_calendar(),
            limit_for(ClockKind.DISPOSE),
            region_by_code("431202"),
            class_by_code("1205"),
        )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: Region.objects.filter(code="431202").update(name="鹤城"), id="region"),
        pytest.param(lambda: Unit.objects.update(phone="0745-1234567"), id="unit"),
        pytest.param(lambda: ContentClass.objects.filter(code="1205").delete(), id="class"),
        pytest.param(lambda: DayOverride.objects.create(date=A_SUNDAY, is_workday=True, created_at="2026-03-10T00:00Z"), id="day"),
        pytest.param(lambda: OfficialYear.objects.create(year=2031, created_at="2026-03-10T00:00Z"), id="year"),
        pytest.param(lambda: TimeLimit.objects.filter(kind=ClockKind.DISPOSE).update(amount=10), id="limit"),
        pytest.param(lambda: AttentionWord.objects.filter(word="跳楼").update(is_active=False), id="attention word"),
    ],
)  # fmt: skip
def test_any_write_to_a_watched_table_changes_the_stamp(places, change):
    before = read_stamp()
    change()
    assert read_stamp() not in (None, before)


def test_a_write_elsewhere_leaves_the_stamp(cast):
    before = read_stamp()
    cast.alice.full_name = "Alice Again"
    cast.alice.save()
    assert read_stamp() == before


def test_a_calendar_change_is_seen_at_the_next_look(places):
    assert not load_calendar().is_workday(A_SUNDAY)
    holidays.set_day(A_SUNDAY, True, "调休上班")
    assert load_calendar().is_workday(A_SUNDAY)


def test_a_limit_changed_by_hand_is_seen_at_the_next_look(places):
    assert limit_for(ClockKind.DISPOSE) == DEFAULTS[ClockKind.DISPOSE]
    with connection.cursor() as cursor:  # no action, no ORM: the trigger still sees it
        cursor.execute(
            f"UPDATE {TimeLimit._meta.db_table} SET amount = 10 WHERE kind = %s",
            [ClockKind.DISPOSE],
        )
    assert limit_for(ClockKind.DISPOSE).amount == 10


def test_what_a_rolled_back_change_showed_is_not_kept(places):
    with pytest.raises(RuntimeError), transaction.atomic():
        TimeLimit.objects.filter(kind=ClockKind.DISPOSE).update(amount=10)
        assert limit_for(ClockKind.DISPOSE).amount == 10
        raise RuntimeError("roll back")
    assert limit_for(ClockKind.DISPOSE).amount == DEFAULTS[ClockKind.DISPOSE].amount


def test_a_request_keeps_what_it_first_saw(places):
    with in_request():
        assert limit_for(ClockKind.DISPOSE).amount == 15
        TimeLimit.objects.filter(kind=ClockKind.DISPOSE).update(amount=10)
        assert limit_for(ClockKind.DISPOSE).amount == 15
    assert limit_for(ClockKind.DISPOSE).amount == 10


def test_a_region_handed_out_is_a_copy(places):
    region_by_code("431202").name = "改过的名字"
    assert region_by_code("431202").name == "鹤城区"


def test_a_unit_comes_with_its_region(places, django_assert_num_queries):
    unit_by_id(places.hecheng_bureau.pk)
    with django_assert_num_queries(1):  # the stamp
        assert unit_by_id(places.hecheng_bureau.pk).region.code == "431202"


def test_a_class_comes_with_its_parents(places, django_assert_num_queries):
    class_by_code("120501")
    with django_assert_num_queries(1):  # the stamp
        node = class_by_code("1205")
        assert (node.parent.code, node.parent.parent) == ("12", None)


def test_an_unknown_code_is_none(places):
    assert region_by_code("999999") is None and class_by_code("9999") is None


def test_without_a_stamp_row_nothing_is_kept(places, django_assert_num_queries):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reference_stamp")
    assert snapshot().stamp is None
    with django_assert_num_queries(2):  # the stamp, then the limits themselves
        assert all_limits()[ClockKind.DISPOSE] == DEFAULTS[ClockKind.DISPOSE]
