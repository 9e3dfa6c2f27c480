"""The tick: warnings before the date, 催办 when late, 督办 when seriously late, windows that
lapse, urgency kept current; each once, whoever runs it and however often.

Dates: the matter is received 2026-03-10; its dispose clock (and, once forwarded the same
day, the acceptance clock) is due 2026-03-25, so 03-22 is three days before, 03-26 is one
day late and 04-10 sixteen days late (serious after 15). An answer delivered 03-10 opens a
review window ending 04-09.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from xinfang.accounts.models import Role, User
from xinfang.conftest import at_once
from xinfang.events.models import Event, EventKind, Notification
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError
from xinfang.petitions.models import MatterStatus, Urgency
from xinfang.workflow import actions
from xinfang.workflow.machine import IllegalStep
from xinfang.workflow.models import Clock, ClockKind, ClockState, SupervisionNotice
from xinfang.workflow.tests.conftest import at
from xinfang.workflow.tick import lapse_window, run_tick

WARN_DAY = dt.date(2026, 3, 22)
LATE_DAY = dt.date(2026, 3, 26)
SERIOUS_DAY = dt.date(2026, 4, 10)


def tick_on(day):
    with at(day):
        return run_tick()


def events(matter, kind):
    return list(Event.objects.filter(matter=matter, kind=kind))


def told(user, kind):
    return Notification.objects.filter(recipient=user, event__kind=kind).count()


def acceptance(matter):
    return Clock.objects.get(matter=matter, kind=ClockKind.ACCEPT_NOTICE)


@pytest.fixture
def overseers(places):
    """grace supervises the whole city; henry supervises 中方县 only."""
    grace = User.objects.create_user(
        "grace", role=Role.SUPERVISOR, unit=places.city_bureau, region=places.city
    )
    henry = User.objects.create_user(
        "henry", role=Role.SUPERVISOR, unit=places.zhongfang_bureau, region=places.zhongfang
    )
    return grace, henry


@pytest.fixture
def accusation(cast, places, register):
    """A 检举控告 matter forwarded by alice to the discipline commission (erin)."""
    matter = register(is_accusation=True).matter
    return actions.forward(cast.alice, matter, places.discipline, note="请依规处理")


# a. Warnings


def test_it_warns_three_days_before_the_due_date(forwarded):
    tick_on(WARN_DAY)
    [event] = events(forwarded, EventKind.CLOCK_WARNING)
    assert event.summary == "受理告知期限将于2026-03-25到期"
    assert event.actor is None
    assert event.created_at == dt.datetime(2026, 3, 22, 2, 0, tzinfo=dt.UTC)  # 10:00 in China
    assert event.data["clock"] == acceptance(forwarded).pk


def test_it_does_not_warn_four_days_before(forwarded):
    report = tick_on(WARN_DAY - dt.timedelta(days=1))
    assert report.warned == 0
    assert not events(forwarded, EventKind.CLOCK_WARNING)


def test_the_warning_goes_to_the_units_handler(cast, forwarded):
    tick_on(WARN_DAY)
    assert told(cast.dave, EventKind.CLOCK_WARNING) == 1
    assert told(cast.bob, EventKind.CLOCK_WARNING) == 0


def test_urgency_becomes_due_soon_with_the_warning(matter):
    tick_on(WARN_DAY)
    matter.refresh_from_db()
    assert matter.urgency == Urgency.DUE_SOON


# b. 催办


def test_a_late_clock_gets_a_reminder(forwarded):
    tick_on(LATE_DAY)
    [event] = events(forwarded, EventKind.CLOCK_LATE)
    assert event.summary == "超期催办：受理告知期限已于2026-03-25到期，已超期1天"
    assert acceptance(forwarded).state == ClockState.LATE


def test_the_late_units_handler_is_reminded(cast, forwarded):
    tick_on(LATE_DAY)
    assert told(cast.dave, EventKind.CLOCK_LATE) == 1


def test_a_late_dispose_clock_reminds_the_registering_bureau(cast, matter):
    tick_on(LATE_DAY)
    assert told(cast.alice, EventKind.CLOCK_LATE) == 1
    assert told(cast.frank, EventKind.CLOCK_LATE) == 1
    assert told(cast.bob, EventKind.CLOCK_LATE) == 0


def test_a_clock_met_in_time_is_never_late(cast, accepted):
    tick_on(LATE_DAY)
    assert not events(accepted, EventKind.CLOCK_LATE)


def test_urgency_becomes_overdue_then_seriously_overdue(matter):
    tick_on(LATE_DAY)
    matter.refresh_from_db()
    assert (matter.urgency, matter.next_due_on) == (Urgency.OVERDUE, dt.date(2026, 3, 25))
    tick_on(SERIOUS_DAY)
    matter.refresh_from_db()
    assert matter.urgency == Urgency.SERIOUSLY_OVERDUE


# c. 督办


def test_serious_lateness_issues_one_supervision_notice(places, forwarded):
    tick_on(SERIOUS_DAY)
    notice = SupervisionNotice.objects.get(matter=forwarded)
    assert notice.unit == places.housing
    assert notice.clock == acceptance(forwarded)
    assert "已超期16天" in notice.text and "5个工作日" in notice.text
    assert len(events(forwarded, EventKind.SUPERVISION)) == 1


def test_fifteen_days_late_is_not_yet_serious(forwarded):
    tick_on(SERIOUS_DAY - dt.timedelta(days=1))
    assert not SupervisionNotice.objects.exists()


def test_the_supervisor_over_the_place_hears_of_the_notice(cast, overseers, forwarded):
    grace, henry = overseers
    tick_on(SERIOUS_DAY)
    assert told(grace, EventKind.SUPERVISION) == 1
    assert told(henry, EventKind.SUPERVISION) == 0
    assert told(cast.dave, EventKind.SUPERVISION) == 1


def test_a_dispose_clock_is_supervised_at_the_registering_bureau(places, matter):
    tick_on(SERIOUS_DAY)
    assert SupervisionNotice.objects.get(matter=matter).unit == places.city_bureau


def test_an_accusation_is_told_only_to_those_who_may_see_it(cast, overseers, accusation):
    grace, _ = overseers
    tick_on(SERIOUS_DAY)
    assert SupervisionNotice.objects.filter(matter=accusation).count() == 1
    assert told(cast.erin, EventKind.SUPERVISION) == 1
    assert told(cast.alice, EventKind.SUPERVISION) == 1
    assert told(grace, EventKind.SUPERVISION) == 0
    assert told(cast.frank, EventKind.SUPERVISION) == 0
    assert told(cast.frank, EventKind.CLOCK_LATE) == 0


# d. Windows


def test_a_lapsed_review_window_closes_the_answered_matter(answered):
    report = tick_on(SERIOUS_DAY)
    answered.refresh_from_db()
    assert answered.status == MatterStatus.CLOSED
    assert answered.closed_on == SERIOUS_DAY
    assert report.closed == 1
    [event] = [e for e in events(answered, EventKind.WORKFLOW_STEP) if e.data["action"] == "lapse"]
    assert event.summary == "复查申请期限届满，办结"
    assert event.actor is None
    assert (event.data["from"], event.data["to"]) == ("answered", "closed")


def test_the_review_window_is_open_on_its_last_day(answered):
    tick_on(dt.date(2026, 4, 9))
    answered.refresh_from_db()
    assert answered.status == MatterStatus.ANSWERED


def test_a_review_requested_in_time_keeps_the_matter_open(cast, places, answered):
    with at(dt.date(2026, 4, 1)):
        actions.request_review(
            cast.alice, answered, reviewing_unit=places.city_bureau, reason="不服"
        )
    tick_on(SERIOUS_DAY)
    answered.refresh_from_db()
    assert answered.status == MatterStatus.REVIEWING


def test_a_lapsed_rating_window_is_only_marked(answered):
    tick_on(SERIOUS_DAY)
    rating = Clock.objects.get(matter=answered, kind=ClockKind.RATING_WINDOW)
    assert rating.state == ClockState.LAPSED
    assert not Event.objects.filter(matter=answered, summary__contains="评价").exists()


def test_a_lapsed_rereview_window_closes_the_reviewed_matter(cast, places, answered):
    with at(dt.date(2026, 4, 1)):
        actions.request_review(
            cast.alice, answered, reviewing_unit=places.city_bureau, reason="不服"
        )
        actions.decide_review(cast.alice, answered, outcome="support", text="维持原意见")
    tick_on(dt.date(2026, 5, 10))
    answered.refresh_from_db()
    assert answered.status == MatterStatus.CLOSED
    assert Event.objects.filter(matter=answered, summary="复核申请期限届满，办结").count() == 1


def test_lapse_window_refuses_before_the_window_ends(answered):
    with pytest.raises(DomainError, match="尚未届满"):
        lapse_window(answered)


def test_lapse_window_refuses_a_matter_not_answered(matter):
    with pytest.raises(IllegalStep):
        lapse_window(matter)


# Once only


def test_running_twice_repeats_nothing(overseers, register, answered):
    register(title="另一件电梯停运的事项")
    first = tick_on(SERIOUS_DAY)
    counts = (Event.objects.count(), Notification.objects.count())
    second = tick_on(SERIOUS_DAY)
    assert (first.late, first.escalated, first.closed) == (1, 1, 1)
    assert (second.warned, second.late, second.escalated, second.lapsed) == (0, 0, 0, 0)
    assert (Event.objects.count(), Notification.objects.count()) == counts
    assert SupervisionNotice.objects.count() == 1


def test_a_late_clock_is_not_warned_after_the_fact(forwarded):
    tick_on(LATE_DAY)
    assert not events(forwarded, EventKind.CLOCK_WARNING)


def test_a_warning_claimed_by_another_run_is_not_repeated(forwarded):
    Clock.objects.filter(pk=acceptance(forwarded).pk).update(
        warned_at=timesource.now(), claim="another-worker"
    )
    report = tick_on(WARN_DAY)
    assert report.warned == 0
    assert not events(forwarded, EventKind.CLOCK_WARNING)
    assert acceptance(forwarded).claim == "another-worker"


def test_a_reminder_claimed_by_another_run_is_not_repeated(cast, forwarded):
    Clock.objects.filter(pk=acceptance(forwarded).pk).update(
        state=ClockState.LATE, late_at=timesource.now(), claim="another-worker"
    )
    tick_on(LATE_DAY)
    assert not events(forwarded, EventKind.CLOCK_LATE)
    assert told(cast.dave, EventKind.CLOCK_LATE) == 0


def test_a_notice_claimed_by_another_run_is_not_repeated(forwarded):
    tick_on(LATE_DAY)
    Clock.objects.filter(pk=acceptance(forwarded).pk).update(
        escalated_at=timesource.now(), claim="another-worker"
    )
    report = tick_on(SERIOUS_DAY)
    assert report.escalated == 0
    assert not SupervisionNotice.objects.exists()


def test_a_lapse_claimed_by_another_run_is_not_repeated(answered):
    Clock.objects.filter(matter=answered, kind=ClockKind.REVIEW_WINDOW).update(
        state=ClockState.LAPSED, claim="another-worker"
    )
    report = tick_on(SERIOUS_DAY)
    answered.refresh_from_db()
    assert report.closed == 0
    assert answered.status == MatterStatus.ANSWERED


def test_urgency_left_stale_by_an_interrupted_run_is_caught_up(matter):
    """A run that marked the clock late and stopped before refreshing the matter."""
    Clock.objects.filter(matter=matter).update(state=ClockState.LATE, late_at=timesource.now())
    tick_on(LATE_DAY)
    matter.refresh_from_db()
    assert matter.urgency == Urgency.OVERDUE


# Run at a given moment (the demo's year end), without freezing the time seam


def test_a_run_given_its_moment_works_for_the_date_of_that_moment(forwarded):
    moment = dt.datetime.combine(LATE_DAY, dt.time(18), tzinfo=timesource.SHANGHAI)
    report = run_tick(now=moment)
    assert report.late == 1
    assert acceptance(forwarded).late_at == moment
    [event] = events(forwarded, EventKind.CLOCK_LATE)
    assert event.created_at == moment


# Commands


def test_the_tick_command_prints_a_summary_line_for_the_tick_and_the_outbox(forwarded):
    out = StringIO()
    with at(LATE_DAY):
        call_command("tick", stdout=out)
    tick, sent = out.getvalue().splitlines()
    assert tick.startswith("warned=0 late=1 escalated=0 lapsed=0 closed=0 refreshed=1 ")
    assert tick.endswith("s")
    assert sent.startswith("outbox sent=")


# Two workers at once (PostgreSQL: SQLite queues writers, so it cannot race)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_act_once_per_clock(cast, places, register):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    matters = [register(title=f"小区电梯停运{i}").matter for i in range(30)]
    for matter in matters[:15]:
        actions.forward(cast.alice, matter, places.housing)
    _, errors = at_once(
        lambda: run_tick(today=SERIOUS_DAY, now=dt.datetime(2026, 4, 10, 2, tzinfo=dt.UTC))
    )
    assert not errors
    late = Clock.objects.filter(state=ClockState.LATE)
    assert late.count() == 30
    for item in late:
        assert Event.objects.filter(kind=EventKind.CLOCK_LATE, data__clock=item.pk).count() == 1
        assert SupervisionNotice.objects.filter(clock=item).count() == 1
    assert Notification.objects.filter(event__kind=EventKind.CLOCK_LATE).count() == 15 * 2 + 15
