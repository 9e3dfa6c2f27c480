"""The demo's target agreements (目标责任状): the city's agreement with each county for the
year, with the seed's goals, and the city's scoring rules (考核评分细则).

Goals, as the city report sets them: 信访总量 ≤ N 人次, split by month (量化到月份);
进京非正常访 and 重复非正常访 within the county's share (by population) of the province's
80 and 36 人次; 初信初访办结率 ≥ 98%, 按期办结率 = 100%, 案结事了率 ≥ 95%, 重信重访率 ≤ 5%.
N is sized on the county's pace so far, some counties with room and some without, so the
target page shows warnings and the ranking a 末位. Rules: 100 points over the seven goals,
进京非正常访 一票否决 (the seed's 超指标否决).

Written through the assessment actions, like everything else the demo builds.
"""

from __future__ import annotations

import datetime as dt

from xinfang.accounts.models import User
from xinfang.assessment import actions
from xinfang.assessment.models import Agreement
from xinfang.lib import timesource
from xinfang.stats import queries
from xinfang.stats.models import Comparator, Indicator

CITY_NATIONAL_ABNORMAL, CITY_REPEAT_ABNORMAL = 80, 36
# How much room each county's 总量 ceiling leaves over its pace, in turn.
ROOM = (1.3, 1.15, 0.95, 1.4, 1.05, 0.9, 1.25)
# indicator → (points, deduction per 人次 or percentage point, veto)
RULES = {
    Indicator.TOTAL_PERSONS: (20, 0.1, False, "每超1人次扣0.1分，扣完为止"),
    Indicator.NATIONAL_ABNORMAL_PERSONS: (20, 5, True, "超出全年指标一票否决"),
    Indicator.REPEAT_ABNORMAL_PERSONS: (10, 2, False, "每超1人次扣2分"),
    Indicator.FIRST_TIME_CLOSED_RATE: (15, 1, False, "每低1个百分点扣1分"),
    Indicator.ON_TIME_RATE: (15, 1, False, "每低1个百分点扣1分"),
    Indicator.SETTLED_RATE: (10, 1, False, "每低1个百分点扣1分"),
    Indicator.REPEAT_RATE: (10, 1, False, "每高1个百分点扣1分"),
}


def split_by_month(total: int) -> dict[int, int]:
    """Twelve whole monthly quotas adding up to `total` (the first months take the rest)."""
    base, rest = divmod(total, 12)
    return {month: base + (1 if month <= rest else 0) for month in range(1, 13)}


def build_assessment(cutoff: dt.datetime) -> tuple[int, int]:
    """The year's agreements and rules, once. Returns (agreements, goals)."""
    admin = User.objects.filter(username="city-admin").select_related("region").first()
    if admin is None or admin.region is None:
        return 0, 0
    today = timesource.day_of(cutoff)
    year, city = today.year, admin.region
    if Agreement.objects.filter(year=year).exists():
        return 0, 0
    at = min(dt.datetime(year, 1, 5, 9, 0, tzinfo=timesource.SHANGHAI), cutoff)
    for indicator, (weight, deduction, veto, note) in RULES.items():
        actions.set_rule(
            admin, region=city, year=year, indicator=indicator, weight=weight,
            deduction=deduction, is_veto=veto, note=note, at=at,
        )  # fmt: skip
    elapsed = (today - dt.date(year, 1, 1)).days + 1
    days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    counties = queries.volumes_by_child(city, queries.Period(dt.date(year, 1, 1), today, ""))
    people = sum(county.population or 0 for county, _ in counties) or 1
    agreements = goals = 0
    for index, (county, figures) in enumerate(counties):
        if county.pk == city.pk:
            continue
        pace = figures["total_persons"] * days / elapsed
        ceiling = max(12, round(pace * ROOM[index % len(ROOM)] / 12) * 12)
        share = (county.population or 0) / people
        agreement = actions.create_agreement(
            admin, year=year, owner=county, at=at,
            title=f"{year}年度信访工作目标管理责任状",
            issuer_name="中共怀化市委、怀化市人民政府", responsible=f"{county.name}党委书记",
            signed_on=at.date(),
            note="县市区党委书记为进京访第一责任人；实行超指标和末位否决制度。",
        )  # fmt: skip
        seed = {
            Indicator.TOTAL_PERSONS: (Comparator.AT_MOST, ceiling, split_by_month(ceiling)),
            Indicator.NATIONAL_ABNORMAL_PERSONS: (
                Comparator.AT_MOST, max(1, round(CITY_NATIONAL_ABNORMAL * share)), None,
            ),
            Indicator.REPEAT_ABNORMAL_PERSONS: (
                Comparator.AT_MOST, max(1, round(CITY_REPEAT_ABNORMAL * share)), None,
            ),
        }  # fmt: skip
        for indicator, (comparator, value) in actions.SEED_GOALS.items():
            seed.setdefault(indicator, (comparator, value, None))
        for indicator, (comparator, value, monthly) in seed.items():
            actions.set_goal(
                admin, agreement, indicator=indicator, comparator=comparator, value=value,
                monthly=monthly, at=at,
            )  # fmt: skip
            goals += 1
        agreements += 1
    return agreements, goals
