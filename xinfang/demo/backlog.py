"""The demo's backlog work and aid: a 信访积案化解百日会战 under way over the city, its 积案
owned by the leaders (their 包案 when they have one), most already resolved the five ways,
the rest with follow-up plans; a few 老户 flags; aid from several budgets, some with a
signed 息访协议 and one large sum waiting for the city leader's approval.

Written through the backlog and aid actions, like everything else the demo builds.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from xinfang.accounts.models import User
from xinfang.aid import actions as aid
from xinfang.aid.models import Aid
from xinfang.aid.queries import needs_leader
from xinfang.backlog import actions
from xinfang.backlog.models import Campaign, Ending, FollowUpKind
from xinfang.casework.models import Leader, LeaderLevel, Ownership
from xinfang.lib import timesource
from xinfang.petitions.models import OPEN_STATUSES, Matter, MatterStatus

CAMPAIGN = "信访积案化解百日会战"
CASES = 40
RESOLVED_SHARE = 0.7
REASONS = (
    "多次答复后仍反复信访，诉求涉及征拆补偿未落实",
    "历史遗留问题，责任单位多次协调未果",
    "信访人生活困难，诉求与经济利益直接相关",
    "涉及多个部门，久拖未决",
)
ENDINGS = (
    [Ending.AGREEMENT] * 4
    + [Ending.LAW] * 2
    + [Ending.AID] * 2
    + [
        Ending.HEARING,
        Ending.SUSPENDED,
    ]
)
NOTES = {
    Ending.LAW: "经复查复核维持原处理意见，依法终结",
    Ending.SUSPENDED: "信访人已提起行政诉讼，信访程序中止",
    Ending.AGREEMENT: "经调解双方签订协议，补偿款已兑付",
    Ending.HEARING: "召开听证会，听证后依法终结",
    Ending.AID: "给予信访救助，签订息访协议",
}
PLANS = (
    (FollowUpKind.VISIT, "包案领导带队上门回访，了解诉求落实情况"),
    (FollowUpKind.CALL, "电话回访，告知办理进展"),
    (FollowUpKind.HELP, "协调民政部门落实临时救助"),
)
SOURCES = ("petition", "civil", "judicial", "poverty", "donation")
PDF = "%PDF-1.4\n% 息访协议（演示）\n%%EOF\n".encode()


def _agreement(n: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"息访协议-{n}.pdf", PDF, content_type="application/pdf")


def _owner(matter: Matter, leaders: list[Leader]) -> Leader | None:
    current = Ownership.objects.filter(matter=matter, ended_at__isnull=True).first()
    if current is not None:
        return current.leader
    over = [leader for leader in leaders if matter.region.path.startswith(leader.region.path)]
    over.sort(key=lambda leader: -len(leader.region.path))  # the nearest leader first
    return over[0] if over else None


def build_backlog(cutoff: dt.datetime) -> tuple[int, int, int]:
    """The campaign with its 积案, 老户 flags and aid, once. Returns (积案, resolved, aid)."""
    if Campaign.objects.exists():
        return 0, 0, 0
    registrar = User.objects.filter(username="city-registrar").first()
    supervisor = User.objects.filter(username="city-supervisor").first()
    leaders = list(
        Leader.objects.filter(is_active=True, user__isnull=False).select_related("region", "user")
    )
    city = next((leader for leader in leaders if leader.level == LeaderLevel.CITY), None)
    if registrar is None or supervisor is None or city is None:
        return 0, 0, 0
    rng = random.Random("demo:backlog")
    today = timesource.day_of(cutoff)
    starts = today - dt.timedelta(days=60)
    marked_on = starts - dt.timedelta(days=10)
    campaign = actions.create_campaign(
        city.user, name=CAMPAIGN, region=city.region, starts_on=starts,
        ends_on=starts + dt.timedelta(days=99), at=cutoff - dt.timedelta(days=60),
    )  # fmt: skip
    # The oldest matters still petitioned about: owned ones first, never an accusation.
    owned = Ownership.objects.filter(ended_at__isnull=True).values("matter_id")
    base = Matter.objects.filter(
        status__in=OPEN_STATUSES + (MatterStatus.CLOSED,), is_accusation=False,
        opened_on__lte=marked_on,
    ).select_related("region")  # fmt: skip
    matters = list(base.filter(pk__in=owned).order_by("opened_on", "pk")[:CASES])
    matters += list(base.exclude(pk__in=owned).order_by("opened_on", "pk")[: CASES - len(matters)])
    listed_at = cutoff - dt.timedelta(days=59)
    backlogs, resolved, aided = [], 0, 0
    for matter in matters:
        owner = _owner(matter, leaders)
        if owner is None:
            continue
        backlog = actions.mark_backlog(
            registrar, matter, reason=rng.choice(REASONS), marked_on=marked_on, at=listed_at
        )
        actions.list_in_campaign(city.user, campaign, backlog, owner=owner, at=listed_at)
        backlogs.append(backlog)
    for n, backlog in enumerate(backlogs):
        if rng.random() < RESOLVED_SHARE:
            ended_on = starts + dt.timedelta(days=rng.randint(3, 58))
            ending = rng.choice(ENDINGS)
            at = dt.datetime.combine(ended_on, dt.time(16), timesource.SHANGHAI)
            if ending == Ending.AID:
                _aid(registrar, supervisor, city, backlog.matter, n, ended_on, rng, agreement=True)
                aided += 1
            actions.end_backlog(
                registrar, backlog, ending=ending, ended_on=ended_on, note=NOTES[ending], at=at
            )
            resolved += 1
        else:
            planned_at = cutoff - dt.timedelta(days=rng.randint(5, 20))
            for kind, plan in PLANS[: rng.randint(1, 3)]:
                item = actions.plan_follow_up(
                    registrar, backlog, kind=kind, plan=plan,
                    due_workdays=rng.randint(3, 15), at=planned_at,
                )  # fmt: skip
                if item.due_on < today and rng.random() < 0.6:
                    actions.record_follow_up(
                        registrar, item, note="已按计划完成，信访人情绪稳定", done_on=item.due_on,
                        at=cutoff,
                    )  # fmt: skip
    for backlog in backlogs[:4]:
        person = backlog.matter.petitions.order_by("pk").first().petitioners.first()
        if person is not None:
            actions.flag_long_term(registrar, person, note="生活困难，需持续帮扶", at=listed_at)
    # Aid on no backlog, and one large sum waiting for the city leader's approval.
    for n, matter in enumerate(matters[-4:]):
        _aid(registrar, supervisor, city, matter, 100 + n, today - dt.timedelta(days=30 - n),
             rng, agreement=n == 0)  # fmt: skip
        aided += 1
    if matters:
        aid.record_aid(
            registrar, matter=matters[0], source="petition", amount="30000",
            given_on=today, people=4, recipient_name=_name(matters[0]),
            note="因病致贫，申请信访救助", at=cutoff,
        )  # fmt: skip
        aided += 1
    return len(backlogs), resolved, aided


def _name(matter: Matter) -> str:
    person = matter.petitions.order_by("pk").first().petitioners.first()
    return person.name if person is not None and len(person.name) >= 2 else "信访人"


def _aid(registrar, supervisor, city, matter, n, given_on, rng, *, agreement) -> Aid:
    """Aid recorded and approved: by the supervisor, or by the city leader above the
    leaders' threshold."""
    amount = rng.choice((3000, 5000, 8000, 12000, 20000, 50000))
    at = dt.datetime.combine(given_on, dt.time(10), timesource.SHANGHAI)
    record = aid.record_aid(
        registrar, matter=matter, source=rng.choice(SOURCES), amount=str(amount),
        given_on=given_on, people=rng.randint(1, 4), recipient_name=_name(matter),
        note="生活困难，给予救助", agreement=_agreement(n) if agreement else None, at=at,
    )  # fmt: skip
    approver = city.user if needs_leader(record) else supervisor
    aid.decide_aid(approver, record, approve=True, note="同意", at=at + dt.timedelta(hours=3))
    return record
