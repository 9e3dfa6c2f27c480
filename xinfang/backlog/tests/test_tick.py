"""The tick reminds, once, of a follow-up left undone past its date (through the day_started
hook: the workflow's tick does not know the backlog app)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from xinfang.backlog import actions
from xinfang.backlog.models import Ending, FollowUp, FollowUpKind
from xinfang.casework import actions as casework
from xinfang.conftest import at_once
from xinfang.events.models import EventKind, Notification
from xinfang.lib import timesource
from xinfang.workflow.tick import run_tick

LATER = dt.datetime(2026, 3, 20, 8, 0, tzinfo=timesource.SHANGHAI)


def _reminders(matter):
    return matter.events.filter(kind=EventKind.FOLLOW_UP_LATE)


def _plan(cast, backlog):
    return actions.plan_follow_up(
        cast.bob, backlog, kind=FollowUpKind.VISIT, plan="上门回访", due_workdays=5
    )  # due 2026-03-17


def test_a_late_follow_up_reminds_its_planner_and_the_owner(cast, leaders, places, hecheng_backlog):
    casework.own_matter(
        cast.hugo, hecheng_backlog.matter, leader=leaders.hugo, unit=places.housing,
        target_workdays=20,
    )  # fmt: skip
    _plan(cast, hecheng_backlog)
    run_tick(today=LATER.date(), now=LATER)
    event = _reminders(hecheng_backlog.matter).get()
    assert "应于2026-03-17完成，至今未登记（超期3天）" in event.summary
    told = set(
        Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
    )
    assert told == {"bob", "hugo"}


def test_a_second_run_reminds_no_one_again(cast, hecheng_backlog):
    _plan(cast, hecheng_backlog)
    run_tick(today=LATER.date(), now=LATER)
    run_tick(today=LATER.date() + dt.timedelta(days=1), now=LATER + dt.timedelta(days=1))
    assert _reminders(hecheng_backlog.matter).count() == 1


def test_a_done_follow_up_is_not_reminded(cast, hecheng_backlog):
    item = _plan(cast, hecheng_backlog)
    actions.record_follow_up(cast.bob, item, note="已回访")
    run_tick(today=LATER.date(), now=LATER)
    assert not _reminders(hecheng_backlog.matter).exists()


def test_the_plan_of_an_ended_backlog_is_not_reminded(cast, hecheng_backlog):
    _plan(cast, hecheng_backlog)
    actions.end_backlog(cast.bob, hecheng_backlog, ending=Ending.LAW)
    run_tick(today=LATER.date(), now=LATER)
    assert not _reminders(hecheng_backlog.matter).exists()


def test_a_follow_up_due_today_is_not_yet_late(cast, hecheng_backlog):
    _plan(cast, hecheng_backlog)
    assert actions.remind_late_follow_ups(dt.date(2026, 3, 17), LATER) == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_remind_once(cast, register):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the ticks cannot overlap")
    backlog = actions.mark_backlog(cast.alice, register().matter, reason="反复信访")
    for _ in range(30):
        actions.plan_follow_up(
            cast.alice, backlog, kind=FollowUpKind.CALL, plan="电话回访", due_workdays=1
        )
    results, errors = at_once(lambda: actions.remind_late_follow_ups(LATER.date(), LATER), 3)
    assert not errors
    assert sum(results) == 30
    assert _reminders(backlog.matter).count() == 30
    assert not FollowUp.objects.filter(reminded_at__isnull=True).exists()
