"""The tick reminds a leader, once, of an instruction left unanswered past its date (through
the day_started hook: the workflow's tick does not know the casework app)."""

from __future__ import annotations

import datetime as dt

from xinfang.casework import actions
from xinfang.events.models import EventKind, Notification
from xinfang.lib import timesource
from xinfang.workflow.tick import run_tick

LATER = dt.datetime(2026, 3, 17, 8, 0, tzinfo=timesource.SHANGHAI)


def _reminders(matter):
    return matter.events.filter(kind=EventKind.INSTRUCTION_LATE)


def _instruct(cast, matter, answer_by=dt.date(2026, 3, 13)):
    return actions.write_instruction(cast.hugo, matter, text="请回复。", answer_by=answer_by)


def test_an_unanswered_instruction_past_its_date_reminds_the_leader(cast, leaders, forwarded):
    _instruct(cast, forwarded.matter)
    run_tick(today=LATER.date(), now=LATER)
    event = _reminders(forwarded.matter).get()
    assert "要求2026-03-13前回复，至今未回复（超期4天）" in event.summary
    assert Notification.objects.filter(event=event, recipient=cast.hugo).exists()


def test_a_second_run_reminds_no_one_again(cast, leaders, forwarded):
    _instruct(cast, forwarded.matter)
    run_tick(today=LATER.date(), now=LATER)
    run_tick(today=LATER.date() + dt.timedelta(days=1), now=LATER + dt.timedelta(days=1))
    assert _reminders(forwarded.matter).count() == 1


def test_an_answered_instruction_is_not_reminded(cast, leaders, forwarded):
    written = _instruct(cast, forwarded.matter)
    actions.answer_instruction(cast.dave, written, text="已处理完毕。")
    run_tick(today=LATER.date(), now=LATER)
    assert not _reminders(forwarded.matter).exists()


def test_an_instruction_due_today_is_not_yet_late(cast, leaders, forwarded):
    _instruct(cast, forwarded.matter, answer_by=dt.date(2026, 3, 17))
    run_tick(today=LATER.date(), now=LATER)
    assert not _reminders(forwarded.matter).exists()


def test_an_instruction_asking_no_answer_is_never_late(cast, leaders, forwarded):
    actions.write_instruction(cast.hugo, forwarded.matter, text="阅。")
    run_tick(today=LATER.date(), now=LATER)
    assert not _reminders(forwarded.matter).exists()
