"""Every write of leadership casework: the leaders' list, 包案, 批示 and their answers, and
the tick's reminder of instructions left unanswered.

Each action checks who acts (only leaders own and instruct, only the case's handlers answer),
validates its input (Chinese messages) and writes the timeline and notifications in its own
transaction, through the events app's one write path.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from xinfang.accounts.models import Role
from xinfang.casework.models import Instruction, Leader, LeaderLevel, Ownership, TargetMeasure
from xinfang.casework.queries import (
    REGION_LEVEL,
    handlers_of,
    is_handler,
    leader_of,
    may_manage_leaders,
    sees_matter,
)
from xinfang.events.actions import notify, record, record_all
from xinfang.events.models import EventKind
from xinfang.holidays.calendar import Measure
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource
from xinfang.lib.claims import claim_in_chunks
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions.models import OPEN_STATUSES, Channel, Matter
from xinfang.petitions.queries import accused_unit_ids, visible_petitions

logger = logging.getLogger("xinfang.casework")

TEXT_MIN, TEXT_MAX = 2, 1000
MAX_WORKDAYS = 250  # about a year of working days


def _text(value: str, field: str, what: str, errors: dict[str, list[str]]) -> str:
    value = (value or "").strip()
    if not TEXT_MIN <= len(value) <= TEXT_MAX:
        errors.setdefault(field, []).append(f"请填写{what}（{TEXT_MIN}至{TEXT_MAX}字）")
    return value


# 1. The leaders' list (admin).


def check_leader(
    actor,
    leader: Leader | None = None,
    *,
    name: str,
    post: str,
    level: str,
    region,
    user=None,
    is_active: bool = True,
) -> tuple[str, str]:
    """Refuse what `save_leader` would refuse; return the name and post as stored.

    The login, when given, must have the leader role and the leader's region as its scope:
    the account's scope is what the leader sees, so it must be the place they lead.
    """
    if not may_manage_leaders(actor):
        raise NotAllowed("只有管理员可以维护领导名录")
    errors: dict[str, list[str]] = {}
    name, post = (name or "").strip(), (post or "").strip()
    if not 2 <= len(name) <= 40:
        errors["name"] = ["请填写领导姓名（2至40字）"]
    if not 2 <= len(post) <= 60:
        errors["post"] = ["请填写职务（2至60字），如：市委副书记"]
    if level not in LeaderLevel.values:
        errors["level"] = ["请选择级别"]
    if region is None:
        errors["region"] = ["请选择所在地区"]
    elif level in LeaderLevel.values and region.level != REGION_LEVEL[level]:
        place = REGION_LEVEL[level].label
        errors["region"] = [f"{LeaderLevel(level).label}领导的所在地区应为{place}级区划"]
    if user is not None:
        taken = Leader.objects.filter(user=user).exclude(pk=getattr(leader, "pk", None)).first()
        if user.role != Role.LEADER:
            errors["user"] = ["该账号的角色不是“领导”，请先在用户管理中修改角色"]
        elif region is not None and user.region_id != region.pk:
            errors["user"] = [f"该账号的管辖区划应为{region.name}，与领导所在地区一致"]
        elif taken is not None:
            errors["user"] = [f"该账号已关联领导{taken.name}"]
    if errors:
        raise Invalid(errors)
    return name, post


def save_leader(actor, leader: Leader | None = None, **values) -> Leader:
    """Add a leader (leader=None) or change one. Administrators only (see check_leader)."""
    name, post = check_leader(actor, leader, **values)
    with transaction.atomic():
        leader = leader or Leader()
        leader.name, leader.post, leader.level = name, post, values["level"]
        leader.region, leader.user = values["region"], values.get("user")
        leader.is_active = values.get("is_active", True)
        leader.save()
    logger.info("user %s saved leader %s", actor.pk, leader.pk)
    return leader


# 2. 领导包案.


def _target(
    today: dt.date, workdays: int | None, on: dt.date | None
) -> tuple[dt.date, str, int | None]:
    """The owner's target on the project's calendar: `workdays` working days from today, or
    the date given, moved to the next working day when it is a rest day (民法典 第203条)."""
    calendar = load_calendar()
    if (workdays is None) == (on is None):
        raise Invalid({"target_workdays": ["请填写办结期限：工作日数或指定日期，二选一"]})
    if workdays is not None:
        if not 1 <= workdays <= MAX_WORKDAYS:
            raise Invalid({"target_workdays": [f"工作日数应在1至{MAX_WORKDAYS}之间"]})
        due = calendar.due_date(today, workdays, Measure.WORKDAY).date
        return due, TargetMeasure.WORKDAYS, workdays
    if on < today:
        raise Invalid({"target_on": ["办结期限不能早于今天"]})
    return calendar.due_date(on, 0, Measure.DAY).date, TargetMeasure.DATE, None


def own_matter(
    actor,
    matter: Matter,
    *,
    leader: Leader,
    unit,
    target_workdays: int | None = None,
    target_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Ownership:
    """领导包案: `leader` owns `matter` with `unit` as co-responsible unit, until the target.

    Only a leader acts; the owner is a leader over the matter's place within the actor's own
    region (themselves, or one below). Taking over a matter ends its current ownership,
    which is kept. A 检举控告 goes neither to an owner who may not see it nor to the
    accused unit (第30条).
    """
    me = leader_of(actor)
    if me is None:
        raise NotAllowed("只有领导可以包案")
    if not sees_matter(actor, matter):
        raise NotAllowed("无权查看该信访事项")
    if matter.status not in OPEN_STATUSES:
        raise DomainError("该事项已办结，无需包案")
    if not leader.is_active:
        raise Invalid({"leader": ["该领导已不在任"]})
    if not matter.region.path.startswith(leader.region.path):
        raise Invalid({"leader": [f"{leader.name}的所在地区不含该事项的问题属地"]})
    if actor.region_id and not leader.region.path.startswith(actor.region.path):
        raise Invalid({"leader": ["只能由本级或下级领导包案"]})
    if (
        leader.user is not None
        and not visible_petitions(leader.user).filter(matter=matter).exists()
    ):
        raise NotAllowed("该领导无权查看此事项，不能包案", field="leader")
    if unit is None or not unit.is_active:
        raise Invalid({"unit": ["请选择在用的共同责任单位"]})
    if unit.pk in accused_unit_ids(matter):
        raise NotAllowed("检举控告件不得交由被检举控告的单位办理", field="unit")
    at = at or timesource.now()
    target, measure, workdays = _target(timesource.day_of(at), target_workdays, target_on)
    with transaction.atomic():
        Matter.objects.select_for_update().filter(pk=matter.pk).values_list("pk").get()
        previous = Ownership.objects.filter(matter=matter, ended_at__isnull=True).first()
        if previous is not None and previous.leader_id == leader.pk:
            raise DomainError(f"{leader.name}已是本事项的包案领导")
        if previous is not None:
            Ownership.objects.filter(pk=previous.pk).update(ended_at=at, ended_by=actor)
        ownership = Ownership.objects.create(
            matter=matter, leader=leader, unit=unit, started_on=timesource.day_of(at),
            target_on=target, target_measure=measure, target_workdays=workdays,
            created_by=actor, created_at=at,
        )  # fmt: skip
        took_over = f"（接替{previous.leader.name}）" if previous is not None else ""
        event = record(
            EventKind.CASE_OWNED,
            actor=actor,
            matter=matter,
            summary=(
                f"{leader.name}（{leader.post}）包案{took_over}，共同责任单位：{unit.name}，"
                f"办结期限：{target:%Y-%m-%d}"
            )[:200],
            data={"ownership": ownership.pk, "leader": leader.pk, "unit": unit.pk,
                  "target_on": target.isoformat(),
                  "previous": previous.pk if previous is not None else None},
            at=at,
        )  # fmt: skip
        told = handlers_of(matter)
        for owner in (leader, previous.leader if previous is not None else None):
            if owner is not None and owner.user is not None:
                told.append(owner.user)
        notify(event, told, at=at)
    return ownership


# 3. 批示 and its answer.


def write_instruction(
    actor,
    matter: Matter,
    *,
    text: str,
    answer_by: dt.date | None = None,
    petition=None,
    at: dt.datetime | None = None,
) -> Instruction:
    """A leader's 批示 on `matter`: on the timeline, to the handlers; with `answer_by`, an
    answer is due that day (a rest day moves it to the next working day). With `petition`,
    a letter of the matter, it is a 批阅: the leader read that letter and instructs on it."""
    leader = leader_of(actor)
    if leader is None:
        raise NotAllowed("只有领导可以批示")
    if not sees_matter(actor, matter):
        raise NotAllowed("无权查看该信访事项")
    at = at or timesource.now()
    today = timesource.day_of(at)
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", "批示内容", errors)
    if answer_by is not None and answer_by < today:
        errors["answer_by"] = ["要求回复日期不能早于今天"]
    if petition is not None:
        letter = visible_petitions(actor).filter(pk=petition.pk, matter=matter).first()
        if letter is None:
            errors["petition"] = ["请选择本事项中您有权查看的信访件"]
        elif letter.channel != Channel.LETTER:
            errors["petition"] = ["批阅只适用于来信，请直接批示"]
    if errors:
        raise Invalid(errors)
    if answer_by is not None:
        answer_by = load_calendar().due_date(answer_by, 0, Measure.DAY).date
    with transaction.atomic():
        instruction = Instruction.objects.create(
            matter=matter, leader=leader, petition=petition, text=text, written_by=actor,
            written_at=at, answer_by=answer_by,
        )  # fmt: skip
        due = f"，请于{answer_by:%Y-%m-%d}前回复" if answer_by else ""
        what = f"批阅来信{petition.number}" if petition is not None else "批示"
        event = record(
            EventKind.INSTRUCTION,
            actor=actor,
            matter=matter,
            petition=petition,
            summary=f"{leader.name}（{leader.post}）{what}：{text}"[: 200 - len(due)] + due,
            data={"instruction": instruction.pk, "leader": leader.pk,
                  "petition": petition.pk if petition is not None else None,
                  "answer_by": answer_by.isoformat() if answer_by else None},
            at=at,
        )  # fmt: skip
        notify(event, handlers_of(matter), at=at)
    return instruction


def answer_instruction(
    actor, instruction: Instruction, *, text: str, at: dt.datetime | None = None
) -> Instruction:
    """The handlers' answer to a 批示; told to the leader. Answered once."""
    matter = instruction.matter
    if not is_handler(actor, matter):
        raise NotAllowed("只有本事项的承办人员可以回复批示")
    errors: dict[str, list[str]] = {}
    text = _text(text, "answer", "回复内容", errors)
    if errors:
        raise Invalid(errors)
    at = at or timesource.now()
    with transaction.atomic():
        # Conditional on still unanswered: two handlers answering at once, one wins.
        done = Instruction.objects.filter(pk=instruction.pk, answered_at__isnull=True).update(
            answer=text, answered_by=actor, answered_at=at
        )
        if not done:
            raise DomainError("该批示已回复")
        instruction.refresh_from_db()
        leader = instruction.leader
        event = record(
            EventKind.INSTRUCTION_ANSWERED,
            actor=actor,
            matter=matter,
            summary=f"回复{leader.name}批示：{text}"[:200],
            data={"instruction": instruction.pk},
            at=at,
        )
        if leader.user is not None:
            notify(event, [leader.user], at=at)
    return instruction


# 4. The tick (settings.XINFANG_HOOKS["day_started"]).


def remind_late_instructions(today: dt.date, at: dt.datetime) -> int:
    """Instructions whose answer date passed unanswered: one reminder each, on the timeline
    and to the leader who wrote them (claimed chunk by chunk: two workers never remind twice).
    Returns how many were reminded."""

    def remind(rows: list[Instruction]) -> None:
        events = record_all(
            [
                {"kind": EventKind.INSTRUCTION_LATE, "matter": row.matter,
                 "summary": f"{row.leader.name}的批示要求{row.answer_by:%Y-%m-%d}前回复，"
                            f"至今未回复（超期{(today - row.answer_by).days}天）",
                 "data": {"instruction": row.pk, "answer_by": row.answer_by.isoformat()}}
                for row in rows
            ],
            at=at,
        )  # fmt: skip
        for row, event in zip(rows, events, strict=True):
            if row.leader.user is not None:
                notify(event, [row.leader.user], at=at)

    return claim_in_chunks(
        Instruction.objects.filter(
            answered_at__isnull=True, answer_by__lt=today, escalated_at__isnull=True
        ),
        order=("answer_by", "pk"),
        stamp="escalated_at",
        at=at,
        handle=remind,
        related=("leader__user", "matter"),
    )


def day_started(today: dt.date, at: dt.datetime) -> None:
    """The hook the tick calls each run (settings.XINFANG_HOOKS)."""
    reminded = remind_late_instructions(today, at)
    if reminded:
        logger.info("reminded %s leader(s) of unanswered instructions", reminded)
