"""批示: a leader's instruction lands on the timeline, reaches the handlers (never an accused
unit), and is answered by the case's handlers once."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.casework import actions
from xinfang.events.models import EventKind, Notification
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions import actions as petition_actions


def _told(event) -> set[str]:
    return set(
        Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
    )


def test_an_instruction_lands_on_the_timeline_with_its_date(cast, leaders, forwarded):
    actions.write_instruction(
        cast.hugo,
        forwarded.matter,
        text="请住建局三日内拿出维修方案。",
        answer_by=dt.date(2026, 3, 13),
    )
    event = forwarded.matter.events.get(kind=EventKind.INSTRUCTION)
    assert event.summary == "Hugo（区长）批示：请住建局三日内拿出维修方案。，请于2026-03-13前回复"
    assert event.actor == cast.hugo


def test_an_instruction_tells_the_handlers(cast, leaders, forwarded):
    actions.write_instruction(cast.hugo, forwarded.matter, text="请尽快处理。")
    told = _told(forwarded.matter.events.get(kind=EventKind.INSTRUCTION))
    assert {"dave", "alice", "frank"} <= told
    assert "hugo" not in told  # never one's own action


def test_an_answer_date_on_a_rest_day_moves_to_the_next_working_day(cast, leaders, forwarded):
    written = actions.write_instruction(
        cast.hugo, forwarded.matter, text="请回复。", answer_by=dt.date(2026, 3, 14)
    )
    assert written.answer_by == dt.date(2026, 3, 16)  # a Saturday → Monday


def test_an_answer_date_in_the_past_is_refused(cast, leaders, forwarded):
    with pytest.raises(Invalid, match="不能早于今天"):
        actions.write_instruction(
            cast.hugo, forwarded.matter, text="请回复。", answer_by=dt.date(2026, 3, 9)
        )


def test_an_empty_instruction_is_refused(cast, leaders, forwarded):
    with pytest.raises(Invalid, match="请填写批示内容"):
        actions.write_instruction(cast.hugo, forwarded.matter, text=" ")


def test_only_a_leader_instructs(cast, leaders, forwarded):
    with pytest.raises(NotAllowed, match="只有领导可以批示"):
        actions.write_instruction(cast.alice, forwarded.matter, text="请尽快处理。")


def test_the_handling_unit_answers_and_the_leader_is_told(cast, leaders, forwarded):
    written = actions.write_instruction(
        cast.hugo, forwarded.matter, text="请回复。", answer_by=dt.date(2026, 3, 13)
    )
    actions.answer_instruction(cast.dave, written, text="已约谈物业公司，电梯本周修复。")
    written.refresh_from_db()
    assert written.answered_by == cast.dave and not written.awaits_answer
    event = forwarded.matter.events.get(kind=EventKind.INSTRUCTION_ANSWERED)
    assert _told(event) == {"hugo"}


def test_someone_outside_the_case_cannot_answer(cast, leaders, forwarded):
    written = actions.write_instruction(cast.hugo, forwarded.matter, text="请回复。")
    with pytest.raises(NotAllowed, match="只有本事项的承办人员"):
        actions.answer_instruction(cast.carol, written, text="已处理。")


def test_a_leader_is_not_a_handler_of_the_case(cast, leaders, forwarded):
    written = actions.write_instruction(cast.hugo, forwarded.matter, text="请回复。")
    with pytest.raises(NotAllowed):
        actions.answer_instruction(cast.lena, written, text="已处理。")


def test_an_instruction_is_answered_once(cast, leaders, forwarded):
    written = actions.write_instruction(cast.hugo, forwarded.matter, text="请回复。")
    actions.answer_instruction(cast.dave, written, text="已处理完毕。")
    with pytest.raises(DomainError, match="已回复"):
        actions.answer_instruction(cast.alice, written, text="再次回复。")


def test_an_instruction_on_an_accusation_never_reaches_the_accused_unit(
    cast, leaders, register, places
):
    """alice, authorised for 检举控告, sends it to the 纪委; a leader who may see it (the city
    leader, once authorised) instructs: the 纪委 is told; the accused housing department and
    the registering bureau's staff not authorised for 检举控告 (frank) are not."""
    accusation = register(
        is_accusation=True, purpose="accuse", accused_unit=places.housing, accused_name="某科长",
        title="举报某科长", content="某科长收受好处费。",
    )  # fmt: skip
    petition_actions.assign_to_unit(cast.alice, accusation.matter, places.discipline)
    cast.lena.may_handle_accusations = True
    cast.lena.unit = places.city_bureau
    cast.lena.save()
    actions.write_instruction(cast.lena, accusation.matter, text="请纪委依规核查。")
    told = _told(accusation.matter.events.get(kind=EventKind.INSTRUCTION))
    assert "erin" in told
    assert "dave" not in told and "frank" not in told
