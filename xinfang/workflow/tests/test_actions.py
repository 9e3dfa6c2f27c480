"""Each step of the procedure through its action: it moves the matter, writes the record and
the timeline, and refuses (changing nothing) when the state or the actor is wrong."""

import datetime as dt

import pytest

from xinfang.events.models import Event, EventKind
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions.models import Assignment, MatterStatus
from xinfang.workflow import actions
from xinfang.workflow.machine import IllegalStep
from xinfang.workflow.models import Clock, ClockKind, ClockState, Rating, Step, StepKind
from xinfang.workflow.tests.conftest import ANSWER, at


def states(matter):
    return {c.kind: c.state for c in Clock.objects.filter(matter=matter)}


def test_registration_starts_the_15_day_dispose_clock(matter):
    dispose = Clock.objects.get(matter=matter, kind=ClockKind.DISPOSE)
    assert dispose.due_on == dt.date(2026, 3, 25)
    matter.refresh_from_db()
    assert matter.next_due_on == dt.date(2026, 3, 25)


def test_forwarding_meets_the_dispose_clock_and_starts_acceptance(cast, places, forwarded):
    assert forwarded.status == MatterStatus.FORWARDED
    assert states(forwarded) == {
        ClockKind.DISPOSE: ClockState.MET,
        ClockKind.ACCEPT_NOTICE: ClockState.RUNNING,
    }
    assert Assignment.objects.get(matter=forwarded, is_active=True).unit == places.housing
    assert Step.objects.get(matter=forwarded).kind == StepKind.FORWARD


def test_forwarding_writes_the_timeline(forwarded):
    event = Event.objects.filter(matter=forwarded, kind=EventKind.WORKFLOW_STEP).get()
    assert event.summary == "转送至怀化市住房和城乡建设局"
    assert event.data["from"] == "registered" and event.data["to"] == "forwarded"


def test_a_department_may_not_forward(cast, places, matter):
    with pytest.raises(NotAllowed):
        actions.forward(cast.dave, matter, places.housing)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REGISTERED


def test_a_county_handler_cannot_act_on_another_countys_matter(cast, places, matter):
    with pytest.raises(NotAllowed):
        actions.forward(cast.carol, matter, places.housing)


def test_an_accusation_is_never_forwarded_to_the_unit_it_accuses(cast, places, register):
    matter = register(is_accusation=True, accused_unit=places.housing).matter
    with pytest.raises(NotAllowed, match="被检举控告"):
        actions.forward(cast.alice, matter, places.housing)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REGISTERED
    assert not Assignment.objects.filter(matter=matter).exists()
    assert not Step.objects.filter(matter=matter).exists()


def test_an_accusation_is_never_assigned_to_it_as_assisting_unit_either(cast, places, register):
    matter = register(is_accusation=True, accused_unit=places.housing).matter
    with pytest.raises(NotAllowed):
        actions.forward(cast.alice, matter, places.discipline, assisting=[places.housing])
    assert not Assignment.objects.filter(matter=matter).exists()


def test_the_unit_accepts_and_the_60_day_clock_starts(accepted):
    assert accepted.status == MatterStatus.ACCEPTED
    handle = Clock.objects.get(matter=accepted, kind=ClockKind.HANDLE)
    assert handle.due_on == dt.date(
        2026, 5, 9
    )  # 60日 from 03-10: a Saturday, but a 调休 working day


def test_fast_track_uses_10_working_days(cast, forwarded):
    matter = actions.accept(cast.dave, forwarded, notice="已受理，简易办理。", fast_track=True)
    assert Clock.objects.get(matter=matter, kind=ClockKind.HANDLE_FAST).due_on == dt.date(
        2026, 3, 24
    )


def test_only_the_lead_unit_may_accept(cast, forwarded):
    with pytest.raises(NotAllowed):
        actions.accept(cast.bob, forwarded, notice="受理")


def test_accepting_needs_the_notice_text(cast, forwarded):
    with pytest.raises(Invalid) as exc:
        actions.accept(cast.dave, forwarded, notice="  ")
    assert exc.value.errors == {"notice": ["请填写受理告知内容"]}


def test_the_unit_objects_to_a_wrong_transfer_within_5_working_days(cast, forwarded):
    with at(dt.date(2026, 3, 17)):
        matter = actions.object_to_transfer(cast.dave, forwarded, reason="本单位无管辖权")
    assert matter.status == MatterStatus.REGISTERED
    assert not Assignment.objects.filter(matter=matter, is_active=True).exists()


def test_an_objection_after_5_working_days_is_refused(cast, forwarded):
    with at(dt.date(2026, 3, 18)), pytest.raises(DomainError, match="5个工作日"):
        actions.object_to_transfer(cast.dave, forwarded, reason="本单位无管辖权")
    forwarded.refresh_from_db()
    assert forwarded.status == MatterStatus.FORWARDED


def test_an_extension_adds_at_most_30_days_once(cast, accepted):
    matter = actions.extend(cast.dave, accepted, days=30, reason="需鉴定", approver="李局长")
    extension = Clock.objects.get(matter=matter, kind=ClockKind.EXTENSION)
    assert extension.due_on == dt.date(2026, 6, 8)  # 30日 more from 05-09
    assert Clock.objects.get(matter=matter, kind=ClockKind.HANDLE).state == ClockState.CANCELLED
    with pytest.raises(DomainError, match="已延期一次"):
        actions.extend(cast.dave, matter, days=5, reason="再延", approver="李局长")


def test_an_extension_beyond_30_days_is_refused(cast, accepted):
    with pytest.raises(Invalid) as exc:
        actions.extend(cast.dave, accepted, days=31, reason="需鉴定", approver="李局长")
    assert "1至30日" in exc.value.errors["days"][0]


def test_the_answer_meets_the_handling_clock_and_opens_the_review_window(answered):
    assert answered.status == MatterStatus.ANSWERED
    assert answered.answered_on == dt.date(2026, 3, 10)
    clocks = states(answered)
    assert clocks[ClockKind.HANDLE] == ClockState.MET
    assert clocks[ClockKind.REVIEW_WINDOW] == ClockState.RUNNING


def test_an_answer_needs_an_outcome(cast, accepted):
    with pytest.raises(Invalid) as exc:
        actions.answer(cast.dave, accepted, **{**ANSWER, "outcome": "maybe"})
    assert "outcome" in exc.value.errors


def test_an_answer_cannot_come_before_acceptance(cast, forwarded):
    with pytest.raises(IllegalStep):
        actions.answer(cast.dave, forwarded, **ANSWER)


def test_the_rating_is_recorded_for_bureau_and_unit(cast, answered):
    actions.rate(cast.alice, answered, bureau="satisfied", unit="basically")
    assert {r.target: r.level for r in Rating.objects.filter(matter=answered)} == {
        "bureau": "satisfied",
        "unit": "basically",
    }


def test_dissatisfaction_needs_a_reason(cast, answered):
    with pytest.raises(Invalid):
        actions.rate(cast.alice, answered, bureau="dissatisfied", unit="satisfied")


def test_a_matter_is_rated_once(cast, answered):
    actions.rate(cast.alice, answered, bureau="satisfied", unit="satisfied")
    with pytest.raises(DomainError):
        actions.rate(cast.alice, answered, bureau="satisfied", unit="satisfied")


def test_the_petitioner_can_rate_through_the_portal(answered):
    actions.rate(None, answered, bureau="basically", unit="satisfied")
    assert Rating.objects.filter(matter=answered, recorded_by=None).count() == 2


def test_review_within_30_days_then_rereview_then_termination(cast, places, answered):
    with at(dt.date(2026, 4, 1)):
        matter = actions.request_review(
            cast.alice, answered, reviewing_unit=places.city_bureau, reason="不服"
        )
        assert matter.status == MatterStatus.REVIEWING
        matter = actions.decide_review(cast.alice, matter, outcome="support", text="维持原意见")
        matter = actions.request_rereview(
            cast.alice, matter, reviewing_unit=places.city_bureau, reason="仍不服"
        )
        matter = actions.decide_rereview(cast.alice, matter, outcome="reject", text="复核维持")
    assert matter.status == MatterStatus.TERMINATED
    assert matter.termination == "lawful"


def test_a_review_requested_after_the_window_is_refused(cast, places, answered):
    with at(dt.date(2026, 4, 10)), pytest.raises(DomainError, match="30日"):
        actions.request_review(
            cast.alice, answered, reviewing_unit=places.city_bureau, reason="不服"
        )


def test_a_hearing_during_rereview_is_not_counted(cast, places, answered):
    matter = actions.request_review(
        cast.alice, answered, reviewing_unit=places.city_bureau, reason="不服"
    )
    matter = actions.decide_review(cast.alice, matter, outcome="support", text="维持")
    matter = actions.request_rereview(
        cast.alice, matter, reviewing_unit=places.city_bureau, reason="不服"
    )
    before = Clock.objects.get(matter=matter, kind=ClockKind.REREVIEW).due_on
    with at(dt.date(2026, 3, 20)):
        actions.hold_hearing(
            cast.alice,
            matter,
            held_on=dt.date(2026, 3, 12),
            ended_on=dt.date(2026, 3, 19),
            text="听证会",
        )
    after = Clock.objects.get(matter=matter, kind=ClockKind.REREVIEW).due_on
    assert (after - before).days >= 7


def test_not_accepting_a_law_matter_sends_it_to_the_political_legal_organ(cast, places, matter):
    from xinfang.regions.actions import create_unit
    from xinfang.regions.models import UnitKind

    legal = create_unit("中共怀化市委政法委员会", UnitKind.POLITICAL_LEGAL, places.city)
    result = actions.refuse(cast.alice, matter, reason="属于法院诉讼程序", legal_unit=legal)
    assert result.status == MatterStatus.NOT_ACCEPTED
    assert Assignment.objects.get(matter=result, is_active=True).unit == legal
    assert states(result)[ClockKind.DISPOSE] == ClockState.MET


def test_filing_ends_the_matter_without_clocks(cast, matter):
    result = actions.file_away(cast.alice, matter, reason="感谢信")
    assert result.status == MatterStatus.FILED
    assert result.next_due_on is None


def test_termination_by_agreement(cast, accepted):
    matter = actions.terminate(cast.alice, accepted, method="agreement", text="双方签订和解协议")
    assert matter.status == MatterStatus.TERMINATED and matter.termination == "agreement"
    assert all(s != ClockState.RUNNING for s in states(matter).values())


def test_settled_and_stopped_are_facts_not_statuses(cast, answered):
    matter = actions.mark_settled(cast.alice, answered, text="电梯已修复")
    matter = actions.mark_stopped(cast.alice, matter, text="信访人表示不再信访")
    assert matter.status == MatterStatus.ANSWERED
    assert matter.is_settled and matter.petitioner_stopped


def test_an_illegal_step_changes_nothing(cast, matter):
    with pytest.raises(IllegalStep):
        actions.decide_review(cast.alice, matter, outcome="support", text="x")
    assert not Step.objects.filter(matter=matter).exists()
    assert not Event.objects.filter(matter=matter, kind=EventKind.WORKFLOW_STEP).exists()
