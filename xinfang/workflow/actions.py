"""Every step of the procedure. Each one is atomic, checks the state machine and the actor's
role, writes a Step record and the timeline, and moves the clocks.

Views, the API, importers and the demo call these; nothing else changes a matter's status.
Each takes `at`, the moment the step is taken (by default now): the demo passes the moments
of its year of history, as production code passes times instead of freezing the time seam.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from xinfang.accounts.queries import staff_of
from xinfang.events.actions import notify, record
from xinfang.events.models import EventKind
from xinfang.holidays.calendar import Due, due_date, working_days_between
from xinfang.lib import timesource as time
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions import actions as petition_actions
from xinfang.petitions import hooks
from xinfang.petitions.models import AssignmentRole, Matter
from xinfang.regions.models import UnitKind
from xinfang.workflow import clocks
from xinfang.workflow.limits import OBJECTION_WORKDAYS, Limit, limit_for
from xinfang.workflow.machine import Action, target
from xinfang.workflow.models import (
    Clock,
    ClockKind,
    Delivery,
    Outcome,
    Rating,
    RatingTarget,
    Satisfaction,
    Step,
    StepKind,
    SupervisionNotice,
    Termination,
)
from xinfang.workflow.queries import may, was_extended

TEXT_MAX = 5000
DUTY_CLOCKS = (
    ClockKind.DISPOSE,
    ClockKind.ACCEPT_NOTICE,
    ClockKind.HANDLE,
    ClockKind.HANDLE_FAST,
    ClockKind.EXTENSION,
)


def _require_text(value: str, field: str, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid({field: [f"请填写{label}"]})
    if len(value) > TEXT_MAX:
        raise Invalid({field: [f"{label}不能超过{TEXT_MAX}字"]})
    return value


def _choice(value: str, choices, field: str, label: str) -> str:
    if value not in choices.values:
        raise Invalid({field: [f"请选择{label}"]})
    return value


class _Move:
    """One locked step on one matter: check, then status change, Step row and timeline.

    The step happens at `at` (by default now): its Step row, events, notifications and
    clocks carry that moment and its date, so a step can be recorded for another moment
    (the demo's year of history) without touching the time seam.
    """

    def __init__(self, actor, matter: Matter, action: str, *, at: dt.datetime | None = None):
        self.actor = actor
        self.matter = Matter.objects.select_for_update().select_related("region").get(pk=matter.pk)
        self.action = action
        if not may(actor, self.matter, action):
            # Distinguish "not now" from "not you" so the message helps.
            target(action, self.matter.status)
            if action == Action.EXTEND and was_extended(self.matter):
                raise DomainError("本事项已延期一次，不能再次延期", field="days")
            raise NotAllowed(f"您不能对本事项进行“{Action(action).label}”")
        self._begin(at)

    def _begin(self, at: dt.datetime | None) -> None:
        self.old = self.matter.status
        self.new = target(self.action, self.old)
        self.now = at or time.now()
        self.today = time.day_of(self.now)
        # The rates' rollup takes the matter's clocks before the step and after it (finish).
        self.changing = hooks.matters_changing([self.matter.pk], self.today)

    def step(self, kind: str, **fields) -> Step:
        return Step.objects.create(
            matter=self.matter, kind=kind, actor=self.actor, on=fields.pop("on", self.today),
            created_at=self.now, **fields,
        )  # fmt: skip

    def past_date(
        self, value: dt.date | None, field: str, label: str, *, not_before: dt.date | None = None
    ) -> dt.date:
        """A date given for the step (delivered, requested, held), by default the step's day;
        never after it."""
        value = value or self.today
        if value > self.today:
            raise Invalid({field: [f"{label}不能晚于今天"]})
        if not_before and value < not_before:
            raise Invalid({field: [f"{label}不能早于{not_before:%Y-%m-%d}"]})
        return value

    def finish(self, summary: str, *, step: Step | None = None, tell=()) -> Matter:
        if self.new != self.old:
            Matter.objects.filter(pk=self.matter.pk).update(status=self.new)
            self.matter.status = self.new
        event = record(
            EventKind.WORKFLOW_STEP,
            actor=self.actor,
            matter=self.matter,
            summary=summary,
            data={
                "action": self.action,
                "from": self.old,
                "to": self.new,
                "step": step.pk if step else None,
            },
            at=self.now,
        )
        notify(event, tell, at=self.now)
        self.changing.done()
        clocks.refresh([self.matter.pk], self.today)
        self.matter.refresh_from_db()
        return self.matter


@dataclass(frozen=True)
class DisposePlan:
    """A new matter's 15日 dispose clock (第22条), worked out before registration's
    transaction so the matter is written with its deadline and urgency."""

    received_on: dt.date
    rule: Limit
    due: Due
    urgency: int


def plan_dispose(received_on: dt.date, today: dt.date | None = None) -> DisposePlan:
    """The dispose clock of a matter received on `received_on`, its urgency as of `today`
    (the day of registration; by default today)."""
    rule = limit_for(ClockKind.DISPOSE)
    due = due_date(received_on, rule.amount, rule.measure)
    return DisposePlan(
        received_on, rule, due, clocks.urgency_of(due.date, False, today or time.today(), rule)
    )


def start_dispose_clock(matter: Matter, plan: DisposePlan) -> None:
    """Called by registration for a new matter created with `plan`'s deadline and urgency:
    it has this one clock, so nothing else needs refreshing (the hottest write path)."""
    clocks.start(matter, ClockKind.DISPOSE, plan.received_on, rule=plan.rule, due=plan.due)


@transaction.atomic
def forward(
    actor, matter: Matter, unit, *, assign: bool = False, assisting=(), note: str = "",
    at: dt.datetime | None = None,
) -> Matter:  # fmt: skip
    """转送 (or 交办, which asks for a report back) to the unit with the power to decide."""
    move = _Move(actor, matter, Action.ASSIGN if assign else Action.FORWARD, at=at)
    note = _require_text(note, "note", "转送意见", required=False)
    if unit is None:
        raise Invalid({"unit": ["请选择责任单位"]})
    if unit.kind == UnitKind.BUREAU and unit.pk == actor.unit_id:
        raise Invalid({"unit": ["不能转送给本单位，请选择直接答复"]})
    petition_actions.assign_to_unit(actor, move.matter, unit, AssignmentRole.LEAD, at=move.now)
    for other in assisting:
        if other.pk != unit.pk:
            petition_actions.assign_to_unit(
                actor, move.matter, other, AssignmentRole.ASSIST, at=move.now
            )
    step = move.step(StepKind.ASSIGN if assign else StepKind.FORWARD, unit=unit, text=note)
    clocks.meet(move.matter, ClockKind.DISPOSE, move.today)
    clocks.start(move.matter, ClockKind.ACCEPT_NOTICE, move.today, unit=unit)
    verb = "交办" if assign else "转送"
    return move.finish(f"{verb}至{unit.name}", step=step)


@transaction.atomic
def answer_directly(actor, matter: Matter, *, at: dt.datetime | None = None, **answer) -> Matter:
    """The bureau answers itself (直接答复) with a 信访处理意见书."""
    move = _Move(actor, matter, Action.ANSWER_DIRECTLY, at=at)
    step = _write_answer(move, StepKind.ANSWER_DIRECTLY, actor.unit, **answer)
    clocks.meet(move.matter, ClockKind.DISPOSE, move.today)
    return move.finish(f"直接答复（{step.get_outcome_display()}）", step=step)


@transaction.atomic
def refuse(
    actor, matter: Matter, *, reason: str, again: bool = False, legal_unit=None,
    at: dt.datetime | None = None,
) -> Matter:  # fmt: skip
    """不予受理 (or 不再受理 after 复核), with the reason told to the petitioner.

    A 涉法涉诉 matter goes to the 政法 organ (诉访分离): name it as `legal_unit`.
    """
    action = Action.NOT_REACCEPT if again else Action.NOT_ACCEPT
    move = _Move(actor, matter, action, at=at)
    reason = _require_text(reason, "reason", "不予受理理由")
    if legal_unit is not None:
        if legal_unit.kind != UnitKind.POLITICAL_LEGAL:
            raise Invalid({"legal_unit": ["涉法涉诉事项应转交政法机关"]})
        petition_actions.assign_to_unit(
            actor, move.matter, legal_unit, AssignmentRole.LEAD, at=move.now
        )
    step = move.step(
        StepKind.NOT_REACCEPT if again else StepKind.NOT_ACCEPT, unit=legal_unit, text=reason
    )
    clocks.meet(move.matter, (ClockKind.DISPOSE, ClockKind.ACCEPT_NOTICE), move.today)
    clocks.cancel(move.matter)
    Matter.objects.filter(pk=move.matter.pk).update(closed_on=move.today)
    label = "不再受理" if again else "不予受理"
    extra = f"，转{legal_unit.name}" if legal_unit else ""
    return move.finish(
        f"{label}{extra}：{reason[:60]}", step=step, tell=_bureau_staff(move.matter, actor)
    )


@transaction.atomic
def file_away(actor, matter: Matter, *, reason: str, at: dt.datetime | None = None) -> Matter:
    """存档: nothing to handle (thanks, a copy of a letter sent to many bodies)."""
    move = _Move(actor, matter, Action.FILE, at=at)
    reason = _require_text(reason, "reason", "存档理由")
    step = move.step(StepKind.FILE, text=reason)
    clocks.meet(move.matter, ClockKind.DISPOSE, move.today)
    clocks.cancel(move.matter)
    Matter.objects.filter(pk=move.matter.pk).update(closed_on=move.today)
    return move.finish(f"存档：{reason[:60]}", step=step)


@transaction.atomic
def accept(
    actor, matter: Matter, *, notice: str, delivery: str = Delivery.POST, fast_track: bool = False,
    at: dt.datetime | None = None,
) -> Matter:  # fmt: skip
    """受理: the unit takes the matter and tells the petitioner in writing (受理告知书)."""
    move = _Move(actor, matter, Action.ACCEPT, at=at)
    notice = _require_text(notice, "notice", "受理告知内容")
    _choice(delivery, Delivery, "delivery", "送达方式")
    step = move.step(
        StepKind.ACCEPT, unit=actor.unit, text=notice, delivery=delivery, delivered_on=move.today
    )
    clocks.meet(move.matter, ClockKind.ACCEPT_NOTICE, move.today)
    kind = ClockKind.HANDLE_FAST if fast_track else ClockKind.HANDLE
    clocks.start(move.matter, kind, move.today, unit=actor.unit)
    Matter.objects.filter(pk=move.matter.pk).update(is_fast_track=fast_track)
    suffix = "（简易办理）" if fast_track else ""
    return move.finish(
        f"{actor.unit.name}受理{suffix}", step=step, tell=_bureau_staff(move.matter, actor)
    )


@transaction.atomic
def object_to_transfer(
    actor, matter: Matter, *, reason: str, at: dt.datetime | None = None
) -> Matter:
    """异议: the unit says it has no power over the matter; it goes back to the bureau."""
    move = _Move(actor, matter, Action.OBJECT, at=at)
    reason = _require_text(reason, "reason", "异议理由")
    forwarded = Step.objects.filter(
        matter=move.matter, kind__in=(StepKind.FORWARD, StepKind.ASSIGN)
    ).last()
    if forwarded and working_days_between(forwarded.on, move.today) > OBJECTION_WORKDAYS:
        raise DomainError(
            f"已超过{OBJECTION_WORKDAYS}个工作日的异议期限，请先受理或报请信访部门协调",
            field="reason",
        )
    step = move.step(StepKind.OBJECT, unit=actor.unit, text=reason)
    move.matter.assignments.filter(is_active=True).update(is_active=False)
    clocks.cancel(move.matter, (ClockKind.ACCEPT_NOTICE,))
    return move.finish(
        f"{actor.unit.name}提出异议退回：{reason[:60]}",
        step=step,
        tell=_bureau_staff(move.matter, actor),
    )


@transaction.atomic
def extend(
    actor, matter: Matter, *, days: int, reason: str, approver: str, at: dt.datetime | None = None
) -> Matter:
    """延期: once, at most 30日, approved by the unit head; the petitioner is told why."""
    move = _Move(actor, matter, Action.EXTEND, at=at)
    most = limit_for(ClockKind.EXTENSION).amount
    if not isinstance(days, int) or not 1 <= days <= most:
        raise Invalid({"days": [f"延期天数应为1至{most}日"]})
    reason = _require_text(reason, "reason", "延期理由")
    approver = _require_text(approver, "approver", "批准人")
    handle = (
        move.matter.clocks.filter(kind__in=(ClockKind.HANDLE, ClockKind.HANDLE_FAST))
        .exclude(state__in=("met", "late_met", "cancelled"))
        .first()
    )
    if handle is None:
        raise DomainError("没有正在计时的办理期限", field="days")
    step = move.step(
        StepKind.EXTEND, unit=actor.unit, text=reason, approver=approver, extra={"days": days}
    )
    handle.state = "cancelled"
    handle.save(update_fields=["state"])
    clocks.start(move.matter, ClockKind.EXTENSION, handle.due_on, unit=actor.unit, amount=days)
    return move.finish(
        f"延期{days}日（批准人：{approver}）：{reason[:60]}",
        step=step,
        tell=_bureau_staff(move.matter, actor),
    )


@transaction.atomic
def answer(actor, matter: Matter, *, at: dt.datetime | None = None, **answer_fields) -> Matter:
    """信访处理意见书 from the lead unit: 支持 / 解释说明 / 不予支持, with facts and basis."""
    move = _Move(actor, matter, Action.ANSWER, at=at)
    step = _write_answer(move, StepKind.ANSWER, actor.unit, **answer_fields)
    return move.finish(
        f"{actor.unit.name}出具处理意见书（{step.get_outcome_display()}）",
        step=step,
        tell=_bureau_staff(move.matter, actor),
    )


def _write_answer(
    move: _Move, kind: str, unit, *, outcome: str, text: str, facts: str = "", legal_basis: str = "",
    delivery: str = Delivery.POST, delivered_on: dt.date | None = None, reaction: str = "",
) -> Step:  # fmt: skip
    _choice(outcome, Outcome, "outcome", "处理结果")
    _choice(delivery, Delivery, "delivery", "送达方式")
    text = _require_text(text, "text", "处理意见")
    facts = _require_text(facts, "facts", "查明事实", required=False)
    legal_basis = _require_text(legal_basis, "legal_basis", "法律政策依据", required=False)
    reaction = (reaction or "").strip()[:200]
    delivered_on = move.past_date(
        delivered_on, "delivered_on", "送达日期", not_before=move.matter.opened_on
    )
    step = move.step(
        kind, unit=unit, text=text, outcome=outcome, facts=facts, legal_basis=legal_basis,
        delivery=delivery, delivered_on=delivered_on, reaction=reaction,
    )  # fmt: skip
    clocks.meet(move.matter, DUTY_CLOCKS, move.today)
    clocks.start(move.matter, ClockKind.REVIEW_WINDOW, delivered_on)
    clocks.start(move.matter, ClockKind.RATING_WINDOW, delivered_on)
    Matter.objects.filter(pk=move.matter.pk).update(answered_on=move.today)
    return step


def _review_request(
    move: _Move, kind: str, window: str, requested_on, reviewing_unit, reason: str, clock_kind: str
):
    reason = _require_text(reason, "reason", "申请理由")
    if reviewing_unit is None:
        raise Invalid({"reviewing_unit": ["请选择复查（复核）机关"]})
    requested_on = move.past_date(requested_on, "requested_on", "申请日期")
    open_window = move.matter.clocks.filter(kind=window).order_by("-pk").first()
    if open_window is None or requested_on > open_window.due_on:
        raise DomainError("已超过30日的申请期限，不予受理", field="requested_on")
    clocks.meet(move.matter, window, requested_on)
    step = move.step(kind, unit=reviewing_unit, text=reason, on=requested_on)
    clocks.start(move.matter, clock_kind, requested_on, unit=reviewing_unit)
    return step


@transaction.atomic
def request_review(
    actor, matter: Matter, *, reviewing_unit, reason: str, requested_on: dt.date | None = None,
    clerk=None, at: dt.datetime | None = None,
) -> Matter:  # fmt: skip
    """复查 requested by the petitioner within 30日 of the answer (第35条).

    `actor` is None when the petitioner asks through the portal; the record is then filed
    under `clerk`, the bureau's portal intake account.
    """
    if actor is None:
        if clerk is None:
            raise NotAllowed("网上申请复查须由网上信访受理账号登记")
        move = _PortalMove(matter, Action.REQUEST_REVIEW, clerk=clerk, at=at)
    else:
        move = _Move(actor, matter, Action.REQUEST_REVIEW, at=at)
    step = _review_request(
        move,
        StepKind.REQUEST_REVIEW,
        ClockKind.REVIEW_WINDOW,
        requested_on,
        reviewing_unit,
        reason,
        ClockKind.REVIEW,
    )
    return move.finish(
        f"申请复查，由{reviewing_unit.name}复查", step=step, tell=staff_of(reviewing_unit)
    )


@transaction.atomic
def decide_review(
    actor, matter: Matter, *, outcome: str, text: str, at: dt.datetime | None = None
) -> Matter:
    move = _Move(actor, matter, Action.DECIDE_REVIEW, at=at)
    _choice(outcome, Outcome, "outcome", "复查结果")
    text = _require_text(text, "text", "复查意见")
    step = move.step(StepKind.REVIEW_DECISION, unit=actor.unit, outcome=outcome, text=text)
    clocks.meet(move.matter, ClockKind.REVIEW, move.today)
    clocks.start(move.matter, ClockKind.REREVIEW_WINDOW, move.today)
    return move.finish(f"出具复查意见（{step.get_outcome_display()}）", step=step)


@transaction.atomic
def request_rereview(
    actor, matter: Matter, *, reviewing_unit, reason: str, requested_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Matter:  # fmt: skip
    """复核 requested within 30日 of the 复查 opinion (第36条)."""
    move = _Move(actor, matter, Action.REQUEST_REREVIEW, at=at)
    step = _review_request(
        move,
        StepKind.REQUEST_REREVIEW,
        ClockKind.REREVIEW_WINDOW,
        requested_on,
        reviewing_unit,
        reason,
        ClockKind.REREVIEW,
    )
    return move.finish(
        f"申请复核，由{reviewing_unit.name}复核", step=step, tell=staff_of(reviewing_unit)
    )


@transaction.atomic
def decide_rereview(
    actor, matter: Matter, *, outcome: str, text: str, at: dt.datetime | None = None
) -> Matter:
    """复核 opinion: the matter is 终结; the same facts are not accepted again."""
    move = _Move(actor, matter, Action.DECIDE_REREVIEW, at=at)
    _choice(outcome, Outcome, "outcome", "复核结果")
    text = _require_text(text, "text", "复核意见")
    step = move.step(StepKind.REREVIEW_DECISION, unit=actor.unit, outcome=outcome, text=text)
    clocks.meet(move.matter, ClockKind.REREVIEW, move.today)
    clocks.cancel(move.matter)
    Matter.objects.filter(pk=move.matter.pk).update(
        closed_on=move.today, termination=Termination.LAWFUL
    )
    return move.finish(f"出具复核意见（{step.get_outcome_display()}），依法终结", step=step)


@transaction.atomic
def hold_hearing(
    actor, matter: Matter, *, held_on: dt.date, ended_on: dt.date, text: str,
    at: dt.datetime | None = None,
) -> Matter:  # fmt: skip
    """听证: recorded; during 复核 its days are not counted (第36条)."""
    move = _Move(actor, matter, Action.HEARING, at=at)
    text = _require_text(text, "text", "听证情况")
    held_on = move.past_date(held_on, "held_on", "听证开始日期", not_before=move.matter.opened_on)
    ended_on = move.past_date(ended_on, "ended_on", "听证结束日期", not_before=held_on)
    step = move.step(
        StepKind.HEARING,
        unit=actor.unit,
        text=text,
        on=held_on,
        extra={"ended_on": ended_on.isoformat()},
    )
    if move.matter.status == "rereviewing":
        clocks.pause(move.matter, ClockKind.REREVIEW, held_on)
        clocks.resume(move.matter, ClockKind.REREVIEW, ended_on)
    return move.finish(f"举行听证（{held_on:%m-%d}至{ended_on:%m-%d}）", step=step)


NOTE_KINDS = (StepKind.NOTE, StepKind.SITE_VISIT, StepKind.MEDIATION)


@transaction.atomic
def add_note(
    actor, matter: Matter, *, kind: str = StepKind.NOTE, text: str, on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Matter:  # fmt: skip
    """办理记录: a note, a site visit or a mediation, on the matter's record."""
    move = _Move(actor, matter, Action.NOTE, at=at)
    if kind not in NOTE_KINDS:
        raise Invalid({"kind": ["请选择记录类型"]})
    text = _require_text(text, "text", "记录内容")
    on = move.past_date(on, "on", "日期", not_before=move.matter.opened_on)
    step = move.step(kind, unit=actor.unit, text=text, on=on)
    return move.finish(f"{step.get_kind_display()}：{text[:60]}", step=step)


@transaction.atomic
def rate(
    actor, matter: Matter, *, bureau: str, unit: str, reason: str = "",
    at: dt.datetime | None = None,
) -> Matter:  # fmt: skip
    """The petitioner's rating of the bureau and of the responsible unit.

    `actor` is the staff member recording it (by phone, in person), or None when the
    petitioner rates online through the portal.
    """
    move = (
        _Move(actor, matter, Action.RATE, at=at)
        if actor is not None
        else _PortalMove(matter, Action.RATE, at=at)
    )
    _choice(bureau, Satisfaction, "bureau", "对信访部门的评价")
    _choice(unit, Satisfaction, "unit", "对责任单位的评价")
    reason = (reason or "").strip()
    if Satisfaction.DISSATISFIED in (bureau, unit) and not reason:
        raise Invalid({"reason": ["不满意时请说明理由"]})
    if len(reason) > 300:
        raise Invalid({"reason": ["理由不能超过300字"]})
    if move.matter.ratings.exists():
        raise DomainError("本事项已评价，不能重复评价", field="bureau")
    lead = move.matter.lead_assignment()
    Rating.objects.bulk_create([
        Rating(matter=move.matter, target=RatingTarget.BUREAU, unit=move.matter.registering_unit, level=bureau,
               reason=reason, rated_on=move.today, recorded_by=actor),
        Rating(matter=move.matter, target=RatingTarget.UNIT, unit=lead.unit if lead else None, level=unit,
               reason=reason, rated_on=move.today, recorded_by=actor),
    ])  # fmt: skip
    clocks.meet(move.matter, ClockKind.RATING_WINDOW, move.today)
    summary = (
        f"满意度评价：信访部门{Satisfaction(bureau).label}，责任单位{Satisfaction(unit).label}"
    )
    return move.finish(summary)


class _PortalMove(_Move):
    """The petitioner acting through the portal: no staff actor, the state machine still holds."""

    def __init__(self, matter: Matter, action: str, *, clerk=None, at: dt.datetime | None = None):
        self.actor = None
        self.clerk = clerk  # the account a Step row is filed under (Step.actor is required)
        self.matter = Matter.objects.select_for_update().select_related("region").get(pk=matter.pk)
        self.action = action
        self._begin(at)

    def step(self, kind: str, **fields) -> Step:
        return Step.objects.create(
            matter=self.matter, kind=kind, actor=self.clerk, on=fields.pop("on", self.today),
            created_at=self.now, **fields,
        )  # fmt: skip


@transaction.atomic
def terminate(
    actor, matter: Matter, *, method: str, text: str, at: dt.datetime | None = None
) -> Matter:
    """多渠道终结: 协议化解, 听证终结, 救助息访, 程序中止 or 依法终结."""
    move = _Move(actor, matter, Action.TERMINATE, at=at)
    _choice(method, Termination, "method", "终结方式")
    text = _require_text(text, "text", "终结说明")
    step = move.step(StepKind.TERMINATE, text=text, extra={"method": method})
    clocks.cancel(move.matter)
    Matter.objects.filter(pk=move.matter.pk).update(closed_on=move.today, termination=method)
    return move.finish(f"{Termination(method).label}：{text[:60]}", step=step)


@transaction.atomic
def mark_settled(actor, matter: Matter, *, text: str, at: dt.datetime | None = None) -> Matter:
    """案结事了: answered and actually settled."""
    return _mark(actor, matter, Action.SETTLE, StepKind.SETTLE, text, at=at,
                 label="化解情况", title="案结事了", flag="is_settled", day="settled_on")  # fmt: skip


@transaction.atomic
def mark_stopped(actor, matter: Matter, *, text: str, at: dt.datetime | None = None) -> Matter:
    """息访: the petitioner stopped petitioning (help continues, 第37条)."""
    return _mark(actor, matter, Action.STOP, StepKind.STOP, text, at=at,
                 label="息访情况", title="息访", flag="petitioner_stopped", day="stopped_on")  # fmt: skip


def _mark(
    actor, matter: Matter, action: str, kind: str, text: str, *,
    label: str, title: str, flag: str, day: str, at: dt.datetime | None,
) -> Matter:  # fmt: skip
    """The one rule behind 案结事了 and 息访: a fact about an answered matter, stated in a
    text, sets the matter's `flag` and records the day in `day`."""
    move = _Move(actor, matter, action, at=at)
    text = _require_text(text, "text", label)
    step = move.step(kind, text=text)
    Matter.objects.filter(pk=move.matter.pk).update(**{flag: True, day: move.today})
    return move.finish(f"{title}：{text[:60]}", step=step)


@transaction.atomic
def reply_supervision(
    actor, notice: SupervisionNotice, *, text: str, at: dt.datetime | None = None
) -> SupervisionNotice:
    """The supervised unit's written reply to a 督办 notice, at `at` (by default now)."""
    notice = SupervisionNotice.objects.select_for_update().get(pk=notice.pk)
    at = at or time.now()
    if actor.unit_id != notice.unit_id:
        raise NotAllowed("只有被督办单位可以回复督办单")
    if notice.replied_at is not None:
        raise DomainError("该督办单已回复", field="text")
    notice.reply = _require_text(text, "text", "书面回复")
    notice.replied_at = at
    notice.replied_by = actor
    notice.save(update_fields=["reply", "replied_at", "replied_by"])
    event = record(
        EventKind.SUPERVISION_REPLY,
        actor=actor,
        matter=notice.matter,
        summary=f"{actor.unit.name}回复督办：{notice.reply[:60]}",
        at=at,
    )
    notify(event, _bureau_staff(notice.matter, actor), at=at)
    return notice


def _bureau_staff(matter: Matter, actor) -> list:
    """Who at the registering bureau hears of the unit's steps (handlers and registrars)."""
    from xinfang.accounts.models import Role

    return [
        u
        for u in staff_of(matter.registering_unit)
        if u.role in (Role.HANDLER, Role.REGISTRAR) and u != actor
    ]


@transaction.atomic
def void_matter(actor, matter: Matter, *, reason: str, at: dt.datetime | None = None) -> Matter:
    """作废 a matter whose only petition was registered by mistake (called by
    intake.actions.void_petition): its clocks stop, so the rates' rollup drops them (a matter
    may be voided only before acceptance, when no rate clock has finished), and the units it
    was sent to are told."""
    move = _Move(actor, matter, Action.VOID, at=at)
    units = [a.unit for a in move.matter.assignments.filter(is_active=True).select_related("unit")]
    clocks.cancel(move.matter)
    # The retention policy counts its years from closed_on, as for any matter that ended.
    Matter.objects.filter(pk=move.matter.pk).update(closed_on=move.today)
    tell = [person for unit in units for person in staff_of(unit)]
    return move.finish(f"作废（{reason}）", tell=tell)


def merge_matter(
    actor, matter: Matter, *, into: Matter, reason: str, at: dt.datetime | None = None
) -> Matter:
    """并入: the matter's only petition moved into `into` (called by
    intake.corrections.merge_into); this matter, empty now, ends as voided, its clocks stop."""
    move = _Move(actor, matter, Action.MERGE, at=at)
    units = [a.unit for a in move.matter.assignments.filter(is_active=True).select_related("unit")]
    clocks.cancel(move.matter)
    Matter.objects.filter(pk=move.matter.pk).update(closed_on=move.today)
    tell = [person for unit in units for person in staff_of(unit)]
    return move.finish(f"并入事项{into.number}（{reason}）", tell=tell)


# The bureau over a unit's handling: 催办, 督办, 改派, 撤回.


def _lead(matter: Matter):
    found = matter.assignments.filter(is_active=True, role=AssignmentRole.LEAD).first()
    return found.unit if found is not None else None


@transaction.atomic
def urge(actor, matter: Matter, *, text: str, at: dt.datetime | None = None) -> Matter:
    """催办: the bureau asks the responsible unit to hurry; its staff are told."""
    move = _Move(actor, matter, Action.URGE, at=at)
    text = _require_text(text, "text", "催办意见")
    unit = _lead(move.matter)
    if unit is None:
        raise DomainError("本事项没有正在办理的责任单位，无需催办", field="text")
    step = move.step(StepKind.URGE, unit=unit, text=text)
    return move.finish(f"催办{unit.name}：{text[:60]}", step=step, tell=staff_of(unit))


@transaction.atomic
def supervise(actor, matter: Matter, *, text: str, at: dt.datetime | None = None) -> Matter:
    """督办: a supervision notice to the responsible unit on its running time limit; the unit
    answers it in writing (reply_supervision). One open notice per unit at a time."""
    move = _Move(actor, matter, Action.SUPERVISE, at=at)
    text = _require_text(text, "text", "督办意见")
    unit = _lead(move.matter)
    clock = (
        Clock.objects.filter(matter=move.matter, unit=unit, state__in=clocks.OPEN_STATES)
        .order_by("due_on")
        .first()
        if unit is not None
        else None
    )
    if clock is None:
        raise DomainError("本事项没有责任单位正在计时的期限，不能督办", field="text")
    if SupervisionNotice.objects.filter(
        matter=move.matter, unit=unit, replied_at__isnull=True
    ).exists():
        raise DomainError(f"{unit.name}尚未回复上一份督办单，请等待回复或催办", field="text")
    SupervisionNotice.objects.create(
        matter=move.matter, clock=clock, unit=unit, issued_at=move.now, text=text
    )
    step = move.step(StepKind.SUPERVISE, unit=unit, text=text)
    return move.finish(f"督办{unit.name}：{text[:60]}", step=step, tell=staff_of(unit))


@transaction.atomic
def reassign(actor, matter: Matter, unit, *, reason: str, at: dt.datetime | None = None) -> Matter:
    """改派: before the unit accepted, the bureau sends the matter to another unit; the
    acceptance clock starts again with it. The new unit is told (the old one no longer
    sees the matter)."""
    move = _Move(actor, matter, Action.REASSIGN, at=at)
    reason = _require_text(reason, "reason", "改派理由")
    old = _lead(move.matter)
    if unit is None:
        raise Invalid({"unit": ["请选择改派的责任单位"]})
    if old is not None and unit.pk == old.pk:
        raise Invalid({"unit": [f"本事项已由{unit.name}办理，请选择其他单位"]})
    if unit.kind == UnitKind.BUREAU and unit.pk == actor.unit_id:
        raise Invalid({"unit": ["不能改派给本单位，请用“撤回”后直接答复"]})
    move.matter.assignments.filter(is_active=True, role=AssignmentRole.LEAD).update(is_active=False)
    clocks.cancel(move.matter, (ClockKind.ACCEPT_NOTICE,))
    petition_actions.assign_to_unit(actor, move.matter, unit, AssignmentRole.LEAD, at=move.now)
    clocks.start(move.matter, ClockKind.ACCEPT_NOTICE, move.today, unit=unit)
    step = move.step(StepKind.REASSIGN, unit=unit, text=reason)
    was = f"由{old.name}" if old is not None else ""
    return move.finish(f"{was}改派至{unit.name}：{reason[:60]}", step=step, tell=staff_of(unit))


@transaction.atomic
def withdraw(actor, matter: Matter, *, reason: str, at: dt.datetime | None = None) -> Matter:
    """撤回: before the unit accepted, the bureau takes its transfer back to dispose of the
    matter again (forward elsewhere, answer directly, refuse). The bureau's handlers are
    told (the unit no longer sees the matter)."""
    move = _Move(actor, matter, Action.WITHDRAW, at=at)
    reason = _require_text(reason, "reason", "撤回理由")
    old = _lead(move.matter)
    move.matter.assignments.filter(is_active=True).update(is_active=False)
    clocks.cancel(move.matter, (ClockKind.ACCEPT_NOTICE,))
    step = move.step(StepKind.WITHDRAW, unit=old, text=reason)
    return move.finish(
        f"撤回转送：{reason[:60]}", step=step, tell=_bureau_staff(move.matter, actor)
    )
