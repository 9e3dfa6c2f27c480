"""Each decision's deadline counts working days from the meeting; a late one is reminded once."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.events.models import Event, EventKind, Notification
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource
from xinfang.meetings import actions, queries
from xinfang.meetings.models import DecisionStatus

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 3, 10, 1, 0, tzinfo=timesource.SHANGHAI)
TODAY = dt.date(2026, 3, 10)


def test_five_working_days_from_a_monday_end_the_next_monday(decision):
    assert decision.due_on == dt.date(2026, 3, 9)


def test_a_deadline_skips_the_weekend(people, meeting_draft, units):
    friday = actions.record_meeting(people.carol, meeting_draft(held_on=dt.date(2026, 3, 6)))
    decision = actions.add_decision(people.carol, friday, text="x", unit=units.resettlement,
                                    days=1)  # fmt: skip
    assert decision.due_on == dt.date(2026, 3, 9)


def test_a_decision_past_its_deadline_is_late_by_working_days(decision):
    clock = queries.clock(decision, TODAY, load_calendar())
    assert (clock.state, clock.words) == ("late", "超期1个工作日")


def test_a_decision_with_days_left_shows_them(people, meeting, units):
    decision = actions.add_decision(people.carol, meeting, text="x", unit=units.resettlement,
                                    days=10)  # fmt: skip
    clock = queries.clock(decision, TODAY, load_calendar())
    assert (decision.due_on, clock.state, clock.words) == (dt.date(2026, 3, 16), "ok",
                                                           "剩余4个工作日")  # fmt: skip


def test_a_late_decision_is_reminded_once(decision):
    assert actions.remind_late_decisions(TODAY, AT) == 1
    assert actions.remind_late_decisions(TODAY, AT) == 0
    assert Event.objects.filter(kind=EventKind.DECISION_LATE).count() == 1


def test_the_reminder_reaches_the_responsible_units_staff(people, decision):
    actions.remind_late_decisions(TODAY, AT)
    told = set(Notification.objects.filter(event__kind=EventKind.DECISION_LATE)
               .values_list("recipient__username", flat=True))  # fmt: skip
    assert "ivy" in told


def test_a_decision_carried_out_is_not_reminded(people, decision):
    actions.follow_up(people.ivy, decision, status=DecisionStatus.DONE, text="已落实")
    assert actions.remind_late_decisions(TODAY, AT) == 0


def test_a_decision_not_yet_due_is_not_reminded(people, decision):
    assert actions.remind_late_decisions(dt.date(2026, 3, 9), AT) == 0


def test_the_tick_hook_reminds_late_decisions(decision, settings):
    from xinfang.petitions.hooks import day_started

    day_started(TODAY, AT)
    assert Event.objects.filter(kind=EventKind.DECISION_LATE).count() == 1
