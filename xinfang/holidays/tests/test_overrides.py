"""Administrators' decisions: a day override wins over the package, an official year is known."""

import datetime as dt

import pytest

from xinfang.holidays import actions
from xinfang.holidays.calendar import Due, due_date
from xinfang.holidays.models import DayOverride
from xinfang.lib import timesource
from xinfang.lib.errors import Invalid

D = dt.date.fromisoformat

pytestmark = pytest.mark.django_db


def test_it_moves_a_deadline_when_an_admin_marks_its_last_day_a_holiday():
    assert due_date(D("2026-03-10"), 15).date == D("2026-03-25")
    actions.set_day(D("2026-03-25"), False, "本地假日")
    assert due_date(D("2026-03-10"), 15).date == D("2026-03-26")


def test_it_lets_an_admin_turn_a_package_holiday_into_a_working_day():
    actions.set_day(D("2026-05-01"), True, "本地调整")
    assert due_date(D("2026-03-02"), 60).date == D("2026-05-01")


def test_it_counts_an_admin_entered_调休_saturday_in_workday_limits():
    actions.set_day(D("2026-03-14"), True, "调休上班")
    assert due_date(D("2026-03-13"), 1, "workday").date == D("2026-03-14")


def test_it_forgets_a_cleared_override():
    actions.set_day(D("2026-03-25"), False, "本地假日")
    assert actions.clear_day(D("2026-03-25"))
    assert due_date(D("2026-03-10"), 15).date == D("2026-03-25")


def test_it_reports_clearing_a_day_that_had_no_override():
    assert not actions.clear_day(D("2026-03-25"))


def test_it_keeps_a_year_provisional_while_only_some_of_its_days_are_entered():
    actions.set_day(D("2027-01-01"), False, "2027年元旦")
    # 01-01 is decided, but the weekend and Monday after it are still guesses.
    assert due_date(D("2026-12-31"), 1) == Due(D("2027-01-04"), True, (2027,))


def test_it_treats_a_year_an_admin_declared_official_as_known():
    actions.set_day(D("2027-01-01"), False, "2027年元旦")
    actions.set_official_year(2027, "国务院办公厅关于2027年部分节假日安排的通知")
    assert due_date(D("2026-12-31"), 1) == Due(D("2027-01-04"), provisional=False)


def test_it_makes_a_year_provisional_again_when_its_declaration_is_withdrawn():
    actions.set_official_year(2027)
    assert actions.clear_official_year(2027)
    assert due_date(D("2026-12-31"), 1).provisional


def test_it_replaces_an_earlier_decision_for_the_same_day_and_keeps_its_entry_time():
    first = actions.set_day(D("2027-02-06"), False, "2027年春节")
    with timesource.freeze(dt.datetime(2026, 11, 20, 9, 0, tzinfo=timesource.SHANGHAI)):
        actions.set_day(D("2027-02-06"), True, "调休上班")
    override = DayOverride.objects.get()
    assert (override.is_workday, override.note) == (True, "调休上班")
    assert override.created_at == first.created_at == timesource.now()


def test_it_refuses_a_note_longer_than_the_column():
    with pytest.raises(Invalid, match="40"):
        actions.set_day(D("2027-02-06"), False, "长" * 41)
    assert not DayOverride.objects.exists()


def test_it_refuses_an_implausible_official_year():
    with pytest.raises(Invalid, match="超出范围"):
        actions.set_official_year(27)
