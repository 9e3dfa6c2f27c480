"""批阅: a leader reads a letter of a matter and instructs on it; counted per leader apart
from the 批示 on matters, and kept from whoever may not read the letter."""

from __future__ import annotations

import pytest

from xinfang.casework import actions, queries
from xinfang.casework.models import Instruction
from xinfang.events.models import EventKind
from xinfang.lib import timesource
from xinfang.lib.errors import Invalid


@pytest.fixture
def letter(register):
    return register(
        channel="letter", title="来信反映小区漏水", content="小区楼顶漏水多年无人维修。"
    )


def test_a_reading_names_the_letter_on_the_timeline(cast, leaders, letter):
    actions.write_instruction(cast.hugo, letter.matter, text="请住建部门核查。", petition=letter)
    event = letter.matter.events.get(kind=EventKind.INSTRUCTION)
    assert event.summary == f"Hugo（区长）批阅来信{letter.number}：请住建部门核查。"
    assert event.petition == letter


def test_only_a_letter_is_read(cast, leaders, hecheng_case):
    with pytest.raises(Invalid, match="批阅只适用于来信"):
        actions.write_instruction(
            cast.hugo, hecheng_case.matter, text="请核查。", petition=hecheng_case
        )


def test_a_letter_of_another_matter_is_refused(cast, leaders, letter, hecheng_case):
    with pytest.raises(Invalid, match="请选择本事项中"):
        actions.write_instruction(cast.hugo, hecheng_case.matter, text="请核查。", petition=letter)


def test_readings_are_counted_apart_from_instructions(cast, leaders, letter):
    actions.write_instruction(cast.hugo, letter.matter, text="请核查。", petition=letter)
    actions.write_instruction(cast.hugo, letter.matter, text="请尽快办理。")
    counts = queries.leader_counts(leaders.hugo, 2026)
    assert (counts.instructions, counts.readings) == (1, 1)


def test_the_panel_offers_the_matters_letters(client, cast, leaders, letter):
    client.force_login(cast.hugo)
    page = client.get(f"/casework/cases/{letter.number}/panel/").content.decode()
    assert "批阅来信" in page and f">{letter.number}" in page


def test_a_reading_of_an_accusation_letter_stays_with_the_letter(cast, leaders, register, places):
    """An accusation's letter is kept from staff not authorised for 检举控告 (第30条); a
    leader's 批阅 of it is kept from them too."""
    accusation = register(
        channel="letter", is_accusation=True, purpose="accuse", accused_unit=places.housing,
        accused_name="某科长", title="举报某科长", content="某科长收受好处费。",
    )  # fmt: skip
    # Written as an authorised leader would; the read rule is what is tested here.
    Instruction.objects.create(
        matter=accusation.matter, petition=accusation, leader=leaders.lena, text="严肃查处。",
        written_by=cast.lena, written_at=timesource.now(),
    )  # fmt: skip
    assert queries.visible_instructions(cast.alice).filter(petition=accusation).exists()
    assert not queries.visible_instructions(cast.frank).filter(petition=accusation).exists()
    assert not queries.letters_of(cast.frank, accusation.matter).exists()


def test_the_share_of_matters_a_senior_leader_handled(cast, leaders, letter, hecheng_case):
    actions.write_instruction(cast.hugo, letter.matter, text="请核查。", petition=letter)
    share = queries.senior_share(cast.alice, 2026)
    assert share.handled == 1 and share.matters >= 2
