"""Writes for joint meetings and special groups: forming a special group for a hot class,
recording a meeting with its attendees and the matters discussed, its decisions (each with a
responsible unit and a deadline in working days), their follow-up, and the tick's one
reminder of a decision left late.

Every write validates, raises Invalid / NotAllowed with Chinese messages, and runs in one
transaction; what concerns a matter is written on its timeline (events.actions.record).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction

from xinfang.classes.models import ContentClass
from xinfang.events.actions import notify, record, record_all
from xinfang.events.models import EventKind
from xinfang.holidays.calendar import Measure
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource
from xinfang.lib.claims import claim_in_chunks
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.meetings import queries
from xinfang.meetings.models import (
    Decision,
    DecisionStatus,
    FollowUp,
    Meeting,
    MeetingKind,
    MeetingMatter,
    SpecialGroup,
)
from xinfang.petitions.actions import assign_to_unit
from xinfang.petitions.models import AssignmentRole, Matter
from xinfang.regions.models import Region, Unit

logger = logging.getLogger(__name__)

TEXT_MAX = 500
DAYS_MAX = 120
MATTERS_MAX = 50
EARLIEST = dt.date(2000, 1, 1)
# A decision's follow-up moves forward only; 已落实 is final (a new problem is a new decision).
FOLLOW_UP_EDGES = {
    DecisionStatus.PENDING: {DecisionStatus.UNDER_WAY, DecisionStatus.DONE},
    DecisionStatus.UNDER_WAY: {DecisionStatus.UNDER_WAY, DecisionStatus.DONE},
    DecisionStatus.DONE: set(),
}


class _Errors(dict):
    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)


def _text(errors: _Errors, name: str, label: str, value: str, limit: int, *,
          required: bool = True) -> str:  # fmt: skip
    value = (value or "").strip()
    if required and not value:
        errors.add(name, f"请填写{label}")
    elif len(value) > limit:
        errors.add(name, f"{label}不能超过{limit}字")
    return value


def _in_scope(actor, region: Region) -> bool:
    return bool(actor.region_id) and region.path.startswith(actor.region.path)


# -- special groups -----------------------------------------------------------------------


def create_group(
    actor, *, region: Region | None, content_class: ContentClass | None, name: str,
    lead_unit: Unit | None, members: list[Unit], at: dt.datetime | None = None,
) -> SpecialGroup:  # fmt: skip
    """成立专项小组 for a hot class in a region: one group per class."""
    if not queries.may_record_meetings(actor):
        raise NotAllowed("您没有成立专项小组的权限")
    errors = _Errors()
    name = _text(errors, "name", "小组名称", name, 80)
    if region is None:
        errors.add("region", "请选择所属区划")
    elif not _in_scope(actor, region):
        errors.add("region", f"所属区划应在{actor.region.name}辖区内")
    if content_class is None:
        errors.add("content_class", "请选择热点分类")
    if lead_unit is None:
        errors.add("lead_unit", "请选择牵头单位")
    if not members:
        errors.add("members", "请选择成员单位")
    if (
        not errors
        and SpecialGroup.objects.filter(region=region, content_class=content_class).exists()
    ):
        errors.add("content_class", f"{region.name}已有“{content_class.name}”专项小组")
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        group = SpecialGroup.objects.create(
            region=region, content_class=content_class, name=name, lead_unit=lead_unit,
            created_by=actor, created_at=at or timesource.now(),
        )  # fmt: skip
        group.members.set({lead_unit, *members})
    return group


# -- meetings -----------------------------------------------------------------------------


@dataclass
class MeetingDraft:
    """A meeting as typed on the form, before it is checked."""

    kind: str
    region: Region | None
    convener: Unit | None
    held_on: dt.date | None
    place: str
    topic: str
    chair: str
    attendees: list[Unit] = field(default_factory=list)
    matters: list[Matter] = field(default_factory=list)
    group: SpecialGroup | None = None
    summary: str = ""


def check_meeting(actor, draft: MeetingDraft, today: dt.date) -> _Errors:
    errors = _Errors()
    if draft.kind not in MeetingKind.values:
        errors.add("kind", "请选择会议类型")
    elif draft.kind == MeetingKind.GROUP and draft.group is None:
        errors.add("group", "专项小组会议请选择专项小组")
    elif draft.kind == MeetingKind.JOINT:
        draft.group = None
    if draft.region is None:
        errors.add("region", "请选择所属区划")
    elif not _in_scope(actor, draft.region):
        errors.add("region", f"所属区划应在{actor.region.name}辖区内")
    if (
        draft.group is not None
        and draft.region is not None
        and draft.group.region_id != draft.region.pk
    ):
        errors.add("group", f"{draft.group.name}不属于{draft.region.name}")
    if draft.convener is None:
        errors.add("convener", "请选择召集单位")
    elif not queries.convening_units(actor).filter(pk=draft.convener.pk).exists():
        errors.add("convener", f"您不能以{draft.convener.name}名义召集会议")
    if draft.held_on is None:
        errors.add("held_on", "请填写会议日期")
    elif draft.held_on > today:
        errors.add("held_on", "会议日期不能晚于今天（会后登记会议情况）")
    elif draft.held_on < EARLIEST:
        errors.add("held_on", "会议日期不能早于2000年")
    draft.place = _text(errors, "place", "会议地点", draft.place, 80)
    draft.topic = _text(errors, "topic", "会议议题", draft.topic, 120)
    draft.chair = _text(errors, "chair", "主持人", draft.chair, 60)
    draft.summary = _text(errors, "summary", "会议纪要", draft.summary, 10_000, required=False)
    if len({u.pk for u in draft.attendees}) < 2:
        errors.add("attendees", "联席会议至少应有两个参会单位")
    if len(draft.matters) > MATTERS_MAX:
        errors.add("matters", f"一次会议研究的事项不能超过{MATTERS_MAX}件")
    seen = set(queries.visible_matter_ids(actor).filter(matter__in=draft.matters)
               .values_list("matter_id", flat=True))  # fmt: skip
    for matter in draft.matters:
        if matter.pk not in seen:
            errors.add("matters", f"没有找到信访事项“{matter.number}”")
    return errors


def record_meeting(actor, draft: MeetingDraft, *, at: dt.datetime | None = None) -> Meeting:
    """登记会议: the sitting, its attendees, and each matter discussed written on the
    matter's timeline (提交联席会议研究)."""
    if not queries.may_record_meetings(actor):
        raise NotAllowed("您没有登记联席会议的权限")
    at = at or timesource.now()
    errors = check_meeting(actor, draft, timesource.day_of(at))
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            kind=draft.kind, group=draft.group, region=draft.region, convener=draft.convener,
            held_on=draft.held_on, place=draft.place, topic=draft.topic, chair=draft.chair,
            summary=draft.summary, recorded_by=actor, recorded_at=at,
        )  # fmt: skip
        meeting.attendees.set(draft.attendees)
        matters = list({m.pk: m for m in draft.matters}.values())
        MeetingMatter.objects.bulk_create(
            MeetingMatter(meeting=meeting, matter=m, position=i) for i, m in enumerate(matters)
        )
        record_all(
            [{"kind": EventKind.MEETING_DISCUSSED, "matter": m,
              "summary": f"提交{meeting.title}研究（{meeting.held_on:%Y-%m-%d}，{meeting.topic}）"[:200],
              "data": {"meeting": meeting.pk}}
             for m in matters],
            actor=actor,
            at=at,
        )  # fmt: skip
    return meeting


def add_decision(
    actor, meeting: Meeting, *, text: str, unit: Unit | None, days: int | None,
    matter: Matter | None = None, at: dt.datetime | None = None,
) -> Decision:  # fmt: skip
    """记录会议决定: the responsible unit must carry it out within `days` working days of
    the meeting (the calendar's working days, holidays skipped); written on the matter's
    timeline and told to the unit's staff, the unit made responsible (协办) for the matter."""
    if not queries.may_record_meetings(actor) or not _in_scope(actor, meeting.region):
        raise NotAllowed("您没有记录会议决定的权限")
    errors = _Errors()
    text = _text(errors, "text", "决定事项", text, TEXT_MAX)
    if unit is None:
        errors.add("unit", "请选择责任单位")
    elif not meeting.attendees.filter(pk=unit.pk).exists():
        errors.add("unit", f"责任单位应为参会单位（{unit.name}未参会）")
    if days is None:
        errors.add("days", "请填写办理时限")
    elif not 1 <= days <= DAYS_MAX:
        errors.add("days", f"办理时限应在1至{DAYS_MAX}个工作日之间")
    if matter is not None and not meeting.items.filter(matter=matter).exists():
        errors.add("matter", "涉及事项应为本次会议研究的事项")
    if errors:
        raise Invalid(errors)
    at = at or timesource.now()
    due = load_calendar().due_date(meeting.held_on, days, Measure.WORKDAY).date
    with transaction.atomic():
        if matter is not None:
            _make_responsible(actor, matter, unit, at)
        decision = Decision.objects.create(
            meeting=meeting, matter=matter, text=text, unit=unit, days=days, due_on=due,
            position=meeting.decisions.count(),
        )  # fmt: skip
        event = record(
            EventKind.MEETING_DECISION,
            actor=actor,
            matter=matter,
            summary=f"{meeting.title}决定：{text}（责任单位{unit.name}，"
                    f"{due:%Y-%m-%d}前落实）"[:200],
            data={"meeting": meeting.pk, "decision": decision.pk, "unit": unit.pk,
                  "due_on": due.isoformat()},
            at=at,
        )  # fmt: skip
        notify(event, queries.staff_of(unit.pk), at=at)
    return decision


def _make_responsible(actor, matter: Matter, unit: Unit, at: dt.datetime) -> None:
    """A decision on a matter makes its unit one of the matter's responsible units (协办单位)
    when it is not yet: the unit must read the matter to carry the decision out. A 检举控告
    never goes to the unit it accuses (assign_to_unit refuses)."""
    if matter.assignments.filter(unit=unit, is_active=True).exists():
        return
    try:
        assign_to_unit(actor, matter, unit, AssignmentRole.ASSIST, at=at)
    except DomainError as exc:
        raise Invalid({"unit": [exc.message]}) from exc


def follow_up(
    actor, decision: Decision, *, status: str, text: str, on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> FollowUp:  # fmt: skip
    """报告落实情况: 落实中 with what was done so far, or 已落实 (final); on the matter's
    timeline, told to whoever recorded the meeting."""
    if not queries.may_follow_up(actor, decision):
        if decision.status == DecisionStatus.DONE:
            raise DomainError("该决定已落实", field="status")
        raise NotAllowed("只有责任单位或会议召集方可以报告落实情况")
    at = at or timesource.now()
    today = timesource.day_of(at)
    on = on or today
    errors = _Errors()
    text = _text(errors, "text", "落实情况说明", text, TEXT_MAX)
    if status not in (DecisionStatus.UNDER_WAY, DecisionStatus.DONE):
        errors.add("status", "请选择落实情况（落实中或已落实）")
    if on > today:
        errors.add("on", "日期不能晚于今天")
    elif on < decision.meeting.held_on:
        errors.add("on", f"日期不能早于会议日期（{decision.meeting.held_on:%Y-%m-%d}）")
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if status not in FOLLOW_UP_EDGES[DecisionStatus(locked.status)]:
            raise DomainError("该决定已落实", field="status")
        done_on = on if status == DecisionStatus.DONE else None
        Decision.objects.filter(pk=decision.pk).update(status=status, done_on=done_on)
        decision.status, decision.done_on = status, done_on
        item = FollowUp.objects.create(
            decision=decision, on=on, status=status, text=text, recorded_by=actor,
            recorded_at=at,
        )  # fmt: skip
        label = DecisionStatus(status).label
        event = record(
            EventKind.DECISION_FOLLOW_UP,
            actor=actor,
            matter=decision.matter,
            summary=f"{decision.unit.name}报告会议决定{label}：{text}"[:200],
            data={"meeting": decision.meeting_id, "decision": decision.pk, "status": status},
            at=at,
        )  # fmt: skip
        notify(event, [decision.meeting.recorded_by], at=at)
    return item


# -- the tick -----------------------------------------------------------------------------


def remind_late_decisions(today: dt.date, at: dt.datetime) -> int:
    """Decisions past their deadline and not carried out: one reminder each, on the
    matter's timeline, to the responsible unit's staff and to whoever recorded the meeting.
    Claimed with a conditional UPDATE, so a second run (or a second worker) finds none."""

    def remind(rows: list[Decision]) -> None:
        events = record_all(
            [{"kind": EventKind.DECISION_LATE, "matter": row.matter,
              "summary": f"{row.meeting.title}（{row.meeting.held_on:%Y-%m-%d}）决定由{row.unit.name}"
                         f"于{row.due_on:%Y-%m-%d}前落实，至今未落实：{row.text}"[:200],
              "data": {"meeting": row.meeting_id, "decision": row.pk}}
             for row in rows],
            at=at,
        )  # fmt: skip
        for row, event in zip(rows, events, strict=True):
            notify(event, [*queries.staff_of(row.unit_id), row.meeting.recorded_by], at=at)

    return claim_in_chunks(
        Decision.objects.filter(due_on__lt=today, reminded_at__isnull=True).exclude(
            status=DecisionStatus.DONE
        ),
        order=("due_on", "pk"),
        stamp="reminded_at",
        at=at,
        handle=remind,
        related=("matter", "unit", "meeting__region", "meeting__group", "meeting__recorded_by"),
    )


def day_started(today: dt.date, at: dt.datetime) -> None:
    """The hook the tick calls each run (settings.XINFANG_HOOKS)."""
    late = remind_late_decisions(today, at)
    if late:
        logger.info("reminded units of %s late meeting decision(s)", late)
