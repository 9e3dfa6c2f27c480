"""Every write of backlog work: marking a matter as 积案 and ending it (化解), its follow-up
plan, the 老户 flag, campaigns and their cases, and the tick's reminder of late follow-ups.

Each action checks who acts (see queries: the bureau's staff, supervisors and leaders who
may see the case), validates its input (Chinese messages) and writes the timeline in its own
transaction, through the events app's one write path.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.db import IntegrityError, transaction

from xinfang.backlog.models import (
    Backlog,
    Campaign,
    CampaignCase,
    Ending,
    FollowUp,
    FollowUpKind,
    LongTermPetitioner,
)
from xinfang.backlog.queries import (
    may_record_follow_up,
    may_run_campaigns,
    may_work_on,
    sees_matter,
)
from xinfang.casework.models import Leader, Ownership
from xinfang.casework.queries import handlers_of
from xinfang.events.actions import notify, record, record_all
from xinfang.events.models import EventKind
from xinfang.holidays.calendar import Measure
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions.models import Matter, MatterStatus, Petitioner

logger = logging.getLogger("xinfang.backlog")

TEXT_MIN, TEXT_MAX = 2, 300
MAX_WORKDAYS = 250  # about a year of working days
MAX_CAMPAIGN_DAYS = 366
CHUNK = 500  # follow-ups reminded per transaction


def _text(value: str, field: str, what: str, errors: dict, *, needed: bool = True) -> str:
    value = (value or "").strip()
    if (needed or value) and not TEXT_MIN <= len(value) <= TEXT_MAX:
        errors.setdefault(field, []).append(f"请填写{what}（{TEXT_MIN}至{TEXT_MAX}字）")
    return value


def _day(value: dt.date | None, today: dt.date, field: str, what: str, errors: dict) -> dt.date:
    if value is None:
        return today
    if value > today:
        errors.setdefault(field, []).append(f"{what}不能晚于今天")
    return value


# 1. 积案: mark and end.


def mark_backlog(
    actor,
    matter: Matter,
    *,
    reason: str,
    marked_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Backlog:
    """List `matter` as a 积案, with the reason and the day it was listed (today unless an
    earlier day is given: a ledger kept on paper first). One open 积案 per matter."""
    if not may_work_on(actor, matter):
        raise NotAllowed("无权将该事项列为积案")
    if matter.status == MatterStatus.VOIDED:
        raise DomainError("该事项已作废")
    at = at or timesource.now()
    today = timesource.day_of(at)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "列为积案的原因", errors)
    marked_on = _day(marked_on, today, "marked_on", "列为积案日期", errors)
    if marked_on < matter.opened_on:
        errors.setdefault("marked_on", []).append("列为积案日期不能早于事项首次收到日期")
    if errors:
        raise Invalid(errors)
    try:
        with transaction.atomic():
            backlog = Backlog.objects.create(
                matter=matter, reason=reason, marked_on=marked_on, marked_by=actor, marked_at=at
            )
            record(
                EventKind.BACKLOG_MARKED,
                actor=actor,
                matter=matter,
                summary=f"列为信访积案（{marked_on:%Y-%m-%d}）：{reason}"[:200],
                data={"backlog": backlog.pk, "marked_on": marked_on.isoformat()},
                at=at,
            )
    except IntegrityError as exc:  # the one-open-mark constraint: someone marked it first
        raise DomainError("该事项已列为积案") from exc
    return backlog


def end_backlog(
    actor,
    backlog: Backlog,
    *,
    ending: str,
    ended_on: dt.date | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Backlog:
    """化解: the 积案 ended one of the five ways (依法终结, 程序中止, 协议化解, 听证终结,
    救助息访) on `ended_on`; its follow-up plan stops. Ended once."""
    matter = backlog.matter
    if not may_work_on(actor, matter):
        raise NotAllowed("无权为该积案销号")
    at = at or timesource.now()
    today = timesource.day_of(at)
    errors: dict[str, list[str]] = {}
    if ending not in Ending.values:
        errors["ending"] = ["请选择终结方式"]
    ended_on = _day(ended_on, today, "ended_on", "化解日期", errors)
    if ended_on < backlog.marked_on:
        errors.setdefault("ended_on", []).append("化解日期不能早于列为积案日期")
    note = _text(note, "note", "化解情况", errors, needed=False)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        done = Backlog.objects.filter(pk=backlog.pk, ended_on__isnull=True).update(
            ending=ending, ended_on=ended_on, ending_note=note, ended_by=actor, ended_at=at
        )
        if not done:
            raise DomainError("该积案已化解销号")
        backlog.refresh_from_db()
        label = Ending(ending).label
        event = record(
            EventKind.BACKLOG_ENDED,
            actor=actor,
            matter=matter,
            summary=f"积案化解（{label}，{ended_on:%Y-%m-%d}）{('：' + note) if note else ''}"[
                :200
            ],
            data={"backlog": backlog.pk, "ending": ending, "ended_on": ended_on.isoformat()},
            at=at,
        )
        owner = Ownership.objects.filter(matter=matter, ended_at__isnull=True).first()
        if owner is not None and owner.leader.user is not None:
            notify(event, [owner.leader.user], at=at)
    return backlog


# 2. The follow-up plan.


def _due(today: dt.date, workdays: int | None, on: dt.date | None) -> dt.date:
    """A follow-up's date on the project's calendar: `workdays` working days from today, or
    the date given, moved to the next working day when it is a rest day (民法典 第203条)."""
    if (workdays is None) == (on is None):
        raise Invalid({"due_workdays": ["请填写计划完成时间：工作日数或指定日期，二选一"]})
    calendar = load_calendar()
    if workdays is not None:
        if not 1 <= workdays <= MAX_WORKDAYS:
            raise Invalid({"due_workdays": [f"工作日数应在1至{MAX_WORKDAYS}之间"]})
        return calendar.due_date(today, workdays, Measure.WORKDAY).date
    if on < today:
        raise Invalid({"due_on": ["计划完成日期不能早于今天"]})
    return calendar.due_date(on, 0, Measure.DAY).date


def plan_follow_up(
    actor,
    backlog: Backlog,
    *,
    kind: str,
    plan: str,
    due_workdays: int | None = None,
    due_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> FollowUp:
    """Add a visit (回访), a call or help (帮扶) to an open 积案's plan, due on a working day."""
    if not may_work_on(actor, backlog.matter):
        raise NotAllowed("无权制定该积案的跟踪计划")
    if not backlog.is_open:
        raise DomainError("该积案已化解销号，无需再制定跟踪计划")
    at = at or timesource.now()
    errors: dict[str, list[str]] = {}
    if kind not in FollowUpKind.values:
        errors["kind"] = ["请选择跟踪方式"]
    plan = _text(plan, "plan", "计划内容", errors)
    if errors:
        raise Invalid(errors)
    due = _due(timesource.day_of(at), due_workdays, due_on)
    with transaction.atomic():
        item = FollowUp.objects.create(
            backlog=backlog, kind=kind, plan=plan, due_on=due, created_by=actor, created_at=at
        )
        record(
            EventKind.FOLLOW_UP_PLANNED,
            actor=actor,
            matter=backlog.matter,
            summary=f"积案跟踪计划：{FollowUpKind(kind).label}，{due:%Y-%m-%d}前：{plan}"[:200],
            data={"follow_up": item.pk, "due_on": due.isoformat()},
            at=at,
        )
    return item


def record_follow_up(
    actor,
    item: FollowUp,
    *,
    note: str,
    done_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> FollowUp:
    """A planned visit, call or help was done on `done_on`, with what came of it."""
    backlog = item.backlog
    if not may_record_follow_up(actor, backlog.matter):
        raise NotAllowed("无权登记该积案的跟踪情况")
    at = at or timesource.now()
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", "完成情况", errors)
    done_on = _day(done_on, timesource.day_of(at), "done_on", "完成日期", errors)
    if done_on < timesource.day_of(item.created_at):
        errors.setdefault("done_on", []).append("完成日期不能早于制定计划的日期")
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        done = FollowUp.objects.filter(pk=item.pk, done_on__isnull=True).update(
            done_on=done_on, done_note=note, done_by=actor
        )
        if not done:
            raise DomainError("该跟踪事项已登记完成")
        item.refresh_from_db()
        late = "（超期）" if done_on > item.due_on else ""
        record(
            EventKind.FOLLOW_UP_DONE,
            actor=actor,
            matter=backlog.matter,
            summary=f"{item.get_kind_display()}已完成{late}（{done_on:%Y-%m-%d}）：{note}"[:200],
            data={"follow_up": item.pk, "done_on": done_on.isoformat()},
            at=at,
        )
    return item


# 3. 老户.


def flag_long_term(
    actor, petitioner: Petitioner, *, note: str = "", at: dt.datetime | None = None
) -> LongTermPetitioner:
    """Flag a petitioner of a case as 老户 (a service flag: continued help, 第37条)."""
    matter = petitioner.petition.matter
    if not may_work_on(actor, matter):
        raise NotAllowed("无权标记该信访人")
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", "帮扶说明", errors, needed=False)
    if errors:
        raise Invalid(errors)
    at = at or timesource.now()
    try:
        with transaction.atomic():
            flag = LongTermPetitioner.objects.create(
                petitioner=petitioner, note=note, marked_by=actor, marked_at=at
            )
            record(
                EventKind.LONG_TERM_FLAGGED,
                actor=actor,
                petition=petitioner.petition,
                summary=f"标记信访人{petitioner.name}为老户，持续帮扶"[:200],
                data={"petitioner": petitioner.pk, "flagged": True},
                at=at,
            )
    except IntegrityError as exc:
        raise DomainError("该信访人已标记为老户") from exc
    return flag


def unflag_long_term(actor, petitioner: Petitioner, *, at: dt.datetime | None = None) -> None:
    """Take the 老户 flag off a petitioner (their matters are settled, or it was a mistake)."""
    if not may_work_on(actor, petitioner.petition.matter):
        raise NotAllowed("无权修改该信访人的标记")
    at = at or timesource.now()
    with transaction.atomic():
        deleted, _ = LongTermPetitioner.objects.filter(petitioner=petitioner).delete()
        if not deleted:
            raise DomainError("该信访人未标记为老户")
        record(
            EventKind.LONG_TERM_FLAGGED,
            actor=actor,
            petition=petitioner.petition,
            summary=f"取消信访人{petitioner.name}的老户标记"[:200],
            data={"petitioner": petitioner.pk, "flagged": False},
            at=at,
        )


# 4. Campaigns.


def create_campaign(
    actor,
    *,
    name: str,
    region,
    starts_on: dt.date,
    ends_on: dt.date,
    at: dt.datetime | None = None,
) -> Campaign:
    """A 积案化解 campaign over `region` (the actor's own region or one below it)."""
    if not may_run_campaigns(actor):
        raise NotAllowed("只有领导、督查或管理员可以组织积案化解活动")
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not 2 <= len(name) <= 60:
        errors["name"] = ["请填写活动名称（2至60字），如：信访积案化解百日会战"]
    if region is None:
        errors["region"] = ["请选择地区"]
    elif not region.path.startswith(actor.region.path):
        errors["region"] = ["只能在本级或下级地区组织活动"]
    if starts_on is None or ends_on is None:
        errors["ends_on"] = ["请填写开始和结束日期"]
    elif ends_on < starts_on:
        errors["ends_on"] = ["结束日期不能早于开始日期"]
    elif (ends_on - starts_on).days > MAX_CAMPAIGN_DAYS:
        errors["ends_on"] = ["活动期限不能超过一年"]
    if errors:
        raise Invalid(errors)
    campaign = Campaign.objects.create(
        name=name, region=region, starts_on=starts_on, ends_on=ends_on, created_by=actor,
        created_at=at or timesource.now(),
    )  # fmt: skip
    logger.info("user %s created campaign %s", actor.pk, campaign.pk)
    return campaign


def list_in_campaign(
    actor,
    campaign: Campaign,
    backlog: Backlog,
    *,
    owner: Leader | None = None,
    at: dt.datetime | None = None,
) -> CampaignCase:
    """List an open 积案 in `campaign` with the leader answerable for it: the matter's
    current owner (领导包案) when it has one and no other is named."""
    matter = backlog.matter
    if not may_run_campaigns(actor) or not sees_matter(actor, matter):
        raise NotAllowed("无权将该积案列入活动")
    if not backlog.is_open:
        raise DomainError("该积案已化解销号")
    if not matter.region.path.startswith(campaign.region.path):
        raise Invalid({"backlog": [f"该积案的问题属地不在{campaign.region.name}"]})
    at = at or timesource.now()
    if campaign.ends_on < timesource.day_of(at):
        raise DomainError("该活动已结束")
    if owner is None:
        current = Ownership.objects.filter(matter=matter, ended_at__isnull=True).first()
        owner = current.leader if current is not None else None
    if owner is None:
        raise Invalid({"owner": ["该事项尚无包案领导，请指定包案责任人"]})
    if not owner.is_active or not matter.region.path.startswith(owner.region.path):
        raise Invalid({"owner": [f"{owner.name}不在任或所在地区不含该事项的问题属地"]})
    try:
        with transaction.atomic():
            listed = CampaignCase.objects.create(
                campaign=campaign, backlog=backlog, owner=owner, added_by=actor, added_at=at
            )
            event = record(
                EventKind.CAMPAIGN_LISTED,
                actor=actor,
                matter=matter,
                summary=f"列入“{campaign.name}”，包案责任人：{owner.name}（{owner.post}）"[:200],
                data={"campaign": campaign.pk, "owner": owner.pk},
                at=at,
            )
            told = handlers_of(matter) + ([owner.user] if owner.user is not None else [])
            notify(event, told, at=at)
    except IntegrityError as exc:
        raise DomainError("该积案已列入本活动") from exc
    return listed


# 5. The tick (settings.XINFANG_HOOKS["day_started"]).


def remind_late_follow_ups(today: dt.date, at: dt.datetime) -> int:
    """Follow-ups of open 积案 whose date passed undone: one reminder each, on the timeline,
    to whoever planned it and the matter's current owner. Claimed by a conditional UPDATE
    with a token, chunk by chunk, so two workers never remind twice and running again finds
    nothing left. Returns how many were reminded."""
    candidates = FollowUp.objects.filter(
        done_on__isnull=True,
        reminded_at__isnull=True,
        due_on__lt=today,
        backlog__ended_on__isnull=True,
    )
    reminded = 0
    while True:
        with transaction.atomic():
            picked = list(candidates.order_by("due_on", "pk").values_list("pk", flat=True)[:CHUNK])
            if not picked:
                return reminded
            token = uuid.uuid4().hex
            FollowUp.objects.filter(pk__in=picked, reminded_at__isnull=True).update(
                claim=token, reminded_at=at
            )
            rows = list(
                FollowUp.objects.filter(claim=token)
                .select_related("backlog__matter", "created_by")
                .order_by("pk")
            )
            events = record_all(
                [
                    {"kind": EventKind.FOLLOW_UP_LATE, "matter": row.backlog.matter,
                     "summary": f"积案跟踪计划（{row.get_kind_display()}）应于{row.due_on:%Y-%m-%d}"
                                f"完成，至今未登记（超期{(today - row.due_on).days}天）",
                     "data": {"follow_up": row.pk, "due_on": row.due_on.isoformat()}}
                    for row in rows
                ],
                at=at,
            )  # fmt: skip
            owners = {
                o.matter_id: o.leader.user
                for o in Ownership.objects.filter(
                    matter_id__in=[row.backlog.matter_id for row in rows], ended_at__isnull=True
                ).select_related("leader__user")
                if o.leader.user is not None
            }
            for row, event in zip(rows, events, strict=True):
                told = [row.created_by]
                if row.backlog.matter_id in owners:
                    told.append(owners[row.backlog.matter_id])
                notify(event, told, at=at)
            reminded += len(rows)


def day_started(today: dt.date, at: dt.datetime) -> None:
    """The hook the tick calls each run (settings.XINFANG_HOOKS)."""
    reminded = remind_late_follow_ups(today, at)
    if reminded:
        logger.info("reminded %s late 积案 follow-up(s)", reminded)
