"""The state machine's table: every legal edge, and words for the illegal ones."""

import pytest

from xinfang.petitions.models import MatterStatus as S
from xinfang.workflow.machine import EDGES, Action, IllegalStep, legal_actions, target


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
