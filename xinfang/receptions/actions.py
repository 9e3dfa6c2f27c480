"""Every write of leader receptions: schedule, publish, cancel and record a reception, link
the petitions registered at it and the cases taken on there, the portal's 约访 bookings, and
the 轮流坐班 rota.

Each action checks who acts (queries.may_arrange), validates its input (Chinese messages)
and writes in one transaction. A reception's status moves only along TRANSITIONS.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.db import IntegrityError, transaction

from xinfang.casework.actions import own_matter
from xinfang.casework.models import Leader
from xinfang.casework.queries import leader_of
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.lib.identity import IdentityError, check_phone
from xinfang.petitions.models import Petition
from xinfang.petitions.queries import visible_petitions
from xinfang.receptions import rota as planner
from xinfang.receptions.models import (
    Booking,
    Reception,
    ReceptionCase,
    ReceptionForm,
    ReceptionPetition,
    Rota,
    Status,
)
from xinfang.receptions.queries import may_arrange, visible_receptions

logger = logging.getLogger("xinfang.receptions")

PUBLISH_DAYS_AHEAD = 2  # the schedule is public at least two days before (issue #13)
MAX_SLOTS = 50
MAX_COUNT = 10_000
MAX_ROTA_DAYS = 366
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone

# Every legal edge of a reception's status.
TRANSITIONS = {
    (Status.DRAFT, Status.PUBLISHED),  # publish on the portal, two days ahead at least
    (Status.DRAFT, Status.HELD),  # a 下访 or 处访 recorded without a public notice
    (Status.PUBLISHED, Status.HELD),  # the session took place and is recorded
    (Status.HELD, Status.HELD),  # the record corrected
    (Status.DRAFT, Status.CANCELLED),
    (Status.PUBLISHED, Status.CANCELLED),  # bookers are told by the bureau (their phones)
}
REFUSALS = {
    Status.PUBLISHED: "只有待公布的接访安排可以公布",
    Status.HELD: "已取消的接访不能记录",
    Status.CANCELLED: "已接访或已取消的安排不能取消",
}


def _move(reception: Reception, new: str) -> None:
    if (reception.status, new) not in TRANSITIONS:
        raise DomainError(REFUSALS[new])
    reception.status = new


def _arranger(actor, leader: Leader) -> None:
    if not may_arrange(actor, leader):
        raise NotAllowed("无权安排该领导的接访")


def _place_errors(form, place, link, errors) -> tuple[str, str]:
    place, link = (place or "").strip(), (link or "").strip()
    if form == ReceptionForm.ONLINE:
        if not link.startswith(("https://", "http://")):
            errors["link"] = ["网上接访请填写接访链接（以 https:// 开头）"]
    elif not 2 <= len(place) <= 120:
        errors["place"] = ["请填写接访地点（2至120字）"]
    return place, link


def schedule_reception(
    actor,
    *,
    leader: Leader,
    form: str,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    place: str = "",
    link: str = "",
    topics: str = "",
    region=None,
    slots: int = 0,
    at: dt.datetime | None = None,
) -> Reception:
    """Schedule a reception (待公布). The leader themselves or bureau staff over them.

    The reception's region defaults to the leader's and must lie within it (a city leader's
    下访 to a county is held in the county). 约访 has a number of booking slots.
    """
    _arranger(actor, leader)
    at = at or timesource.now()
    today = timesource.day_of(at)
    region = region or leader.region
    errors: dict[str, list[str]] = {}
    if not leader.is_active:
        errors["leader"] = ["该领导已不在任"]
    if form not in ReceptionForm.values:
        errors["form"] = ["请选择接访形式"]
    if date is None or date < today:
        errors["date"] = ["接访日期不能早于今天"]
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        errors["ends_at"] = ["结束时间应晚于开始时间"]
    place, link = _place_errors(form, place, link, errors)
    topics = (topics or "").strip()
    if len(topics) > 200:
        errors["topics"] = ["接访事项不超过200字"]
    if not region.path.startswith(leader.region.path):
        errors["region"] = [f"接访地区应在{leader.region.name}范围内"]
    elif actor.region_id and not region.path.startswith(actor.region.path):
        errors["region"] = ["接访地区超出您的管辖范围"]
    if form == ReceptionForm.APPOINTMENT:
        if not 1 <= (slots or 0) <= MAX_SLOTS:
            errors["slots"] = [f"约访请填写预约名额（1至{MAX_SLOTS}人）"]
    else:
        slots = 0
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        reception = Reception.objects.create(
            leader=leader, form=form, date=date, starts_at=starts_at, ends_at=ends_at,
            place=place if form != ReceptionForm.ONLINE else "", link=link if form ==
            ReceptionForm.ONLINE else "", topics=topics, region=region, slots=slots,
            created_by=actor, created_at=at,
        )  # fmt: skip
    logger.info("user %s scheduled reception %s", actor.pk, reception.pk)
    return reception


def publish_reception(actor, reception: Reception, *, at: dt.datetime | None = None) -> Reception:
    """Publish the reception on the portal's schedule: no later than two calendar days
    before its date, so petitioners can plan the trip."""
    _arranger(actor, reception.leader)
    at = at or timesource.now()
    today = timesource.day_of(at)
    latest = reception.date - dt.timedelta(days=PUBLISH_DAYS_AHEAD)
    if today > latest:
        raise Invalid({"date": [
            f"接访安排须至少提前{PUBLISH_DAYS_AHEAD}天向社会公布：本次接访在{reception.date:%Y年%m月%d日}，"
            f"最迟应于{latest:%Y年%m月%d日}公布"
        ]})  # fmt: skip
    with transaction.atomic():
        locked = Reception.objects.select_for_update().get(pk=reception.pk)
        _move(locked, Status.PUBLISHED)
        locked.published_at = at
        locked.save(update_fields=["status", "published_at"])
    reception.status, reception.published_at = locked.status, locked.published_at
    return reception


def cancel_reception(actor, reception: Reception, *, at: dt.datetime | None = None) -> Reception:
    """Cancel a reception not yet held; it leaves the public schedule."""
    _arranger(actor, reception.leader)
    with transaction.atomic():
        locked = Reception.objects.select_for_update().get(pk=reception.pk)
        _move(locked, Status.CANCELLED)
        locked.save(update_fields=["status"])
    reception.status = locked.status
    return reception


def record_session(
    actor,
    reception: Reception,
    *,
    batches: int,
    people: int,
    instructions: str = "",
    at: dt.datetime | None = None,
) -> Reception:
    """Record the session (接访记录): 批次 and 人次 received and the instructions given.

    Counts cover everyone received, so they are at least the petitions registered there;
    each 批次 is one person at least.
    """
    _arranger(actor, reception.leader)
    at = at or timesource.now()
    errors: dict[str, list[str]] = {}
    if reception.date > timesource.day_of(at):
        errors["batches"] = ["接访尚未进行，不能记录"]
    linked = reception.petition_links.count()
    if batches is None or not 0 <= batches <= MAX_COUNT:
        errors.setdefault("batches", []).append("请填写接待批次")
    elif batches < linked:
        errors.setdefault("batches", []).append(
            f"本场接访已登记信访件{linked}件，接待批次不能少于{linked}"
        )
    if people is None or not 0 <= people <= MAX_COUNT:
        errors["people"] = ["请填写接待人次"]
    elif batches is not None and people < batches:
        errors["people"] = ["接待人次不能少于接待批次"]
    instructions = (instructions or "").strip()
    if len(instructions) > 2000:
        errors["instructions"] = ["领导交办意见不超过2000字"]
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        locked = Reception.objects.select_for_update().get(pk=reception.pk)
        _move(locked, Status.HELD)
        locked.batches, locked.people, locked.instructions = batches, people, instructions
        locked.recorded_at, locked.recorded_by = at, actor
        locked.save(
            update_fields=["status", "batches", "people", "instructions", "recorded_at",
                           "recorded_by"]
        )  # fmt: skip
    for name in ("status", "batches", "people", "instructions", "recorded_at", "recorded_by"):
        setattr(reception, name, getattr(locked, name))
    return reception


def link_petition(
    actor, reception: Reception, petition: Petition, *, at: dt.datetime | None = None
) -> ReceptionPetition:
    """Link a petition registered at the reception (接访登记). Whoever registered it and may
    see the reception; a petition belongs to one reception at most."""
    if not visible_receptions(actor).filter(pk=reception.pk).exists():
        raise NotAllowed("无权查看该接访安排")
    if not visible_petitions(actor).filter(pk=petition.pk).exists():
        raise NotAllowed("无权查看该信访件")
    if reception.status == Status.CANCELLED:
        raise DomainError("该接访已取消，不能登记")
    at = at or timesource.now()
    if reception.date > timesource.day_of(at):
        raise DomainError("接访尚未进行，不能登记")
    try:
        with transaction.atomic():
            return ReceptionPetition.objects.create(
                reception=reception, petition=petition, linked_by=actor, linked_at=at
            )
    except IntegrityError:
        raise DomainError(f"信访件{petition.number}已关联到其他接访") from None


def take_on(
    actor,
    reception: Reception,
    petition: Petition,
    *,
    unit,
    target_workdays: int | None = None,
    target_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> ReceptionCase:
    """包案 at the reception: the reception's leader owns the matter of a petition registered
    there, through casework's own_matter (same rules, timeline and notices)."""
    me = leader_of(actor)
    if me is None or me.pk != reception.leader_id:
        raise NotAllowed("只有接访领导本人可以在接访中包案")
    if not reception.petition_links.filter(petition=petition).exists():
        raise DomainError("该信访件不是在本场接访登记的")
    with transaction.atomic():
        ownership = own_matter(
            actor, petition.matter, leader=me, unit=unit, target_workdays=target_workdays,
            target_on=target_on, at=at,
        )  # fmt: skip
        return ReceptionCase.objects.create(reception=reception, ownership=ownership)


# 约访 bookings from the portal (no login: the portal's challenge and throttles come first).


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def book(
    nonce: str,
    reception: Reception,
    *,
    name: str,
    phone: str,
    topic: str,
    at: dt.datetime | None = None,
) -> Booking:
    """Book a 约访 slot. The same form sent twice (same nonce) books once; one booking per
    phone per reception; bookings close the day before the reception."""
    found = Booking.objects.filter(nonce=nonce).select_related("reception").first()
    if found is not None:
        return found
    at = at or timesource.now()
    errors: dict[str, list[str]] = {}
    name, topic = (name or "").strip(), (topic or "").strip()
    if not 2 <= len(name) <= 40:
        errors["name"] = ["请填写姓名（2至40字）"]
    try:
        phone = check_phone(phone)
    except IdentityError as exc:
        errors["phone"] = [str(exc)]
    if not 4 <= len(topic) <= 200:
        errors["topic"] = ["请简要填写反映的事项（4至200字）"]
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        locked = Reception.objects.select_for_update().get(pk=reception.pk)
        if not locked.takes_bookings or locked.date <= timesource.day_of(at):
            raise DomainError("该场约访已停止预约")
        if locked.bookings.filter(phone=phone).exists():
            raise Invalid({"phone": ["该手机号码已预约本场约访"]})
        if locked.bookings.count() >= locked.slots:
            raise DomainError("该场约访名额已满，请选择其他场次")
        for _ in range(5):
            code = _code()
            if not Booking.objects.filter(code=code).exists():
                break
        return Booking.objects.create(
            reception=locked, code=code, nonce=nonce, name=name, phone=phone, topic=topic,
            created_at=at,
        )  # fmt: skip


# The 轮流坐班接访 rota.


def generate_rota(
    actor,
    *,
    region,
    leaders: list[Leader],
    starts_on: dt.date,
    ends_on: dt.date,
    place: str,
    starts_at: dt.time,
    ends_at: dt.time,
    unavailable: dict[int, set[dt.date]] | None = None,
    at: dt.datetime | None = None,
) -> Rota:
    """Plan 轮流坐班接访 over a period (see receptions.rota) and create one draft
    reception per working day. Refused when a working day has no leader available."""
    at = at or timesource.now()
    today = timesource.day_of(at)
    unavailable = unavailable or {}
    errors: dict[str, list[str]] = {}
    if not leaders:
        errors["leaders"] = ["请选择参加坐班的领导"]
    for leader in leaders:
        _arranger(actor, leader)
        if not region.path.startswith(leader.region.path):
            errors.setdefault("leaders", []).append(f"{leader.name}不是{region.name}范围的领导")
    if actor.region_id and not region.path.startswith(actor.region.path):
        errors["region"] = ["坐班地区超出您的管辖范围"]
    if starts_on is None or ends_on is None or ends_on < starts_on:
        errors["ends_on"] = ["截止日期不能早于起始日期"]
    elif starts_on < today:
        errors["starts_on"] = ["起始日期不能早于今天"]
    elif (ends_on - starts_on).days >= MAX_ROTA_DAYS:
        errors["ends_on"] = ["排班期间不超过一年"]
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        errors["ends_at"] = ["结束时间应晚于开始时间"]
    place = (place or "").strip()
    if not 2 <= len(place) <= 120:
        errors["place"] = ["请填写坐班地点（2至120字）"]
    if errors:
        raise Invalid(errors)
    days = planner.working_days(load_calendar(), starts_on, ends_on)
    if not days:
        raise Invalid({"ends_on": ["所选期间没有工作日"]})
    plan = planner.plan(days, [leader.pk for leader in leaders], unavailable)
    if plan.uncovered:
        shown = "、".join(f"{d:%m月%d日}" for d in plan.uncovered[:10])
        raise Invalid({"unavailable": [f"以下工作日所有领导均不能坐班：{shown}"]})
    by_pk = {leader.pk: leader for leader in leaders}
    with transaction.atomic():
        rota = Rota.objects.create(
            region=region, starts_on=starts_on, ends_on=ends_on, place=place,
            starts_at=starts_at, ends_at=ends_at, created_by=actor, created_at=at,
            unavailable={str(k): sorted(d.isoformat() for d in v if starts_on <= d <= ends_on)
                         for k, v in unavailable.items() if v},
        )  # fmt: skip
        Reception.objects.bulk_create(
            Reception(
                leader=by_pk[leader_pk],
                form=ReceptionForm.ROTA,
                date=day,
                starts_at=starts_at,
                ends_at=ends_at,
                place=place,
                topics="轮流坐班接访",
                region=region,
                rota=rota,
                created_by=actor,
                created_at=at,
            )  # fmt: skip
            for day, leader_pk in sorted(plan.duties.items())
        )
    logger.info("user %s generated rota %s (%s days)", actor.pk, rota.pk, len(days))
    return rota


def publish_rota(actor, rota: Rota, *, at: dt.datetime | None = None) -> int:
    """Publish every draft reception of the rota still two days or more ahead; returns how
    many. The nearer ones stay drafts (publish_reception would refuse them)."""
    at = at or timesource.now()
    first = timesource.day_of(at) + dt.timedelta(days=PUBLISH_DAYS_AHEAD)
    drafts = rota.receptions.filter(status=Status.DRAFT, date__gte=first).select_related(
        "leader__region"
    )
    for reception in drafts:
        _arranger(actor, reception.leader)
    with transaction.atomic():
        return drafts.update(status=Status.PUBLISHED, published_at=at)
