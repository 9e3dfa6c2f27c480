"""Who is told of a step: only those who may open the matter (the case list's own rule).

A 检举控告 matter is never announced to the bureau's staff who are not authorised for
accusations (frank), nor to the unit it accuses (dave at the housing department), whichever
step or path writes the notification (第30条).
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from xinfang.events.actions import notify, record
from xinfang.events.models import EventKind, Notification
from xinfang.petitions.queries import visible_petitions
from xinfang.workflow import actions
from xinfang.workflow.models import SupervisionNotice
from xinfang.workflow.tests.conftest import ANSWER, at
from xinfang.workflow.tick import run_tick


def told(user, matter) -> int:
    return Notification.objects.filter(recipient=user, event__matter=matter).count()


@pytest.fixture
def accusation(cast, places, register):
    """An accusation against the housing department, forwarded by alice to erin's commission."""
    matter = register(
        is_accusation=True, purpose="accuse", accused_unit=places.housing, accused_name="某科长"
    ).matter
    return actions.forward(cast.alice, matter, places.discipline, note="请依规处理")


@pytest.fixture
def accepted(cast, accusation):
    return actions.accept(cast.erin, accusation, notice="已受理")


def test_accepting_tells_the_authorised_registrar_only(cast, accepted):
    assert told(cast.alice, accepted) == 1
    assert told(cast.frank, accepted) == 0


def test_refusing_tells_no_one_unauthorised(cast, accusation):
    actions.refuse(cast.erin, accusation, reason="不属于本机关职责")
    assert told(cast.frank, accusation) == 0
    assert told(cast.alice, accusation) == 1


def test_objecting_tells_no_one_unauthorised(cast, accusation):
    actions.object_to_transfer(cast.erin, accusation, reason="不属本机关管辖")
    assert told(cast.frank, accusation) == 0


def test_extending_tells_no_one_unauthorised(cast, accepted):
    actions.extend(cast.erin, accepted, days=30, reason="案情复杂", approver="王书记")
    assert told(cast.frank, accepted) == 0


def test_answering_tells_no_one_unauthorised(cast, accepted):
    actions.answer(cast.erin, accepted, **ANSWER)
    assert told(cast.frank, accepted) == 0


def test_a_review_at_the_accused_unit_is_not_announced_to_it(cast, places, accepted):
    answered = actions.answer(cast.erin, accepted, **ANSWER)
    actions.request_review(cast.alice, answered, reviewing_unit=places.housing, reason="不服")
    assert told(cast.dave, answered) == 0


def test_a_supervision_reply_tells_no_one_unauthorised(cast, accusation):
    with at(dt.date(2026, 4, 10)):
        run_tick()
        notice = SupervisionNotice.objects.get(matter=accusation)
        Notification.objects.all().delete()
        actions.reply_supervision(cast.erin, notice, text="正在核查")
    assert told(cast.alice, accusation) == 1
    assert told(cast.frank, accusation) == 0


def test_the_tick_tells_no_one_unauthorised(cast, accusation):
    with at(dt.date(2026, 4, 10)):
        report = run_tick()
    assert report.notified > 0
    assert told(cast.erin, accusation) > 0
    assert told(cast.frank, accusation) == 0
    assert told(cast.dave, accusation) == 0


def test_notify_itself_drops_whoever_may_not_see_the_matter(cast, accusation):
    event = record(EventKind.CLOCK_LATE, matter=accusation, summary="超期催办")
    assert notify(event, [cast.alice, cast.frank, cast.dave, cast.bob, cast.erin]) == 2
    assert {n.recipient for n in Notification.objects.filter(event=event)} == {
        cast.alice,
        cast.erin,
    }


def test_notify_refuses_to_run_without_an_audience_rule(settings, cast, accusation):
    settings.XINFANG_AUDIENCE = ""
    event = record(EventKind.CLOCK_LATE, matter=accusation, summary="超期催办")
    with pytest.raises(ImproperlyConfigured):
        notify(event, [cast.alice])


def test_after_a_whole_procedure_every_notification_is_of_a_visible_matter(
    cast, places, register, accepted
):
    ordinary = actions.forward(cast.alice, register().matter, places.housing)
    actions.accept(cast.dave, ordinary, notice="已受理")
    actions.answer(cast.erin, accepted, **ANSWER)
    with at(dt.date(2026, 5, 20)):
        run_tick()
    notifications = Notification.objects.select_related("recipient", "event")
    assert notifications.count() > 3
    for n in notifications:
        assert visible_petitions(n.recipient).filter(matter_id=n.event.matter_id).exists(), n


ROOT = Path(__file__).resolve().parents[2]
# The only two places that write notifications: notify, and the tick's bulk insert, which
# applies the same rule (who_may_know) itself.
WRITERS = {"events/actions.py", "workflow/tick.py"}


def test_no_other_module_writes_notifications():
    """A new path that built Notification rows itself would bypass the audience rule."""
    found = set()
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Notification":
                found.add(relative)
            if isinstance(node, ast.Attribute) and node.attr == "bulk_create":
                value = node.value
                if isinstance(value, ast.Attribute) and getattr(value.value, "id", "") == (
                    "Notification"
                ):
                    found.add(relative)
    assert found <= WRITERS, found - WRITERS
