"""The rates' rollup stays what a rebuild from the clocks would give, as steps and days pass."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.intake.actions import void_petition
from xinfang.lib import timesource
from xinfang.stats import cohorts, queries
from xinfang.stats.models import RateCount, RateState
from xinfang.stats.queries import Period
from xinfang.stats.tests.test_rates import ANSWER, at
from xinfang.workflow import actions
from xinfang.workflow.tick import run_tick


def table() -> set[tuple]:
    return {
        (r.month, r.region_id, r.unit_key, r.part, *(getattr(r, m) for m in r.MEASURES))
        for r in RateCount.objects.all()
        if any(getattr(r, m) for m in r.MEASURES)
    }


def rebuilt(day: dt.date) -> set[tuple]:
    """The rollup as a rebuild on `day` makes it (the maintained one is put back after)."""
    kept = table()
    with at(day):
        cohorts.rebuild()
        fresh = table()
    RateCount.objects.all().delete()
    RateCount.objects.bulk_create(
        RateCount(**dict(zip(("month", "region_id", "unit_key", "part"), row[:4], strict=True)),
                  **dict(zip(RateCount.MEASURES, row[4:], strict=True)))
        for row in kept
    )  # fmt: skip
    RateState.objects.update(as_of=day)
    return fresh


@pytest.fixture
def busy(cast, places, on_day):
    """Three matters taken through forwarding, acceptance, an extension, answers and ratings."""
    a = on_day(dt.date(2026, 1, 5), region=places.hecheng).matter
    b = on_day(dt.date(2026, 1, 5), region=places.zhongfang).matter
    c = on_day(dt.date(2026, 1, 6), region=places.hecheng).matter
    with at(dt.date(2026, 1, 6)):
        for m in (a, b, c):
            actions.forward(cast.alice, m, places.housing, note="请依法处理")
        a = actions.accept(cast.dave, a, notice="已受理")
        c = actions.accept(cast.dave, c, notice="已受理")
    with at(dt.date(2026, 1, 20)):
        a = actions.answer(cast.dave, a, **ANSWER)
        actions.extend(cast.dave, c, days=30, reason="需要现场勘查", approver="刘局长")
    with at(dt.date(2026, 1, 28)):
        actions.accept(cast.dave, b, notice="已受理")  # late: due within 15 days
        actions.rate(cast.alice, a, bureau="satisfied", unit="dissatisfied", reason="维修太慢")
        actions.mark_settled(cast.alice, a, text="问题已解决")
    return a, b, c


def test_steps_keep_the_rollup_equal_to_a_rebuild(busy):
    day = dt.date(2026, 1, 28)
    with at(day):
        queries.rates(busy[0].region, Period.year(2026))  # brings the rollup to the day
    assert table() == rebuilt(day)
    assert table()  # the accept clocks are due and counted


def test_days_passing_move_clocks_into_their_month_as_a_rebuild_would(busy):
    for day in (dt.date(2026, 2, 20), dt.date(2026, 4, 30), dt.date(2026, 3, 1)):
        with at(day):
            cohorts.ensure_current()
        assert table() == rebuilt(day), day


def test_the_tick_marking_clocks_late_leaves_the_rollup_exact(busy):
    day = dt.date(2026, 4, 1)
    with at(day):
        run_tick(today=day)
    assert table() == rebuilt(day)


def test_a_step_given_its_moment_brings_the_rollup_to_its_day(cast, places, on_day):
    """As a step taken that day would (the demo replays its year without freezing time)."""
    matter = on_day(dt.date(2026, 1, 5), region=places.hecheng).matter
    moment = dt.datetime(2026, 1, 6, 10, tzinfo=timesource.SHANGHAI)
    actions.forward(cast.alice, matter, places.housing, note="请依法处理", at=moment)
    assert RateState.objects.get().as_of == dt.date(2026, 1, 6)
    assert table() == rebuilt(dt.date(2026, 1, 6))


def test_a_clock_running_on_its_due_day_counts_only_the_day_after(cast, places, on_day):
    matter = on_day(dt.date(2026, 3, 2), region=places.hecheng).matter
    with at(dt.date(2026, 3, 2)):
        actions.forward(cast.alice, matter, places.housing, note="请依法处理")
    due = matter.clocks.get(kind="accept_notice").due_on
    with at(due):
        assert queries.rates(places.city, Period.year(2026))["timely_accept_rate"] is None
    with at(due + dt.timedelta(days=1)):
        assert queries.rates(places.city, Period.year(2026))["timely_accept_rate"] == 0.0


def test_a_repeat_joining_a_matter_takes_it_out_of_first_time_cases(cast, places, on_day, busy):
    a = busy[0]
    with at(dt.date(2026, 4, 1)):
        before = queries.rates(places.city, Period.year(2026))["first_time_closed_rate"]
    on_day(dt.date(2026, 4, 1), region=places.hecheng, repeat_of=a)
    with at(dt.date(2026, 4, 1)):
        after = queries.rates(places.city, Period.year(2026))["first_time_closed_rate"]
    assert before == 50.0  # a answered in time; another first-time answer is overdue
    assert after == 0.0  # a is no longer a first-time matter
    assert table() == rebuilt(dt.date(2026, 4, 1))


def test_voiding_keeps_the_rollup_equal_to_a_rebuild(cast, places, on_day, busy, grace):
    """A voided repeat takes its matter back to 初信初访; a voided only petition takes its
    matter's clocks (one met, one overdue) out of the rates."""
    a, b, _ = busy
    repeat = on_day(dt.date(2026, 4, 1), region=places.hecheng, repeat_of=a)
    mistaken = on_day(dt.date(2026, 1, 5), region=places.zhongfang).matter
    with at(dt.date(2026, 1, 6)):
        actions.forward(cast.alice, mistaken, places.housing, note="请依法处理")
    day = dt.date(2026, 4, 2)
    with at(day):
        void_petition(cast.alice, repeat, reason="重复登记")
        void_petition(grace, mistaken.petitions.get(), reason="登记错误")
        rates = queries.rates(places.city, Period.year(2026))
    assert table() == rebuilt(day)
    assert rates["first_time_closed_rate"] == 50.0  # a is a first-time matter again
    assert rates["timely_accept_rate"] == 66.7  # a, c in time, b late; the voided one gone


def test_a_database_without_a_rollup_date_is_rebuilt_on_first_read(places, busy):
    day = dt.date(2026, 4, 1)
    with at(day):
        expected = queries.rates(places.city, Period.year(2026))
    RateCount.objects.all().delete()
    RateState.objects.update(as_of=None)
    with at(day):
        assert queries.rates(places.city, Period.year(2026)) == expected
