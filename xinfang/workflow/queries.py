"""Who may take which step on a matter, and reads for the workflow pages.

Access to the matter itself is decided by petitions.queries (a matter is visible when one
of its petitions is); this module adds the role in the procedure: the bureau side (信访部门
over the place) disposes, reviews and ends; the lead unit (牵头单位) accepts, handles and
answers; assisting units (协办单位) add records.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from xinfang.accounts.models import Role
from xinfang.petitions.models import OPEN_STATUSES, AssignmentRole, Matter, MatterStatus
from xinfang.petitions.queries import confined, visible_petitions, with_shown_facts
from xinfang.regions.models import Unit
from xinfang.regions.queries import bureau_above
from xinfang.workflow.machine import EDGES, Action, legal_actions
from xinfang.workflow.models import Clock, ClockKind, SupervisionNotice

BUREAU_ROLES = (Role.REGISTRAR, Role.HANDLER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
BUREAU_ACTIONS = {
    Action.FORWARD, Action.ASSIGN, Action.ANSWER_DIRECTLY, Action.NOT_REACCEPT, Action.FILE,
    Action.REQUEST_REVIEW, Action.DECIDE_REVIEW, Action.REQUEST_REREVIEW, Action.DECIDE_REREVIEW,
    Action.TERMINATE, Action.RATE, Action.SETTLE, Action.STOP, Action.NOTE, Action.HEARING,
    Action.URGE, Action.SUPERVISE, Action.REASSIGN, Action.WITHDRAW,
}  # fmt: skip
UNIT_ACTIONS = {
    Action.ACCEPT, Action.OBJECT, Action.EXTEND, Action.ANSWER, Action.NOTE, Action.HEARING,
    Action.SETTLE, Action.STOP,
}  # fmt: skip


def is_bureau_side(user, matter: Matter) -> bool:
    """A petition bureau's staff over the matter's place, or of the bureau that registered it."""
    if not (user.is_authenticated and user.unit_id and user.role in BUREAU_ROLES):
        return False
    if not user.unit.is_bureau:
        return False
    if user.unit_id == matter.registering_unit_id:
        return True
    return bool(user.region_id) and matter.region.path.startswith(user.region.path)


def oversees(user) -> bool:
    """Whether `user` is a bureau's staff who may urge and supervise (the batch buttons)."""
    return bool(
        user.is_authenticated and user.unit_id and user.role in BUREAU_ROLES
        and user.unit.is_bureau and user.role != Role.LEADER
    )  # fmt: skip


def unit_role(user, matter: Matter) -> str:
    """'lead', 'assist' or '' for the user's unit on this matter."""
    if not user.is_authenticated or not user.unit_id:
        return ""
    row = (
        matter.assignments.filter(unit_id=user.unit_id, is_active=True)
        .values_list("role", flat=True)
        .first()
    )
    return row or ""


def may(user, matter: Matter, action: str) -> bool:
    """Whether `user` may take `action` on `matter` now (status and role both)."""
    if action in (Action.VOID, Action.MERGE):
        # Voiding and merging start from the petition (intake says who may); of the matter
        # they ask only that the bureau side takes them while the edge exists.
        return (action, matter.status) in EDGES and is_bureau_side(user, matter)
    if action not in legal_actions(matter.status):
        return False
    if action == Action.EXTEND and was_extended(matter):
        return False  # 第34条: once
    bureau = is_bureau_side(user, matter)
    if bureau and matter.is_accusation and confined(user, matter):
        # Seeing a follow-up letter does not make one a handler of the accusation (第30条).
        bureau = False
    role = unit_role(user, matter)
    if action == Action.NOT_ACCEPT:
        # From the bureau before disposal; from the lead unit once it was forwarded to it.
        return bureau if matter.status not in ("forwarded",) else role == AssignmentRole.LEAD
    if action in UNIT_ACTIONS and role == AssignmentRole.LEAD:
        return True
    if action == Action.NOTE and role == AssignmentRole.ASSIST:
        return True
    return bureau and action in BUREAU_ACTIONS


def allowed_actions(user, matter: Matter) -> list[str]:
    return [a for a in legal_actions(matter.status) if may(user, matter, a)]


def was_extended(matter: Matter) -> bool:
    return Clock.objects.filter(matter=matter, kind=ClockKind.EXTENSION).exists()


def why_not(user, matter: Matter, action: str) -> str:
    """Why `user` may not take `action` now, in Chinese; "" when they may."""
    if may(user, matter, action):
        return ""
    if action == Action.EXTEND and matter.status in OPEN_STATUSES and was_extended(matter):
        return "本事项已延期一次，不能再次延期（《信访工作条例》第34条）"
    return f"当前不能进行“{Action(action).label}”"


def clocks_of(matter: Matter) -> QuerySet[Clock]:
    return Clock.objects.filter(matter=matter).select_related("unit")


def inbox(user) -> QuerySet[Matter]:
    """The unit's 待办, most pressing first: open matters assigned to it, and for a bureau the
    matters it registered that wait for its 登记处理 (转送 / 交办 / 直接办理 within 15 days,
    第22条), which no unit holds yet; the tick's 督办 for them goes to that bureau too."""
    if not user.is_authenticated or not user.unit_id:
        return Matter.objects.none()
    visible = visible_petitions(user).values("matter_id")
    assigned = Q(assignments__unit_id=user.unit_id, assignments__is_active=True)
    to_dispose = Q(status=MatterStatus.REGISTERED, registering_unit_id=user.unit_id)
    return (
        with_shown_facts(
            user,
            Matter.objects.filter(
                assigned | to_dispose, pk__in=visible, status__in=OPEN_STATUSES
            ).distinct(),
        )
        .select_related("region", "content_class")
        .order_by("-urgency", "next_due_on", "pk")
    )


def open_notices(user) -> QuerySet[SupervisionNotice]:
    """督办 notices waiting for the user's unit to reply."""
    if not user.is_authenticated or not user.unit_id:
        return SupervisionNotice.objects.none()
    return SupervisionNotice.objects.filter(
        unit_id=user.unit_id, replied_at__isnull=True
    ).select_related("matter", "clock")


def clocks_for(user, matter: Matter) -> QuerySet[Clock]:
    """The matter's clocks as `user` may be shown them (see petitions.queries.confined)."""
    clocks = clocks_of(matter)
    return clocks.filter(unit_id=user.unit_id) if confined(user, matter) else clocks


def case_context(user, matter: Matter) -> dict:
    """What the case page shows of the procedure: clocks, records, ratings, next steps."""
    from xinfang.workflow.models import Rating, Step

    steps = Step.objects.filter(matter=matter)
    ratings = Rating.objects.filter(matter=matter)
    notices = SupervisionNotice.objects.filter(matter=matter)
    if confined(user, matter):  # the handling of an accusation hidden from the user
        steps, ratings, notices = (
            qs.filter(unit_id=user.unit_id) for qs in (steps, ratings, notices)
        )
    return {
        "clocks": clocks_for(user, matter),
        "steps": steps.select_related("unit", "actor"),
        "ratings": ratings.select_related("unit"),
        "notices": notices.select_related("unit"),
        "next_actions": [(a, Action(a).label) for a in allowed_actions(user, matter)],
    }


def reviewing_body(matter: Matter) -> Unit:
    """Where a 复查 of the matter's answer is asked for: the bureau one level above the unit
    that answered (第35条, 上一级), or the registering bureau when there is none above."""
    lead = matter.lead_assignment()
    answering = lead.unit if lead else matter.registering_unit
    return bureau_above(answering) or matter.registering_unit
