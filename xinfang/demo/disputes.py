"""The demo's dispute ledgers (矛盾纠纷排查化解台账): each township with a login keeps one over
the three months before the cutoff, in the resettlement document's words (移民新村阻挠施工,
挡土墙, 村屯道路 …), with dated measures, most settled, a few turned into the county's petitions,
and last month's report sent by all townships but one (flagged 未报 on its county's page).
Written through the dispute actions, like everything else the demo builds."""

from __future__ import annotations

import datetime as dt
import random

from xinfang.accounts.models import User
from xinfang.demo import people
from xinfang.demo.places import TOWNSHIP_SLUGS, TOWNSHIP_UNITS
from xinfang.disputes import actions, queries
from xinfang.disputes.models import Dispute, DisputeKind, Risk
from xinfang.lib import timesource
from xinfang.petitions.models import OPEN_STATUSES, Petition
from xinfang.regions.models import Unit

PER_TOWNSHIP = 8
CONVERTED_PER_TOWNSHIP = 1
VILLAGES = ("白岩村", "岩头村", "车田村", "中龙村", "福廖村", "牛麻村", "红江村", "大江村")
GROUPS = ("一组", "二组", "三组", "四组", "五组", "何屋屯", "移民新村")
# (kind, title, responsible unit suffix, people range, risk weights high/medium/low)
CASES = (
    (DisputeKind.RESETTLEMENT, "移民新村部分移民阻挠村屯道路施工", "移民工作站", (8, 30), (3, 5, 2)),
    (DisputeKind.RESETTLEMENT, "移民新村集体要求变更排水沟、增加挡土墙", "移民工作站", (10, 40), (4, 4, 2)),
    (DisputeKind.RESETTLEMENT, "移民后期扶持资金发放对象争议", "移民工作站", (3, 12), (1, 5, 4)),
    (DisputeKind.CONSTRUCTION, "个别人员无理取闹故意破坏施工环境", "村镇建设办", (2, 5), (2, 5, 3)),
    (DisputeKind.CONSTRUCTION, "村屯道路施工占地引发土地纠纷", "村镇建设办", (3, 10), (2, 5, 3)),
    (DisputeKind.CONSTRUCTION, "旧房改造工程质量与进度争议", "村镇建设办", (4, 15), (1, 5, 4)),
    (DisputeKind.LAND_TAKING, "征地补偿款分配纠纷", "国土所", (4, 20), (3, 5, 2)),
    (DisputeKind.LAND_RIGHTS, "山林界址纠纷", "林业站", (2, 12), (2, 4, 4)),
    (DisputeKind.LAND_RIGHTS, "承包地边界争议", "国土所", (2, 6), (1, 3, 6)),
    (DisputeKind.FAMILY, "赡养老人纠纷", "司法所", (2, 5), (1, 3, 6)),
    (DisputeKind.NEIGHBOURS, "宅基地边界纠纷", "司法所", (2, 4), (1, 3, 6)),
    (DisputeKind.NEIGHBOURS, "排水沟堵塞引发邻里纠纷", "司法所", (2, 6), (0, 3, 7)),
    (DisputeKind.LABOUR, "工地拖欠农民工工资", "劳动保障站", (5, 25), (3, 5, 2)),
    (DisputeKind.POLLUTION, "养殖场污水排放影响村民饮水", "环保站", (6, 30), (2, 5, 3)),
)  # fmt: skip
MEASURES = (
    ("村调委会组织双方调解", "村调委会"),
    ("分管领导带队到村屯约访接访群众，现场宣传政策", "镇政府"),
    ("包村干部入户做思想工作，耐心解释政策", "包村干部"),
    ("召开村民代表会议协商解决方案", "村委会"),
    ("镇司法所组织联合调解", "司法所"),
)
SETTLEMENTS = (
    "双方签订调解协议，当场履行",
    "按设计变更方案施工，群众表示满意",
    "补偿款重新核算到户，矛盾化解",
)


def _when(day: dt.date, cutoff: dt.datetime, hour: int = 10) -> dt.datetime:
    return min(cutoff, dt.datetime.combine(day, dt.time(hour), timesource.SHANGHAI))


def build_disputes(cutoff: dt.datetime, *, seed: int = 1) -> tuple[int, int, int]:
    """The townships' ledgers and last month's reports, once.

    Returns (disputes, converted, reports) created.
    """
    if Dispute.objects.exists():
        return 0, 0, 0
    rng = random.Random(f"disputes:{seed}")
    end = timesource.day_of(cutoff)
    made = converted = reports = 0
    units = {u.name: u for u in Unit.objects.select_related("region")}
    logins = {u.username: u for u in User.objects.filter(username__in=TOWNSHIP_SLUGS.values())}
    taken: set[int] = set()
    for _, name in TOWNSHIP_UNITS:
        unit, clerk = units.get(name), logins.get(TOWNSHIP_SLUGS.get(name, ""))
        if unit is None or clerk is None:
            continue
        town = name.removeprefix(unit.region.name)
        petitions = list(
            Petition.objects.filter(
                region=unit.region, is_accusation=False, voided_at=None,
                matter__status__in=OPEN_STATUSES, received_on__lte=end,
            ).order_by("-received_on")[:10]
        )  # fmt: skip
        to_convert = CONVERTED_PER_TOWNSHIP
        for index in range(PER_TOWNSHIP):
            kind, title, office, (low, high), weights = rng.choice(CASES)
            found = end - dt.timedelta(days=rng.randint(3, 88))
            village = rng.choice(VILLAGES)
            parties = "、".join(
                people.full_name(rng, rng.choice("MF")) for _ in range(rng.randint(1, 3))
            )
            draft = actions.DisputeDraft(
                unit=unit, region=unit.region, found_on=found, place=f"{village}{rng.choice(GROUPS)}",
                title=f"{village}{title}", parties=parties, kind=kind,
                people=rng.randint(low, high),
                risk=rng.choices((Risk.HIGH, Risk.MEDIUM, Risk.LOW), weights)[0],
                responsible_person=people.full_name(rng, "M"),
                responsible_unit=f"{town}{office}",
                details=f"{village}群众反映{title}，经排查登记在册。",
                measures="落实包案责任人，及时宣传政策、调处化解",
            )  # fmt: skip
            dispute = actions.record_dispute(clerk, draft, at=_when(found, cutoff, 9))
            made += 1
            day = found
            for step in range(rng.randint(0, 3)):
                day = min(end, day + dt.timedelta(days=rng.randint(1, 12)))
                text, by = MEASURES[(index + step) % len(MEASURES)]
                actions.add_measure(clerk, dispute, done_on=day, text=text, done_by=f"{town}{by}",
                                    at=_when(day, cutoff, 15))  # fmt: skip
            roll = rng.random()
            match = next((p for p in petitions if p.received_on > day and p.pk not in taken), None)
            if to_convert and match is not None and dispute.history.exists():
                # The parties petitioned the county: the registrar links the petition.
                taken.add(match.pk)
                at = _when(match.received_on, cutoff, 16)
                actions.mark_converted(None, dispute, match, at=at)
                to_convert -= 1
                converted += 1
            elif roll < 0.6 and day < end:
                day = min(end, day + dt.timedelta(days=rng.randint(1, 10)))
                actions.resolve(clerk, dispute, on=day, text=rng.choice(SETTLEMENTS),
                                done_by=f"{town}{office}", at=_when(day, cutoff, 17))  # fmt: skip
        reports += _send_last_month(clerk, unit, cutoff, rng, last=name == TOWNSHIP_UNITS[-1][1])
    return made, converted, reports


def _send_last_month(clerk, unit, cutoff: dt.datetime, rng: random.Random, *, last: bool) -> int:
    """Last month's report, sent in the first days of this month (the last township forgets)."""
    end = timesource.day_of(cutoff)
    month = queries.previous_month(end)
    sent_on = min(end, queries.next_month(month) + dt.timedelta(days=rng.randint(0, 3)))
    at = min(cutoff, dt.datetime.combine(sent_on, dt.time(11), timesource.SHANGHAI))
    if last or timesource.day_of(at) <= queries.month_end(month):
        return 0
    actions.submit_report(clerk, unit, month, at=at)
    return 1
