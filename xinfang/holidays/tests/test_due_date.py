"""due_date: statutory limits in days (日) and working days (工作日) around China's holidays.

Holiday facts the cases rely on (State Council notices):
- 2025 春节 rest 01-28..02-04; 调休 working days Sun 01-26 and Sat 02-08.
- 2025 国庆/中秋 rest 10-01..10-08; 调休 working days Sun 09-28 and Sat 10-11.
- 2026 元旦 rest 01-01..01-03, working Sun 01-04; 春节 rest 02-15..02-23, working Sat 02-14
  and Sat 02-28; 劳动节 rest 05-01..05-05, working Sat 05-09.
"""

import datetime as dt

import pytest

from xinfang.holidays.calendar import Calendar, Due, Measure, due_date, package_years

D = dt.date.fromisoformat

CASES = [
    # The examples of DOMAIN.md and of the brief.
    ("2025-01-24", 15, "day", "2025-02-08", "15 日 ends on a 调休 Saturday, a working day"),
    ("2026-03-02", 60, "day", "2026-05-06", "60 日 lands on 劳动节 and moves past it"),
    ("2025-09-26", 5, "workday", "2025-10-10", "5 工作日 across 国庆 with a 调休 Sunday"),
    # 2025 Spring Festival.
    ("2025-01-13", 15, "day", "2025-02-05", "lands on 除夕, moves past the whole holiday"),
    ("2025-01-11", 15, "day", "2025-01-26", "lands on a 调休 Sunday, which is a working day"),
    ("2025-01-27", 1, "day", "2025-02-05", "the day before the holiday, plus one"),
    ("2025-02-08", 1, "day", "2025-02-10", "after the 调休 Saturday comes an ordinary Sunday"),
    ("2025-01-24", 5, "workday", "2025-02-07", "working days skip the holiday"),
    ("2025-01-24", 6, "workday", "2025-02-08", "and count the 调休 Saturday"),
    ("2025-01-27", 1, "workday", "2025-02-05", "the next working day is after the holiday"),
    # 2026 Spring Festival.
    ("2026-02-13", 1, "day", "2026-02-14", "a 调休 Saturday before the holiday"),
    ("2026-02-13", 5, "day", "2026-02-24", "lands inside the nine-day holiday"),
    ("2026-02-14", 1, "day", "2026-02-24", "lands on its first day"),
    ("2026-02-27", 1, "day", "2026-02-28", "a 调休 Saturday after the holiday"),
    ("2026-02-13", 1, "workday", "2026-02-14", "the 调休 Saturday is the next working day"),
    ("2026-02-13", 2, "workday", "2026-02-24", "then the holiday is skipped"),
    # 2025 National Day with its 调休 Sunday 09-28 and Saturday 10-11.
    ("2025-09-27", 1, "day", "2025-09-28", "the 调休 Sunday is a working day"),
    ("2025-09-16", 15, "day", "2025-10-09", "lands on 国庆, moves to 10-09"),
    ("2025-09-30", 1, "day", "2025-10-09", "the eve of 国庆, plus one"),
    ("2025-10-10", 1, "day", "2025-10-11", "the 调休 Saturday after 国庆"),
    ("2025-10-11", 1, "day", "2025-10-13", "an ordinary Sunday after it"),
    ("2025-09-26", 1, "workday", "2025-09-28", "the Saturday rests, the Sunday works"),
    ("2025-09-30", 3, "workday", "2025-10-11", "09 Thu, 10 Fri, 11 调休 Saturday"),
    # 2026 Labour Day and ordinary weeks.
    ("2026-04-30", 1, "workday", "2026-05-06", "the whole 劳动节 holiday is skipped"),
    ("2026-05-08", 1, "workday", "2026-05-09", "its 调休 Saturday counts"),
    ("2026-03-06", 1, "day", "2026-03-09", "an ordinary Saturday moves to Monday"),
    ("2026-03-10", 15, "day", "2026-03-25", "an ordinary weekday stays"),
    ("2026-03-10", 10, "workday", "2026-03-24", "two ordinary weeks"),
    # Amount 0: the same day, or the next working day when that is a rest day.
    ("2026-03-10", 0, "day", "2026-03-10", "0 日 on a working day is that day"),
    ("2026-03-07", 0, "day", "2026-03-09", "0 日 on a Saturday is the Monday"),
    ("2025-02-08", 0, "day", "2025-02-08", "0 日 on a 调休 Saturday is that day"),
    ("2026-03-10", 0, "workday", "2026-03-10", "0 工作日 on a working day is that day"),
    ("2026-02-15", 0, "workday", "2026-02-24", "0 工作日 in the holiday is the day after it"),
    # The last day of a year.
    ("2025-12-31", 1, "day", "2026-01-04", "元旦 rest, then a 调休 Sunday"),
    ("2025-12-31", 15, "day", "2026-01-15", "into a year the package covers"),
    ("2025-12-31", 1, "workday", "2026-01-04", "the first working day of 2026 is a Sunday"),
    ("2026-12-30", 1, "day", "2026-12-31", "still within 2026"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "start, amount, unit, expected, why", CASES, ids=[f"{c[0]}+{c[1]}{c[2]}" for c in CASES]
)
def test_it_computes_the_statutory_deadline(start, amount, unit, expected, why):
    assert due_date(D(start), amount, unit) == Due(D(expected), provisional=False), why


PROVISIONAL_CASES = [
    ("2026-12-31", 1, "day", "2027-01-01"),
    ("2026-12-31", 15, "day", "2027-01-15"),
    ("2026-12-31", 1, "workday", "2027-01-01"),
    ("2026-12-25", 10, "workday", "2027-01-08"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("start, amount, unit, expected", PROVISIONAL_CASES)
def test_it_marks_a_deadline_in_an_uncovered_year_provisional(start, amount, unit, expected):
    due = due_date(D(start), amount, unit)
    assert due == Due(D(expected), provisional=True, unknown_years=(2027,))
    assert "2027年的节假日安排尚未录入" in due.reason


def test_it_knows_that_the_installed_package_covers_2004_to_2026():
    assert package_years() == range(2004, 2027)


def test_it_does_not_count_the_day_of_receipt():
    # 民法典 第201条: the period starts the next day, so 1 日 from a Tuesday is Wednesday.
    assert due_date(D("2026-03-10"), 1, calendar=Calendar()).date == D("2026-03-11")


def test_it_accepts_the_unit_as_an_enum_member():
    assert due_date(D("2025-09-26"), 5, Measure.WORKDAY, calendar=Calendar()).date == D(
        "2025-10-10"
    )


def test_it_refuses_a_negative_amount():
    with pytest.raises(ValueError, match="zero or more"):
        due_date(D("2026-03-10"), -1, calendar=Calendar())


def test_it_refuses_an_unknown_unit():
    with pytest.raises(ValueError, match="week"):
        due_date(D("2026-03-10"), 1, "week", calendar=Calendar())


def test_it_refuses_a_datetime_whose_date_depends_on_the_time_zone():
    with pytest.raises(TypeError, match="China time"):
        due_date(dt.datetime(2026, 3, 10, 1, 0), 1, calendar=Calendar())
