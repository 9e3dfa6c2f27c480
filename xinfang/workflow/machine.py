"""The one state machine of a matter (信访事项). Every status change goes through `advance`.

Each edge is (action, from-status) → to-status, with the article it comes from. Actions that
only add a record (notes, hearings, ratings …) are listed with the statuses they are legal in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from xinfang.lib.errors import DomainError
from xinfang.petitions.models import Matter
from xinfang.petitions.models import MatterStatus as S


class Action(models.TextChoices):
    FORWARD = "forward", "转送"
    ASSIGN = "assign", "交办"
    ANSWER_DIRECTLY = "answer_directly", "直接答复"
    NOT_ACCEPT = "not_accept", "不予受理"
    NOT_REACCEPT = "not_reaccept", "不再受理"
    FILE = "file", "存档"
    ACCEPT = "accept", "受理"
    OBJECT = "object", "异议退回"
    EXTEND = "extend", "延期"
    ANSWER = "answer", "出具处理意见书"
    REQUEST_REVIEW = "request_review", "申请复查"
    DECIDE_REVIEW = "decide_review", "复查意见"
    REQUEST_REREVIEW = "request_rereview", "申请复核"
    DECIDE_REREVIEW = "decide_rereview", "复核意见"
    TERMINATE = "terminate", "终结"
    LAPSE = "lapse", "期满办结"
    NOTE = "note", "办理记录"
    HEARING = "hearing", "听证"
    RATE = "rate", "满意度评价"
    SETTLE = "settle", "案结事了"
    STOP = "stop", "息访"
    VOID = "void", "作废"
    MERGE = "merge", "并入重复事项"
    URGE = "urge", "催办"
    SUPERVISE = "supervise", "督办"
    REASSIGN = "reassign", "改派"
    WITHDRAW = "withdraw", "撤回"


EDGES: dict[tuple[str, str], str] = {
    # 第22条: within 15日 the bureau forwards (转送) or assigns (交办) to the unit with the
    # power to decide, answers directly, or refuses with the reason.
    (Action.FORWARD, S.REGISTERED): S.FORWARDED,
    (Action.ASSIGN, S.REGISTERED): S.FORWARDED,
    (Action.ANSWER_DIRECTLY, S.REGISTERED): S.ANSWERED,
    (Action.NOT_ACCEPT, S.REGISTERED): S.NOT_ACCEPTED,  # e.g. belongs to a court (诉访分离)
    (Action.NOT_REACCEPT, S.REGISTERED): S.NOT_REACCEPTED,  # same facts after 复核 (第36条)
    (Action.FILE, S.REGISTERED): S.FILED,  # thanks, copies of one letter sent to many bodies
    # 第23条: the unit accepts and tells the petitioner within 15日, refuses with a written
    # notice, or objects to a wrong transfer within 5个工作日 (back to the bureau).
    (Action.ACCEPT, S.FORWARDED): S.ACCEPTED,
    (Action.NOT_ACCEPT, S.FORWARDED): S.NOT_ACCEPTED,
    (Action.OBJECT, S.FORWARDED): S.REGISTERED,
    # The bureau corrects its own transfer before the unit accepted it: to another unit
    # (改派), or back to itself to dispose again (撤回); the 15日 acceptance clock restarts
    # with the new unit.
    (Action.REASSIGN, S.FORWARDED): S.FORWARDED,
    (Action.WITHDRAW, S.FORWARDED): S.REGISTERED,
    # 第34条: answer within 60日; extension once, at most 30日.
    (Action.EXTEND, S.ACCEPTED): S.ACCEPTED,
    (Action.ANSWER, S.ACCEPTED): S.ANSWERED,
    # 第35条: 复查 requested within 30日 of the answer, decided in 30日.
    (Action.REQUEST_REVIEW, S.ANSWERED): S.REVIEWING,
    (Action.DECIDE_REVIEW, S.REVIEWING): S.REVIEWED,
    # 第36条: 复核 within 30日 of the 复查 opinion, decided in 30日; then 终结.
    (Action.REQUEST_REREVIEW, S.REVIEWED): S.REREVIEWING,
    (Action.DECIDE_REREVIEW, S.REREVIEWING): S.TERMINATED,
    # The petitioner let the window pass: the answer (or 复查 opinion) stands.
    (Action.LAPSE, S.ANSWERED): S.CLOSED,
    (Action.LAPSE, S.REVIEWED): S.CLOSED,
    # 多渠道终结: agreement, hearing, aid … end a matter at any stage once it is handled.
    (Action.TERMINATE, S.ACCEPTED): S.TERMINATED,
    (Action.TERMINATE, S.ANSWERED): S.TERMINATED,
    (Action.TERMINATE, S.REVIEWING): S.TERMINATED,
    (Action.TERMINATE, S.REVIEWED): S.TERMINATED,
    (Action.TERMINATE, S.REREVIEWING): S.TERMINATED,
    (Action.TERMINATE, S.CLOSED): S.TERMINATED,
    # 作废: a registration error, not a decision. 第20条 makes the bureau register what it
    # receives, truly and completely; a petition registered twice, or against the wrong
    # person, is corrected by voiding it. When it was the matter's only petition the matter
    # goes with it, while nothing has been decided on it yet: before the unit accepts it.
    (Action.VOID, S.REGISTERED): S.VOIDED,
    (Action.VOID, S.FORWARDED): S.VOIDED,
    # 并入: a petition registered as a new matter repeats an earlier one (重信重访, 第20条's
    # true and complete register); it moves to that matter, and the matter it opened, empty
    # now, ends as voided, before acceptance as a void would.
    (Action.MERGE, S.REGISTERED): S.VOIDED,
    (Action.MERGE, S.FORWARDED): S.VOIDED,
}

# Records that do not move the matter, and where they make sense.
HANDLED = (S.ACCEPTED, S.ANSWERED, S.REVIEWING, S.REVIEWED, S.REREVIEWING, S.CLOSED, S.TERMINATED)
RECORDS: dict[str, tuple[str, ...]] = {
    Action.NOTE: (S.REGISTERED, S.FORWARDED, *HANDLED),
    Action.HEARING: (S.ACCEPTED, S.REVIEWING, S.REREVIEWING),
    Action.RATE: (S.ANSWERED, S.REVIEWING, S.REVIEWED, S.REREVIEWING, S.CLOSED, S.TERMINATED),
    Action.SETTLE: HANDLED,
    Action.STOP: HANDLED,
    # The bureau urges (催办) and supervises (督办) the responsible unit while the unit has
    # the matter in hand, late or not; the tick issues its own 督办 for serious lateness.
    Action.URGE: (S.FORWARDED, S.ACCEPTED),
    Action.SUPERVISE: (S.FORWARDED, S.ACCEPTED),
}


class IllegalStep(DomainError):
    code = "illegal_transition"


def target(action: str, status: str) -> str:
    """The status `action` leads to from `status`, or IllegalStep saying why not."""
    if (action, status) in EDGES:
        return EDGES[(action, status)]
    if status in RECORDS.get(action, ()):
        return status
    label = Action(action).label if action in Action.values else action
    raise IllegalStep(f"事项当前状态为“{S(status).label}”，不能进行“{label}”")


# Taken by other paths than the step panel: the tick lapses, voiding starts from a petition.
NOT_OFFERED = (Action.LAPSE, Action.VOID, Action.MERGE)


def legal_actions(status: str) -> list[str]:
    """Every action legal from `status`, in the order the UI offers them."""
    moves = [a for (a, s) in EDGES if s == status and a not in NOT_OFFERED]
    records = [a for a, states in RECORDS.items() if status in states]
    return list(dict.fromkeys(moves + records))


def move_all(
    action: str, by_status: dict[str, Iterable[int]], **changes: Any
) -> dict[str, list[int]]:
    """Take `action` on many matters at once (the tick's 期满办结): for each old status the
    edge is checked (IllegalStep when there is none), the matters still in that status are
    locked in primary-key order and moved with one UPDATE conditional on the old status,
    with `changes` (e.g. closed_on) written alongside.

    Returns, per old status, the matters moved; one that moved on meanwhile (a review
    requested at the same moment) is left out and left alone. The caller is in a transaction.
    """
    moved: dict[str, list[int]] = {}
    for old, ids in by_status.items():
        new = target(action, old)
        still = list(
            Matter.objects.select_for_update()
            .filter(pk__in=list(ids), status=old)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if new != old or changes:
            Matter.objects.filter(pk__in=still, status=old).update(status=new, **changes)
        moved[old] = still
    return moved
