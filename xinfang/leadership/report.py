"""The casework report: a year of leaders' receptions, cases, backlog and aid for a place,
in the seed's words, from the records made in the app and the imported ledgers together.

Counting rules (also on the page, `RULES`):
- 坐班接访天次: distinct (leader, day) with form 开门接访 or 轮流坐班接访; 下访天次: distinct
  (leader, day) with 下访 or 处访; 约访人次: the 人次 of 约访; 接待人次: the 人次 of every form.
- 包案: cases whose 包案日期 is in the year; 如期办结: settled on or before the deadline.
- 积案: those listed by the end of the year and not resolved before it began; 已化解: resolved
  in the year; 化解率 = 已化解 ÷ 积案, 四舍五入 to one decimal.
- 救助: the sum of 人数 and of 金额 (万元, one decimal); 息访: rows with a 息访协议.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, Sum

from xinfang.aid.models import Aid, AidStatus
from xinfang.backlog.models import Backlog
from xinfang.backlog.queries import percent, percent_text
from xinfang.casework.models import Leader, LeaderLevel, Ownership
from xinfang.casework.queries import settled_date
from xinfang.leadership.models import (
    AidRecord,
    CaseRecord,
    ReceptionDay,
)
from xinfang.leadership.rollup import SITTING, VISITING
from xinfang.receptions.models import Reception, ReceptionForm, Status
from xinfang.regions.models import Level, Region
from xinfang.regions.queries import subtree

RULES = (
    "坐班接访天次：开门接访、轮流坐班接访按“领导+日期”去重计数；下访天次：下访、处访按“领导+日期”去重计数；"
    "约访人次：约访的接待人次之和；接待人次：各种形式接待人次之和。",
    "包案：包案日期在本年度的事项；如期办结：办结日期不晚于办结期限。",
    "积案：本年度末以前列为积案、且未在本年度以前化解的；已化解：本年度内化解的；化解率＝已化解÷积案，四舍五入保留一位小数。",
    "救助：救助人数、金额（万元，保留一位小数）分别求和；息访：签订息访协议的救助。",
    "数据含系统内登记的记录和导入的历史台账。",
)
# The leaders counted in “市县两级N名领导” (and “县乡两级” for a county).
COUNTED_LEVELS = (LeaderLevel.CITY, LeaderLevel.COUNTY, LeaderLevel.TOWNSHIP)


@dataclass(frozen=True)
class Figures:
    year: int
    region_name: str
    region_level: str
    leaders: int = 0
    sitting_days: int = 0
    visiting_days: int = 0
    appointment_persons: int = 0
    received_persons: int = 0
    cases: int = 0
    on_time: int = 0
    backlog: int = 0
    resolved: int = 0
    aid_people: int = 0
    aid_yuan: Decimal = Decimal(0)
    agreements: int = 0
    agreement_people: int = 0

    @property
    def remaining(self) -> int:
        return self.backlog - self.resolved

    @property
    def resolution_rate(self) -> Decimal | None:
        return percent(self.resolved, self.backlog)

    @property
    def aid_wan(self) -> Decimal:
        return (self.aid_yuan / 10000).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def has_data(self) -> bool:
        return any((self.received_persons, self.cases, self.backlog, self.aid_people))

    def as_data(self) -> dict:
        data = asdict(self)
        data["aid_yuan"] = str(self.aid_yuan)
        data.update(
            remaining=self.remaining, aid_wan=str(self.aid_wan),
            resolution_rate=None if self.resolution_rate is None else str(self.resolution_rate),
            text=paragraph(self), rules=list(RULES),
        )  # fmt: skip
        return data


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def receptions(region: Region, year: int) -> dict[str, int]:
    """The reception figures: imported ledger rows (through their reception days) and the
    sessions recorded in the app (receptions held), a (leader, day) counted once."""
    first, last = year_span(year)
    places = subtree(region).values("pk")
    days = ReceptionDay.objects.filter(held_on__range=(first, last), region_id__in=places)
    held = Reception.objects.filter(
        status=Status.HELD, date__range=(first, last), region_id__in=places
    )
    pairs = ("leader_id", "held_on")

    def both(day_filter: Q, forms) -> set:
        found = set(days.filter(day_filter).values_list(*pairs))
        return found | set(held.filter(form__in=forms).values_list("leader_id", "date"))

    ledger = days.aggregate(persons=Sum("persons"), appointment=Sum("appointment_persons"))
    live = held.aggregate(
        persons=Sum("people"), appointment=Sum("people", filter=Q(form=ReceptionForm.APPOINTMENT))
    )
    counted = Leader.objects.filter(level__in=COUNTED_LEVELS).values("pk")
    leaders = set(days.filter(leader_id__in=counted).values_list("leader_id", flat=True))
    leaders |= set(held.filter(leader_id__in=counted).values_list("leader_id", flat=True))
    return {
        "leaders": len(leaders),
        "sitting_days": len(both(Q(sitting=True), SITTING)),
        "visiting_days": len(both(Q(visiting=True), VISITING)),
        "received_persons": (ledger["persons"] or 0) + (live["persons"] or 0),
        "appointment_persons": (ledger["appointment"] or 0) + (live["appointment"] or 0),
    }


def cases(region: Region, year: int) -> dict[str, int]:
    first, last = year_span(year)
    places = subtree(region).values("pk")
    owned = Ownership.objects.filter(
        started_on__range=(first, last), matter__region_id__in=places
    ).annotate(settled_on=settled_date())
    imported = CaseRecord.objects.filter(owned_on__range=(first, last), region_id__in=places)
    on_time = Q(settled_on__isnull=False, settled_on__lte=F("target_on"))
    return {
        "cases": owned.count() + imported.count(),
        "on_time": owned.filter(on_time).count() + imported.filter(on_time).count(),
    }


def backlog(region: Region, year: int) -> dict[str, int]:
    first, last = year_span(year)
    places = subtree(region).values("pk")
    live = Backlog.objects.filter(marked_on__lte=last, matter__region_id__in=places).exclude(
        ended_on__lt=first
    )
    imported = CaseRecord.objects.filter(
        is_backlog=True, owned_on__lte=last, region_id__in=places
    ).exclude(settled_on__lt=first)
    in_year = Q(ended_on__range=(first, last))
    return {
        "backlog": live.count() + imported.count(),
        "resolved": live.filter(in_year).count()
        + imported.filter(settled_on__range=(first, last)).count(),
    }


def aid(region: Region, year: int) -> dict:
    first, last = year_span(year)
    places = subtree(region).values("pk")
    sums = {"people": Sum("people"), "yuan": Sum("amount")}
    totals = {"aid_people": 0, "aid_yuan": Decimal(0), "agreements": 0, "agreement_people": 0}
    for qs in (
        Aid.objects.filter(status=AidStatus.APPROVED, given_on__range=(first, last)),
        AidRecord.objects.filter(given_on__range=(first, last)),
    ):
        qs = qs.filter(region_id__in=places)
        found = qs.aggregate(**sums)
        totals["aid_people"] += found["people"] or 0
        totals["aid_yuan"] += found["yuan"] or Decimal(0)
        with_agreement = qs.filter(has_agreement=True)
        totals["agreements"] += with_agreement.count()
        totals["agreement_people"] += with_agreement.aggregate(n=Sum("people"))["n"] or 0
    return totals


def figures(region: Region, year: int) -> Figures:
    return Figures(
        year=year, region_name=region.name, region_level=region.level,
        **receptions(region, year), **cases(region, year), **backlog(region, year),
        **aid(region, year),
    )  # fmt: skip


def paragraph(f: Figures) -> str:
    """The seed's sentence, e.g. “市县两级N名领导累计公开坐班接访N天次……”."""
    levels = "市县两级" if f.region_level in (Level.CITY, Level.PROVINCE) else "县乡两级"
    rate = percent_text(f.resolution_rate, short=True)
    return (
        f"{f.year}年，{levels}{f.leaders}名领导累计公开坐班接访{f.sitting_days}天次、"
        f"下访{f.visiting_days}天次、约访{f.appointment_persons}人次；"
        f"累计接待信访群众{f.received_persons}人次；带头包案{f.cases}件，如期办结{f.on_time}件；"
        f"积案{f.backlog}件，已化解{f.resolved}件，化解率{rate}，尚有{f.remaining}件未化解；"
        f"救助帮扶{f.aid_people}人次，协调救助资金{f.aid_wan}万元，"
        f"其中通过救助协议息访{f.agreements}件次{f.agreement_people}人次。"
    )


def per_leader_receptions(region: Region, year: int) -> list[tuple[Leader, dict]]:
    """The receptions table per leader (the xlsx's first sheet): ledger and app together."""
    first, last = year_span(year)
    places = subtree(region).values("pk")
    found: dict[int, dict] = {}
    days = ReceptionDay.objects.filter(held_on__range=(first, last), region_id__in=places)
    held = Reception.objects.filter(
        status=Status.HELD, date__range=(first, last), region_id__in=places
    )
    rows = [
        (d.leader_id, d.held_on, d.sitting, d.visiting, d.persons, d.appointment_persons)
        for d in days.only("leader_id", "held_on", "sitting", "visiting", "persons",
                           "appointment_persons")
    ] + [
        (r.leader_id, r.date, r.form in SITTING, r.form in VISITING, r.people,
         r.people if r.form == ReceptionForm.APPOINTMENT else 0)
        for r in held.only("leader_id", "date", "form", "people")
    ]  # fmt: skip
    sits: dict[int, set] = {}
    visits: dict[int, set] = {}
    for leader_id, day, sitting, visiting, persons, appointment in rows:
        mine = found.setdefault(leader_id, {"appointment_persons": 0, "received_persons": 0})
        mine["received_persons"] += persons
        mine["appointment_persons"] += appointment
        if sitting:
            sits.setdefault(leader_id, set()).add(day)
        if visiting:
            visits.setdefault(leader_id, set()).add(day)
    for leader_id, mine in found.items():
        mine["sitting_days"] = len(sits.get(leader_id, ()))
        mine["visiting_days"] = len(visits.get(leader_id, ()))
    leaders = Leader.objects.filter(pk__in=found).select_related("region")
    return [(leader, found[leader.pk]) for leader in leaders]
