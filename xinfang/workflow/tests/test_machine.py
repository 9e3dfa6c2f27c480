"""The state machine's table: every legal edge, and words for the illegal ones."""

import datetime as dt

import pytest

from xinfang.petitions.models import Matter
from xinfang.petitions.models import MatterStatus as S
from xinfang.workflow.machine import EDGES, Action, IllegalStep, legal_actions, move_all, target


@pytest.mark.parametrize(("edge", "to"), list(EDGES.items()))
def test_every_listed_edge_leads_where_the_table_says(edge, to):
    action, status = edge
    assert target(action, status) == to


def test_an_illegal_edge_says_why_in_chinese():
    with pytest.raises(IllegalStep, match="当前状态为“待处理”，不能进行“出具处理意见书”"):
        target(Action.ANSWER, S.REGISTERED)


def test_terminal_states_allow_no_moves():
    for status in (S.NOT_ACCEPTED, S.NOT_REACCEPTED, S.FILED):
        assert legal_actions(status) == []


def test_a_registered_matter_offers_the_disposal_steps():
    assert set(legal_actions(S.REGISTERED)) >= {
        Action.FORWARD, Action.ASSIGN, Action.ANSWER_DIRECTLY, Action.NOT_ACCEPT, Action.FILE,
    }  # fmt: skip


def test_lapse_is_never_offered_to_users():
    assert Action.LAPSE not in legal_actions(S.ANSWERED)


# Many matters at once (the tick)


def test_move_all_moves_the_matters_still_in_the_old_status(answered):
    moved = move_all(Action.LAPSE, {S.ANSWERED: [answered.pk]}, closed_on=dt.date(2026, 4, 10))
    assert moved == {S.ANSWERED: [answered.pk]}
    answered.refresh_from_db()
    assert answered.status == S.CLOSED and answered.closed_on == dt.date(2026, 4, 10)


def test_move_all_leaves_a_matter_that_moved_on_alone(answered):
    Matter.objects.filter(pk=answered.pk).update(status=S.REVIEWING)  # a review came first
    assert move_all(Action.LAPSE, {S.ANSWERED: [answered.pk]}) == {S.ANSWERED: []}
    answered.refresh_from_db()
    assert answered.status == S.REVIEWING


def test_move_all_refuses_an_edge_the_machine_does_not_have(matter):
    with pytest.raises(IllegalStep):
        move_all(Action.LAPSE, {S.REGISTERED: [matter.pk]})
    matter.refresh_from_db()
    assert matter.status == S.REGISTERED
