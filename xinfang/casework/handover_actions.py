"""Every write of 交办: a leader hands a batch of matters to leaders below, each receiving
leader reports back what was done, and the tick reminds a report left late.

As the other casework actions: who acts is checked first, input is validated with Chinese
messages, and the batch, its timeline entries and notifications land in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.db import transaction

from xinfang.casework.actions import TEXT_MAX, _text
from xinfang.casework.handover_queries import RANKS
from xinfang.casework.models import Handover, HandoverItem, Leader
from xinfang.casework.queries import handlers_of, leader_of, sees_matter
from xinfang.events.actions import notify, record, record_all
from xinfang.events.models import EventKind
from xinfang.holidays.calendar import Measure
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource
from xinfang.lib.claims import claim_in_chunks
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions.models import OPEN_STATUSES, Matter
from xinfang.petitions.queries import visible_petitions

logger = logging.getLogger("xinfang.casework")

MAX_ITEMS = 200  # matters in one batch: a page of the case list, several times over


def is_below(leader: Leader, than: Leader) -> bool:
    """Whether `leader` is at a lower level (市级 below 省级, 县级 below 市级 …)."""
    return RANKS[leader.level] > RANKS[than.level]


def receiver_problem(me: Leader, matter: Matter, receiver: Leader | None) -> str | None:
    """Why `receiver` may not take `matter` from `me`, in Chinese; None when they may."""
    if receiver is None:
        return "请选择承接领导"
    if not receiver.is_active:
        return f"{receiver.name}已不在任"
    if not is_below(receiver, me):
        return "只能交办给下级领导"
    if not matter.region.path.startswith(receiver.region.path):
        return f"{receiver.name}的所在地区不含该事项的问题属地"
    if receiver.user is not None and not (
        visible_petitions(receiver.user).filter(matter=matter).exists()
    ):
        # An accusation is never handed to the side it accuses (第30条).
        return f"{receiver.name}无权查看此事项，不能交办"
    return None


def _check(
    actor, me: Leader, title: str, note: str, report_by, items, today: dt.date
) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not 2 <= len(title) <= 80:
        errors["title"] = ["请填写批次名称（2至80字），如：2026年第4批领导交办事项"]
    note = (note or "").strip()
    if len(note) > TEXT_MAX:
        errors["note"] = [f"交办要求不超过{TEXT_MAX}字"]
    if report_by is None:
        errors["report_by"] = ["请填写报告期限"]
    elif report_by < today:
        errors["report_by"] = ["报告期限不能早于今天"]
    if not items:
        errors["matters"] = ["请至少选择一件信访事项"]
    elif len(items) > MAX_ITEMS:
        errors["matters"] = [f"一个批次最多交办{MAX_ITEMS}件，请分批交办"]
    seen: set[int] = set()
    for matter, receiver in items:
        if not sees_matter(actor, matter):
            raise NotAllowed(f"无权查看信访事项{matter.number}", field="matters")
        field = f"leader_{matter.pk}"
        if matter.pk in seen:
            errors.setdefault("matters", []).append(f"{matter.number}重复选择")
        elif matter.status not in OPEN_STATUSES:
            errors[field] = [f"{matter.number}已办结，无需交办"]
        elif problem := receiver_problem(me, matter, receiver):
            errors[field] = [problem]
        seen.add(matter.pk)
    if errors:
        raise Invalid(errors)
    return title, note


def hand_over(
    actor,
    *,
    title: str,
    report_by: dt.date | None,
    items: Sequence[tuple[Matter, Leader | None]],
    note: str = "",
    at: dt.datetime | None = None,
) -> Handover:
    """交办: the actor's leader hands each matter of `items` to its receiving leader (a
    leader below, over the matter's place), who must report back by `report_by` (a rest
    day moves to the next working day). All or nothing."""
    me = leader_of(actor)
    if me is None:
        raise NotAllowed("只有领导可以交办")
    at = at or timesource.now()
    title, note = _check(actor, me, title, note, report_by, items, timesource.day_of(at))
    report_by = load_calendar().due_date(report_by, 0, Measure.DAY).date
    with transaction.atomic():
        handover = Handover.objects.create(
            title=title, leader=me, note=note, report_by=report_by, created_by=actor,
            created_at=at,
        )  # fmt: skip
        rows = HandoverItem.objects.bulk_create(
            HandoverItem(handover=handover, matter=m, leader=r) for m, r in items
        )
        events = record_all(
            [
                {"kind": EventKind.HANDED_OVER, "matter": m,
                 "summary": (f"{me.name}（{me.post}）交办{r.name}（{r.post}）办理（{title}），"
                             f"请于{report_by:%Y-%m-%d}前报告办理情况")[:200],
                 "data": {"handover": handover.pk, "item": row.pk, "leader": r.pk,
                          "report_by": report_by.isoformat()}}
                for row, (m, r) in zip(rows, items, strict=True)
            ],
            actor=actor,
            at=at,
        )  # fmt: skip
        for event, (matter, receiver) in zip(events, items, strict=True):
            told = handlers_of(matter) + ([receiver.user] if receiver.user is not None else [])
            notify(event, told, at=at)
    logger.info("user %s handed over %s matter(s) in batch %s", actor.pk, len(rows), handover.pk)
    return handover


def report_back(
    actor, item: HandoverItem, *, text: str, at: dt.datetime | None = None
) -> HandoverItem:
    """The receiving leader's report on a 交办 matter; told to the leader who handed it.
    Reported once."""
    me = leader_of(actor)
    if me is None or me.pk != item.leader_id:
        raise NotAllowed("只有承接领导可以报告办理情况")
    if not sees_matter(actor, item.matter):
        raise NotAllowed("无权查看该信访事项")
    errors: dict[str, list[str]] = {}
    text = _text(text, "report", "办理情况", errors)
    if errors:
        raise Invalid(errors)
    at = at or timesource.now()
    with transaction.atomic():
        done = HandoverItem.objects.filter(pk=item.pk, reported_at__isnull=True).update(
            report=text, reported_by=actor, reported_at=at
        )
        if not done:
            raise DomainError("该交办事项已报告")
        item.refresh_from_db()
        event = record(
            EventKind.HANDOVER_REPORTED,
            actor=actor,
            matter=item.matter,
            summary=f"{me.name}报告交办办理情况：{text}"[:200],
            data={"handover": item.handover_id, "item": item.pk},
            at=at,
        )
        giver = item.handover.leader.user
        if giver is not None:
            notify(event, [giver], at=at)
    return item


def remind_late_reports(today: dt.date, at: dt.datetime) -> int:
    """交办 matters whose report date passed with no report: one reminder each, on the
    timeline, to the receiving leader and to the one who handed it."""

    def remind(rows: list[HandoverItem]) -> None:
        events = record_all(
            [
                {"kind": EventKind.HANDOVER_LATE, "matter": row.matter,
                 "summary": f"{row.handover.leader.name}交办{row.leader.name}的事项要求"
                            f"{row.handover.report_by:%Y-%m-%d}前报告，至今未报告"
                            f"（超期{(today - row.handover.report_by).days}天）",
                 "data": {"handover": row.handover_id, "item": row.pk}}
                for row in rows
            ],
            at=at,
        )  # fmt: skip
        for row, event in zip(rows, events, strict=True):
            told = [u for u in (row.leader.user, row.handover.leader.user) if u is not None]
            notify(event, told, at=at)

    return claim_in_chunks(
        HandoverItem.objects.filter(
            reported_at__isnull=True, handover__report_by__lt=today, reminded_at__isnull=True
        ),
        order=("handover__report_by", "pk"),
        stamp="reminded_at",
        at=at,
        handle=remind,
        related=("matter", "leader__user", "handover__leader__user"),
    )


def day_started(today: dt.date, at: dt.datetime) -> None:
    """The hook the tick calls each run (settings.XINFANG_HOOKS)."""
    late = remind_late_reports(today, at)
    if late:
        logger.info("reminded leaders of %s late 交办 report(s)", late)
