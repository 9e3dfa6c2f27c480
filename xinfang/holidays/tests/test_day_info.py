"""day_info / is_workday / working_days_between: what the calendar says about single days."""

import datetime as dt

import pytest

from xinfang.holidays.calendar import (
    Calendar,
    DayInfo,
    Override,
    day_info,
    is_workday,
    working_days_between,
)

D = dt.date.fromisoformat
PACKAGE = Calendar()


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2025-01-29", DayInfo(False, True, "春节")),
        ("2025-01-26", DayInfo(True, True, "春节调休上班")),
        ("2025-10-11", DayInfo(True, True, "国庆节调休上班")),
        ("2026-05-01", DayInfo(False, True, "劳动节")),
        ("2026-03-07", DayInfo(False, True, "")),
        ("2026-03-10", DayInfo(True, True, "")),
    ],
)
def test_it_names_holidays_and_调休_days_from_the_package(day, expected):
    assert day_info(D(day), calendar=PACKAGE) == expected


def test_it_falls_back_to_the_plain_week_in_an_uncovered_year():
    assert day_info(D("2027-01-01"), calendar=PACKAGE) == DayInfo(True, known=False)
    assert day_info(D("2027-01-02"), calendar=PACKAGE) == DayInfo(False, known=False)
    assert day_info(D("2003-06-02"), calendar=PACKAGE) == DayInfo(True, known=False)


def test_it_lets_an_override_win_over_the_package():
    calendar = Calendar({D("2026-03-10"): Override(False, "本地假日")})
    assert day_info(D("2026-03-10"), calendar=calendar) == DayInfo(False, True, "本地假日")


def test_it_names_an_override_without_a_note_by_what_it_decides():
    calendar = Calendar({D("2027-02-06"): Override(True)})
    assert day_info(D("2027-02-06"), calendar=calendar) == DayInfo(True, True, "调整为工作日")


def test_it_knows_every_day_of_a_year_declared_official():
    calendar = Calendar(official_years={2027})
    assert day_info(D("2027-03-01"), calendar=calendar) == DayInfo(True, known=True)


def test_it_answers_is_workday_from_the_same_rules():
    assert is_workday(D("2025-02-08"), calendar=PACKAGE)
    assert not is_workday(D("2025-02-09"), calendar=PACKAGE)


def test_it_counts_working_days_after_the_first_date_up_to_and_including_the_second():
    # 2025-09-26 Fri .. 2025-10-10 Fri: 09-28, 09-29, 09-30, 10-09, 10-10.
    assert working_days_between(D("2025-09-26"), D("2025-10-10"), calendar=PACKAGE) == 5


def test_it_counts_no_working_days_between_a_day_and_itself():
    assert working_days_between(D("2026-03-10"), D("2026-03-10"), calendar=PACKAGE) == 0


def test_it_counts_backwards_as_a_negative_number():
    assert working_days_between(D("2025-10-10"), D("2025-09-26"), calendar=PACKAGE) == -5


@pytest.mark.django_db
def test_it_reads_the_administrators_decisions_from_the_database_by_default(
    django_assert_num_queries,
):
    day_info(D("2026-03-10"))
    with django_assert_num_queries(1):  # unchanged since: only the reference stamp
        assert day_info(D("2026-03-10")) == DayInfo(True, True, "")


def test_it_does_not_touch_the_database_when_given_a_calendar():
    # No django_db mark: any query here would fail the test.
    assert day_info(D("2026-03-10"), calendar=PACKAGE).is_workday
