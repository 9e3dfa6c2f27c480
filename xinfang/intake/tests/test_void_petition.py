"""Voiding (作废) a petition registered by mistake: who may, when, and what it takes away.

alice registered the petitions (city registrar); frank is another city registrar; grace
supervises the city bureau; bob handles 鹤城区 cases at the district bureau.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.events.models import Event, EventKind
from xinfang.intake.actions import void_petition
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions.models import MatterStatus, Petition
from xinfang.petitions.queries import visible_petitions
from xinfang.stats.models import Span, VolumeCount
from xinfang.workflow import actions as workflow
from xinfang.workflow.models import ClockState


def later(hours: int):
    moment = dt.datetime(2026, 3, 10, 10, tzinfo=timesource.SHANGHAI) + dt.timedelta(hours=hours)
    return timesource.freeze(moment)


def test_the_registrar_voids_her_own_petition_within_the_window(cast, register):
    petition = register()
    with later(23):
        voided = void_petition(cast.alice, petition, reason="重复登记")
    assert voided.is_voided and voided.voided_by == cast.alice and voided.void_reason == "重复登记"


def test_the_registrar_may_not_void_after_the_window(cast, register):
    petition = register()
    with later(25), pytest.raises(NotAllowed, match="24小时"):
        void_petition(cast.alice, petition, reason="重复登记")


def test_the_window_is_a_setting(cast, register, settings):
    settings.XINFANG_VOID_WINDOW_HOURS = 48
    petition = register()
    with later(30):
        assert void_petition(cast.alice, petition, reason="重复登记").is_voided


def test_another_registrar_may_not_void_it(cast, register):
    petition = register()
    with pytest.raises(NotAllowed):
        void_petition(cast.frank, petition, reason="重复登记")


def test_a_supervisor_voids_it_after_the_window(cast, register, grace):
    petition = register()
    with later(24 * 7):
        assert void_petition(grace, petition, reason="登记错误").is_voided


def test_a_reason_is_required(cast, register):
    with pytest.raises(Invalid) as refused:
        void_petition(cast.alice, register(), reason=" ")
    assert "reason" in refused.value.errors


def test_a_petition_is_voided_once(cast, register):
    petition = register()
    void_petition(cast.alice, petition, reason="重复登记")
    with pytest.raises(NotAllowed):
        void_petition(cast.alice, petition, reason="重复登记")


def test_a_voided_petition_leaves_the_lists(cast, register):
    petition = register()
    void_petition(cast.alice, petition, reason="重复登记")
    assert not visible_petitions(cast.alice).filter(pk=petition.pk).exists()


def test_a_voided_petition_leaves_the_count_tables(cast, register):
    kept = register()
    void_petition(cast.alice, register(), reason="重复登记")
    counted = VolumeCount.objects.get(span=Span.MONTH, region=kept.region, channel=kept.channel)
    assert (counted.petitions, counted.new_matters) == (1, 1)


def test_the_only_petition_takes_its_matter_with_it_and_stops_its_clocks(cast, register):
    petition = register()
    void_petition(cast.alice, petition, reason="重复登记")
    petition.matter.refresh_from_db()
    assert petition.matter.status == MatterStatus.VOIDED
    assert petition.matter.next_due_on is None
    assert set(petition.matter.clocks.values_list("state", flat=True)) == {ClockState.CANCELLED}


def test_a_forwarded_matter_is_voided_and_its_unit_told(cast, register, places):
    petition = register()
    workflow.forward(cast.alice, petition.matter, places.housing, note="请处理")
    void_petition(cast.alice, petition, reason="登记对象错误")
    told = Event.objects.filter(matter=petition.matter, kind=EventKind.WORKFLOW_STEP).last()
    assert told.summary == "作废（登记对象错误）"
    assert told.notifications.filter(recipient=cast.dave).exists()


def test_an_accepted_matter_cannot_be_voided(cast, register, places, grace):
    petition = register()
    workflow.forward(cast.alice, petition.matter, places.housing, note="请处理")
    workflow.accept(cast.dave, petition.matter, notice="已受理")
    with pytest.raises(DomainError, match="办理中"):
        void_petition(grace, petition, reason="登记错误")


def test_a_voided_repeat_leaves_its_matter_running_with_one_petition_less(cast, register):
    first = register()
    repeat = register(repeat_of=first.matter)
    void_petition(cast.alice, repeat, reason="重复登记")
    first.matter.refresh_from_db()
    assert first.matter.status == MatterStatus.REGISTERED
    assert first.matter.petition_count == 1


def test_voiding_the_first_petition_hands_the_matter_to_the_next(cast, register, places):
    import datetime as dt

    first = register(received_on=dt.date(2026, 3, 2), title="电梯停运")
    second = register(
        repeat_of=first.matter, received_on=dt.date(2026, 3, 5), region=places.zhongfang,
        title="电梯仍停运",
    )  # fmt: skip
    void_petition(cast.alice, first, reason="登记对象错误")
    matter = first.matter
    matter.refresh_from_db()
    second.refresh_from_db()
    assert not second.is_repeat and matter.status == MatterStatus.REGISTERED
    assert (matter.opened_on, matter.title, matter.region) == (
        dt.date(2026, 3, 5), "电梯仍停运", places.zhongfang,
    )  # fmt: skip
    from xinfang.workflow.models import Clock, ClockKind, ClockState

    dispose = Clock.objects.get(matter=matter, kind=ClockKind.DISPOSE, state=ClockState.RUNNING)
    assert dispose.started_on == dt.date(2026, 3, 5)


def test_the_counts_follow_a_rebased_matter(cast, register, places):
    from xinfang.stats import actions as stats
    from xinfang.stats.tests.test_cohorts import rebuilt, table
    from xinfang.stats.tests.test_counting import _tables

    first = register()
    register(repeat_of=first.matter, region=places.zhongfang)
    void_petition(cast.alice, first, reason="登记对象错误")
    kept = _tables()
    stats.rebuild()
    assert _tables() == kept
    import datetime as dt

    assert table() == rebuilt(dt.date(2026, 3, 10))


def test_voiding_is_on_the_timeline_with_its_reason(cast, register):
    petition = register()
    void_petition(cast.alice, petition, reason="重复登记")
    event = Event.objects.get(kind=EventKind.PETITION_VOIDED)
    assert (event.petition, event.actor, event.data["reason"]) == (petition, cast.alice, "重复登记")


def test_the_number_of_a_voided_petition_is_not_given_again(cast, register):
    voided = void_petition(cast.alice, register(), reason="重复登记")
    following = register()
    assert following.number != voided.number
    assert Petition.objects.filter(number=voided.number).count() == 1
