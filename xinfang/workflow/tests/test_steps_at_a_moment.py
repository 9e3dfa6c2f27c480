"""A step given its moment (`at=`, as the demo replays a year of history) is taken at that
moment, not at the frozen 2026-03-10: its record, timeline, notifications, clocks and urgency
all count from it, and the dates typed into it may not be later than its day."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.events.models import Event, EventKind, Notification
from xinfang.intake.actions import register_petition
from xinfang.lib import timesource
from xinfang.lib.errors import Invalid
from xinfang.petitions.models import Assignment, Urgency
from xinfang.workflow import actions
from xinfang.workflow.models import Clock, ClockKind, ClockState, Rating, Step
from xinfang.workflow.tests.conftest import ANSWER

RECEIVED = dt.date(2025, 11, 3)
FORWARDED = dt.datetime(2025, 11, 5, 15, 0, tzinfo=timesource.SHANGHAI)
ACCEPTED = dt.datetime(2025, 11, 10, 9, 0, tzinfo=timesource.SHANGHAI)
ANSWERED = dt.datetime(2025, 12, 1, 16, 0, tzinfo=timesource.SHANGHAI)


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=timesource.SHANGHAI)


@pytest.fixture
def forwarded(cast, places, draft):
    """Registered by alice on 2025-11-03, forwarded to the housing department on 11-05."""
    registration = register_petition(cast.alice, draft(received_on=RECEIVED), at=moment(RECEIVED))
    return actions.forward(
        cast.alice, registration.petition.matter, places.housing, note="请依法处理", at=FORWARDED
    )


@pytest.fixture
def accepted(cast, forwarded):
    return actions.accept(cast.dave, forwarded, notice="已受理", at=ACCEPTED)


def test_the_step_is_recorded_at_its_moment(forwarded):
    step = Step.objects.get(matter=forwarded)
    assert (step.on, step.created_at) == (FORWARDED.date(), FORWARDED)


def test_its_timeline_and_assignment_carry_the_moment(forwarded):
    kinds = (EventKind.WORKFLOW_STEP, EventKind.UNIT_ASSIGNED)
    events = Event.objects.filter(matter=forwarded, kind__in=kinds)
    assert {e.created_at for e in events} == {FORWARDED} and events.count() == 2
    assert Assignment.objects.get(matter=forwarded).assigned_at == FORWARDED


def test_the_people_told_are_told_at_the_moment(cast, forwarded):
    assert Notification.objects.get(recipient=cast.dave).created_at == FORWARDED


def test_its_clocks_count_from_its_day(forwarded):
    """Met and started on 11-05; the acceptance clock is due 15 days on, 11-20, and the
    matter is not overdue then (it would be on the frozen 2026-03-10)."""
    dispose = Clock.objects.get(matter=forwarded, kind=ClockKind.DISPOSE)
    notice = Clock.objects.get(matter=forwarded, kind=ClockKind.ACCEPT_NOTICE)
    assert (dispose.state, dispose.met_on) == (ClockState.MET, FORWARDED.date())
    assert (notice.started_on, notice.due_on) == (FORWARDED.date(), dt.date(2025, 11, 20))
    assert (forwarded.next_due_on, forwarded.urgency) == (dt.date(2025, 11, 20), Urgency.NONE)


def test_a_delivery_date_after_its_day_is_refused(cast, accepted):
    with pytest.raises(Invalid) as exc:
        actions.answer(
            cast.dave, accepted, **ANSWER, delivered_on=dt.date(2025, 12, 2), at=ANSWERED
        )
    assert exc.value.errors["delivered_on"] == ["送达日期不能晚于今天"]


def test_a_petitioner_rating_online_is_dated_on_its_day(cast, accepted):
    answered = actions.answer(cast.dave, accepted, **ANSWER, at=ANSWERED)
    rated = dt.datetime(2025, 12, 8, 7, 30, tzinfo=timesource.SHANGHAI)  # 12-07 in UTC
    actions.rate(None, answered, bureau="satisfied", unit="satisfied", at=rated)
    assert set(Rating.objects.values_list("rated_on", flat=True)) == {rated.date()}
    step_events = Event.objects.filter(matter=answered, kind=EventKind.WORKFLOW_STEP)
    assert step_events.latest("pk").created_at == rated
