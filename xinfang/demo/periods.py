"""The demo's sensitive period (特护期): one under way at the year's end over the whole city,
named after the season it falls in, with lower warning thresholds; every county's registrar
has sent the daily reports (零报告 when the county's day was quiet; a short incident report
when it had a 集体访 or a visit above the county, or unrest seen before any petition),
mostly on time. One county reported a day late and has not reported on the last day: the
city's overview flags it 未报 once the deadline has passed.

Written through the periods actions, like everything else the demo builds.
"""

from __future__ import annotations

import datetime as dt

from xinfang.accounts.models import Role, User
from xinfang.lib import timesource
from xinfang.periods import actions, queries
from xinfang.periods.models import PeriodKind, SensitivePeriod
from xinfang.regions.models import UnitKind

DAYS_BEFORE = 5  # the period began five days before the cutoff
DAYS_AFTER = 3  # and runs three more
LATE_COUNTY = 4  # the fifth county in code order is the late one
DEADLINE = dt.time(16, 0)
# What a quiet county's day may still bring: unrest seen before it becomes a petition.
SIGHTINGS = (
    "某小区业主10余人在县政府门口聚集，反映小区配套设施未交付问题，已由属地街道现场疏导，人员已散。",
    "摸排发现2名老户有进京苗头，已落实包案领导和稳控责任人，做好思想工作。",
    "某工地农民工8人反映工资拖欠，人社部门已介入协调，承诺本周内兑付。",
)


def _season(day: dt.date) -> tuple[str, str]:
    """(kind, name) of a period around `day`, as the season would have it."""
    if day.month in (1, 2):
        return PeriodKind.SPRING_FESTIVAL, f"{day.year}年春节期间特护期"
    if day.month == 3:
        return PeriodKind.TWO_SESSIONS, f"{day.year}年全国两会特护期"
    if day.month == 4:
        return PeriodKind.QINGMING, f"{day.year}年清明节特护期"
    return PeriodKind.MEETING, f"{day.year}年重要会议期间特护期"


def _incident(figures: queries.Figures) -> str:
    parts = []
    if figures.collective_batches:
        parts.append(f"集体访{figures.collective_batches}批{figures.collective_persons}人")
    if figures.overlevel_city:
        parts.append(f"越级到市访{figures.overlevel_city}批")
    if figures.province:
        parts.append(f"赴省访{figures.province}批")
    if figures.national:
        parts.append(f"进京访{figures.national}批")
    if not parts:
        return ""
    return "当日" + "、".join(parts) + "，已安排专人接待并做好疏导劝返，包案领导已到位。"


def build_period(cutoff: dt.datetime) -> tuple[int, int]:
    """The period and its reports, once. Returns (counties, reports sent)."""
    if SensitivePeriod.objects.exists():
        return 0, 0
    admin = User.objects.filter(username="city-admin").select_related("region").first()
    if admin is None or admin.region is None:
        return 0, 0
    today = timesource.day_of(cutoff)
    kind, name = _season(today)
    period = actions.create_period(
        admin, name=name, kind=kind, starts_on=today - dt.timedelta(days=DAYS_BEFORE),
        ends_on=today + dt.timedelta(days=DAYS_AFTER), regions=[admin.region],
        report_deadline=DEADLINE, persons_warning=5, collective_warning=1, overlevel_warning=1,
        note="严格落实每日零报告制度，发现到市、赴省、进京访苗头及时报告",
        at=cutoff - dt.timedelta(days=DAYS_BEFORE + 2),
    )  # fmt: skip
    counties = queries.counties_of(period)
    clerks = {
        user.region_id: user
        for user in User.objects.filter(
            role=Role.REGISTRAR, unit__kind=UnitKind.BUREAU, region__in=counties
        ).order_by("username")
    }
    sent = 0
    hidden = queries.hidden_class_ids()
    for index, county in enumerate(counties):
        clerk = clerks.get(county.pk)
        if clerk is None:
            continue
        days = queries.figures_by_day(county, period.starts_on, today, hidden=hidden)
        for offset, (day, figures) in enumerate(sorted(days.items())):
            late = index == LATE_COUNTY
            if late and day == today:
                continue  # not sent: flagged 未报 once the deadline has passed
            at = _moment(day, index, offset, late=late and offset == 2)
            if at > cutoff:
                # Built early in the day: the reports came in just before it.
                at = cutoff - dt.timedelta(minutes=1 + 3 * index)
                if timesource.day_of(at) != day:
                    continue
            text = _incident(figures)
            if not text and (index * 7 + offset) % 11 == 3:
                text = SIGHTINGS[(index + offset) % len(SIGHTINGS)]
            actions.submit_report(
                clerk, period, county, day=day, is_zero_report=not text, incidents=text,
                measures="" if not text else "已通报属地乡镇，落实稳控责任。", at=at,
            )  # fmt: skip
            sent += 1
    return len(counties), sent


def _moment(day: dt.date, index: int, offset: int, *, late: bool) -> dt.datetime:
    """When a county sends a day's report: in the morning or early afternoon, varying by
    county and day; a late one in the evening, after the deadline."""
    if late:
        return _at(day, 19, 20)
    minutes = 8 * 60 + 30 + (index * 37 + offset * 53) % (6 * 60)  # 08:30 to 14:30
    return _at(day, minutes // 60, minutes % 60)


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timesource.SHANGHAI)
