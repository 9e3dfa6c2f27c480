"""The one state machine of a dispute (矛盾纠纷). Every status change goes through `advance`.

Each edge is (move, from-status) → to-status. Each status reached keeps its date on the
dispute (开始化解 / 化解 / 转入信访), which is what the monthly report counts by.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from xinfang.disputes.models import Dispute
from xinfang.disputes.models import DisputeStatus as S
from xinfang.lib.errors import DomainError


class Move(models.TextChoices):
    START = "start", "开始化解"
    RESOLVE = "resolve", "化解完成"
    REOPEN = "reopen", "重新化解"
    CONVERT = "convert", "转入信访"


EDGES: dict[tuple[str, str], str] = {
    # The first measure taken on a screened dispute starts its resolution.
    (Move.START, S.SCREENED): S.RESOLVING,
    # Settled: on the spot when screened (当场化解), or after measures.
    (Move.RESOLVE, S.SCREENED): S.RESOLVED,
    (Move.RESOLVE, S.RESOLVING): S.RESOLVED,
    # A settled dispute flares up again: back to work on it (the settlement date is dropped).
    (Move.REOPEN, S.RESOLVED): S.RESOLVING,
    # Not settled below: the parties petition, and the dispute becomes a petition matter.
    (Move.CONVERT, S.SCREENED): S.CONVERTED,
    (Move.CONVERT, S.RESOLVING): S.CONVERTED,
}


def allowed(dispute: Dispute) -> list[Move]:
    """The moves legal from the dispute's status, in the order of `Move`."""
    return [move for move in Move if (move, dispute.status) in EDGES]


def advance(dispute: Dispute, move: Move, on: dt.date) -> str:
    """Set the status `move` leads to from the current one, with its date; the caller saves.

    An illegal edge raises a DomainError saying so in words.
    """
    target = EDGES.get((move, dispute.status))
    if target is None:
        raise DomainError(
            f"状态为“{dispute.get_status_display()}”的纠纷不能“{Move(move).label}”", field="status"
        )
    if move == Move.START:
        dispute.resolving_on = on
    elif move == Move.RESOLVE:
        dispute.resolved_on = on
    elif move == Move.REOPEN:
        dispute.resolved_on = None
        dispute.resolving_on = on
    elif move == Move.CONVERT:
        dispute.converted_on = on
    dispute.status = target
    return target
