"""The demo's leader receptions (领导接访): each leader's past sessions in the weeks before the
cutoff, recorded with 批次 and 人次 and linked to the visits registered that day, and a
published schedule from today on with 约访 bookings. Written through the receptions actions."""

from __future__ import annotations

import datetime as dt

from xinfang.casework.models import Leader
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError
from xinfang.petitions.models import VISIT_CHANNELS, Petition
from xinfang.receptions import actions
from xinfang.receptions.models import Reception, ReceptionForm, ReceptionPetition

PAST_SESSIONS = 4  # per leader
LOOKBACK_DAYS = 45
PAST_FORMS = (ReceptionForm.OPEN, ReceptionForm.VISIT_DOWN, ReceptionForm.ON_SITE,
              ReceptionForm.APPOINTMENT)  # fmt: skip
TOPICS = {
    ReceptionForm.OPEN: "各类信访问题",
    ReceptionForm.VISIT_DOWN: "征地拆迁、移民安置方面的信访问题",
    ReceptionForm.ON_SITE: "住房和城乡建设方面的信访积案",
    ReceptionForm.APPOINTMENT: "劳动和社会保障方面的信访问题",
}
INSTRUCTIONS = (
    "对群众反映的问题，责任单位要逐件建立台账，限期办结，办理结果及时向群众反馈。",
    "请属地乡镇会同相关部门现场核实，依法依规解决合理诉求，做好解释疏导。",
)
BOOKERS = (
    ("刘桂兰", "13974561203", "小区停车位被开发商占用，要求退还"),
    ("陈志强", "13807459321", "企业拖欠社保，退休手续无法办理"),
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), timesource.SHANGHAI)


def _place(leader: Leader) -> str:
    return f"{leader.region.name}人民来访接待中心"


def _past(leader: Leader, cutoff: dt.datetime) -> int:
    """Up to PAST_SESSIONS held receptions on days visits were registered in the leader's
    place, each linked to that day's visits."""
    first = timesource.day_of(cutoff) - dt.timedelta(days=LOOKBACK_DAYS)
    visits = Petition.objects.filter(
        channel__in=VISIT_CHANNELS, is_accusation=False, received_on__gte=first,
        received_on__lt=timesource.day_of(cutoff),
        region__path__startswith=leader.region.path,
    ).exclude(pk__in=ReceptionPetition.objects.values("petition_id"))  # fmt: skip
    days = sorted(set(visits.values_list("received_on", flat=True)))[-PAST_SESSIONS:]
    user = leader.user
    for index, day in enumerate(days):
        form = PAST_FORMS[index % len(PAST_FORMS)]
        scheduled = _at(day - dt.timedelta(days=5), 9)
        reception = actions.schedule_reception(
            user, leader=leader, form=form, date=day, starts_at=dt.time(9),
            ends_at=dt.time(12), place=_place(leader), topics=TOPICS[form],
            slots=6 if form == ReceptionForm.APPOINTMENT else 0, at=scheduled,
        )  # fmt: skip
        if form in (ReceptionForm.OPEN, ReceptionForm.APPOINTMENT):
            actions.publish_reception(user, reception, at=scheduled)
        linked = people = 0
        for petition in visits.filter(received_on=day).order_by("pk")[:3]:
            try:
                actions.link_petition(user, reception, petition, at=_at(day, 12))
            except DomainError:
                continue
            linked, people = linked + 1, people + petition.petitioner_count
        actions.record_session(
            user, reception, batches=linked + 2, people=people + 3,
            instructions=INSTRUCTIONS[index % len(INSTRUCTIONS)], at=_at(day, 17),
        )  # fmt: skip
    return len(days)


def _upcoming(leader: Leader, latest: dt.datetime) -> int:
    """A published 约访 with bookings and an 开门接访 from today on, and a 下访 not yet
    published."""
    today, user = timesource.day_of(latest), leader.user
    plans = (
        (ReceptionForm.APPOINTMENT, 3, True), (ReceptionForm.OPEN, 5, True),
        (ReceptionForm.VISIT_DOWN, 1, False),
    )  # fmt: skip
    for form, ahead, publish in plans:
        reception = actions.schedule_reception(
            user, leader=leader, form=form, date=today + dt.timedelta(days=ahead),
            starts_at=dt.time(9), ends_at=dt.time(11, 30), place=_place(leader),
            topics=TOPICS[form], slots=5 if form == ReceptionForm.APPOINTMENT else 0, at=latest,
        )  # fmt: skip
        if publish:
            actions.publish_reception(user, reception, at=latest)
        if form == ReceptionForm.APPOINTMENT:
            for number, (name, phone, topic) in enumerate(BOOKERS):
                actions.book(
                    f"demo-{reception.pk}-{number}", reception, name=name, phone=phone,
                    topic=topic, at=latest,
                )  # fmt: skip
    return len(plans)


def build_receptions(leaders: list[Leader], cutoff: dt.datetime, latest: dt.datetime):
    """(held, scheduled) receptions created, once."""
    if Reception.objects.exists():
        return 0, 0
    held = scheduled = 0
    for leader in leaders:
        if leader.user is None:
            continue
        held += _past(leader, cutoff)
        scheduled += _upcoming(leader, latest)
    return held, scheduled
