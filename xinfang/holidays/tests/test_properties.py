"""Properties of due_date that hold for every start 2005–2026, amount 0–90 and set of overrides.

DB-free: the calendar is passed in, so hypothesis can run hundreds of cases quickly.
"""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from xinfang.holidays.calendar import Calendar, Measure, Override, package_years

ONE_DAY = dt.timedelta(days=1)
# database=None: keep hypothesis from writing an example database into the working tree.
PROPERTY = settings(max_examples=200, deadline=None, database=None)

starts = st.dates(dt.date(2005, 1, 1), dt.date(2026, 12, 31))
amounts = st.integers(0, 90)
measures = st.sampled_from(Measure)
calendars = st.one_of(
    st.just(Calendar()),
    st.builds(
        Calendar,
        st.dictionaries(
            st.dates(dt.date(2005, 1, 1), dt.date(2027, 6, 30)),
            st.builds(Override, st.booleans()),
            max_size=40,
        ),
        st.frozensets(st.integers(2025, 2028), max_size=2),
    ),
)


@PROPERTY
@given(starts, amounts, measures, calendars)
def test_it_never_ends_before_the_start(start, amount, measure, calendar):
    due = calendar.due_date(start, amount, measure)
    assert due.date >= start
    if amount >= 1:
        assert due.date > start


@PROPERTY
@given(starts, amounts, calendars)
def test_it_never_ends_a_day_limit_on_a_rest_day(start, amount, calendar):
    assert calendar.is_workday(calendar.due_date(start, amount, Measure.DAY).date)


@PROPERTY
@given(starts, amounts, calendars)
def test_it_moves_a_day_limit_only_across_rest_days(start, amount, calendar):
    due = calendar.due_date(start, amount, Measure.DAY).date
    day = start + amount * ONE_DAY
    while day < due:
        assert not calendar.is_workday(day)
        day += ONE_DAY


@PROPERTY
@given(starts, st.integers(1, 90), calendars)
def test_it_ends_a_workday_limit_on_the_amount_th_working_day_after_the_start(
    start, amount, calendar
):
    due = calendar.due_date(start, amount, Measure.WORKDAY).date
    assert calendar.is_workday(due)
    assert calendar.working_days_between(start, due) == amount


@PROPERTY
@given(starts, amounts, amounts, measures, calendars)
def test_it_never_gives_an_earlier_date_for_a_longer_limit(start, a, b, measure, calendar):
    shorter, longer = sorted([a, b])
    assert (
        calendar.due_date(start, shorter, measure).date
        <= calendar.due_date(start, longer, measure).date
    )


@PROPERTY
@given(starts, amounts, measures)
def test_it_is_provisional_exactly_when_the_package_alone_runs_out(start, amount, measure):
    due = Calendar().due_date(start, amount, measure)
    assert due.provisional == (due.date.year not in package_years())


@PROPERTY
@given(starts, st.integers(-400, 400), calendars)
def test_it_counts_working_days_backwards_as_the_negative_of_forwards(a, offset, calendar):
    b = a + offset * ONE_DAY
    assert calendar.working_days_between(a, b) == -calendar.working_days_between(b, a)
