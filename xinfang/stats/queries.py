"""Indicators, computed from the count tables and small indexed queries; access to them.

Volumes come only from `MonthlyCount` (a year of a city is a few thousand rows). Rates come
from the `Clock` table through its (state, due_on) index: a matter enters a period's rates
when its statutory deadline fell due in the period (a cohort by deadline), so a rate never
needs a scan of petitions or matters. Every figure carries its definition, shown on screen.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.expressions import RawSQL
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.classes.models import ContentClass
from xinfang.lib import clock
from xinfang.petitions.models import VISIT_CHANNELS, Channel
from xinfang.regions.models import Level, Region, UnitKind
from xinfang.regions.queries import subtree
from xinfang.stats.models import MonthlyCount
from xinfang.workflow.models import Clock, ClockKind, ClockState, Rating, RatingTarget

VISITS = tuple(str(c) for c in VISIT_CHANNELS)

# key: (label, unit, definition). The definitions are what the dashboard shows beside figures.
DEFINITIONS: dict[str, tuple[str, str, str]] = {
    "total_batches": (
        "信访总量",
        "批次",
        "全部信访件（来信、来访、网上、来电、传真）每件计1批次；一批集体访计1批次",
    ),
    "total_persons": ("信访总量", "人次", "各信访件的信访人数之和：7人集体访计7人次"),
    "visit_batches": ("来访", "批次", "来访（个体访、集体访）件数"),
    "visit_persons": ("来访", "人次", "来访的信访人数之和"),
    "letter_items": ("人民来信", "件次", "来信件数"),
    "online_items": ("网上信访", "件次", "网上信访件数"),
    "phone_items": ("来电", "件次", "来电件数"),
    "national_batches": ("进京访", "批次", "在国家信访局登记的来访"),
    "national_persons": ("进京访", "人次", "在国家信访局登记的来访人数"),
    "national_abnormal_batches": ("非正常进京访", "批次", "进京访中被标记为非正常上访的"),
    "national_abnormal_persons": ("非正常进京访", "人次", "进京访中被标记为非正常上访的人数"),
    "province_batches": ("赴省访", "批次", "在省信访局登记的来访"),
    "province_persons": ("赴省访", "人次", "在省信访局登记的来访人数"),
    "overlevel_city_batches": ("越级到市访", "批次", "在市级登记且标记越级的来访"),
    "overlevel_city_persons": ("越级到市访", "人次", "在市级登记且标记越级的来访人数"),
    "abnormal_persons": ("非正常上访", "人次", "标记为非正常上访的信访人数"),
    "repeat_abnormal_persons": ("重复非正常访", "人次", "既是重信重访又是非正常上访的人数"),
    "collective_batches": ("集体访", "批次", "5人以上来访（第20条）"),
    "collective_persons": ("集体访", "人次", "集体访的人数之和"),
    "first_time": ("初信初访", "件", "首次提出的信访事项（新事项）数"),
    "repeats": ("重信重访", "件", "关联到已有事项的信访件数：计入总量，不计为新事项"),
    "repeat_rate": ("重信重访率", "%", "重信重访件数 ÷ 期间全部信访件数"),
    "timely_accept_rate": (
        "及时受理率",
        "%",
        "受理告知期限在期内届满的事项中：按期受理 ÷（按期 + 超期受理 + 超期未受理）",
    ),
    "on_time_rate": (
        "按期办结率",
        "%",
        "办理（含简易、延期）期限在期内届满的：按期答复 ÷（按期 + 超期答复 + 超期未答复）",
    ),
    "first_time_closed_rate": ("初信初访办结率", "%", "同上，仅限只有一件信访件的事项（初信初访）"),
    "participation_rate": ("参评率", "%", "评价期限在期内届满的事项中已评价的比例"),
    "satisfaction_rate": ("满意率", "%", "对责任单位的评价中（满意 + 基本满意）÷ 已评价"),
    "settled_rate": ("案结事了率", "%", "期内到期并已答复的事项中标记案结事了的比例"),
    "resolution_rate": ("化解率", "%", "期内到期并已答复的事项中案结事了或息访的比例"),
    "avg_handling_days": ("平均办理时长", "日", "已答复事项从受理到答复的平均日数"),
}


@dataclass(frozen=True)
class Period:
    """Whole months from `start` to `end` inclusive (a month, a year, a range)."""

    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last), f"{year}年{month}月")

    def shifted_years(self, years: int) -> Period:
        start = self.start.replace(year=self.start.year - years)
        last = calendar.monthrange(self.end.year - years, self.end.month)[1]
        end = self.end.replace(year=self.end.year - years, day=last)
        return Period(start, end, f"{start.year}年" + self.label[5:])

    def previous_month(self) -> Period:
        before = self.start - dt.timedelta(days=1)
        return Period.month(before.year, before.month)


# ---- access ---------------------------------------------------------------------------


def may_view_statistics(user) -> bool:
    """Leaders, supervisors, admins and bureau staff, with a region scope."""
    if not (user.is_authenticated and user.is_active and user.region_id):
        return False
    if user.is_superuser or user.role in (Role.LEADER, Role.SUPERVISOR, Role.ADMIN):
        return True
    return user.unit_id is not None and user.unit.kind == UnitKind.BUREAU


def access_scope(user, region_id: int | None = None) -> Region:
    """The region whose figures `user` may see: theirs, or one below it; else 404."""
    if not may_view_statistics(user):
        raise Http404("没有找到该页面")
    if region_id is None:
        return user.region
    region = Region.objects.filter(pk=region_id, path__startswith=user.region.path).first()
    if region is None:
        raise Http404("没有找到该区划")
    return region


# ---- volumes --------------------------------------------------------------------------


@dataclass
class Volumes:
    figures: dict[str, float] = field(default_factory=dict)

    def __getitem__(self, key: str) -> float:
        return self.figures.get(key, 0)


def _counts(region: Region, period: Period, **filters):
    return MonthlyCount.objects.filter(
        month__range=(period.start, period.end),
        region_id__in=subtree(region).values("pk"),
        **filters,
    )


def volumes(region: Region, period: Period, **filters) -> Volumes:
    """Every volume figure for a place and period, from one grouped query of month counts."""
    rows = (
        _counts(region, period, **filters)
        .values("channel", "level", "is_overlevel", "is_abnormal", "is_repeat", "band")
        .annotate(b=Sum("petitions"), p=Sum("persons"), n=Sum("new_matters"))
        .order_by()
    )
    f: dict[str, float] = defaultdict(int)
    for r in rows:
        b, p = r["b"], r["p"]
        visit = r["channel"] in VISITS
        f["total_batches"] += b
        f["total_persons"] += p
        f["first_time"] += r["n"]
        f["repeats"] += b - r["n"]
        if r["is_abnormal"]:
            f["abnormal_persons"] += p
            if r["is_repeat"]:
                f["repeat_abnormal_persons"] += p
        if r["channel"] == Channel.LETTER:
            f["letter_items"] += b
        elif r["channel"] == Channel.ONLINE:
            f["online_items"] += b
        elif r["channel"] == Channel.PHONE:
            f["phone_items"] += b
        if not visit:
            continue
        f["visit_batches"] += b
        f["visit_persons"] += p
        if r["channel"] == Channel.COLLECTIVE_VISIT:
            f["collective_batches"] += b
            f["collective_persons"] += p
            f[f"band_{r['band']}"] += b
        where = {Level.NATIONAL: "national", Level.PROVINCE: "province"}.get(r["level"])
        if where:
            f[f"{where}_batches"] += b
            f[f"{where}_persons"] += p
            if where == "national" and r["is_abnormal"]:
                f["national_abnormal_batches"] += b
                f["national_abnormal_persons"] += p
        elif r["level"] == Level.CITY and r["is_overlevel"]:
            f["overlevel_city_batches"] += b
            f["overlevel_city_persons"] += p
    total = f["total_batches"]
    f["repeat_rate"] = round(100 * f["repeats"] / total, 1) if total else None
    return Volumes(dict(f))


def breakdown(region: Region, period: Period, by: str, **filters) -> list[dict]:
    """批次/人次 grouped by "month", "channel", "level", "class" or "region" (the children)."""
    column = {"month": "month", "channel": "channel", "level": "level", "class": "top_class_id"}
    qs = _counts(region, period, **filters)
    if by == "region":
        return _by_child_region(region, qs)
    rows = qs.values(column[by]).annotate(b=Sum("petitions"), p=Sum("persons")).order_by(column[by])
    names: dict = {}
    if by == "class":
        ids = [r["top_class_id"] for r in rows]
        names = dict(ContentClass.objects.filter(pk__in=ids).values_list("pk", "name"))
    elif by == "channel":
        names = dict(Channel.choices)
    elif by == "level":
        names = dict(Level.choices)
    out = []
    for r in rows:
        key = r[column[by]]
        label = key.strftime("%Y-%m") if by == "month" else names.get(key, str(key))
        out.append({"key": key, "label": label, "batches": r["b"], "persons": r["p"]})
    if by == "class":
        out.sort(key=lambda row: -row["persons"])
    return out


def _by_child_region(region: Region, qs) -> list[dict]:
    """Counts per region directly below `region`, with population and per-10,000 figures."""
    children = list(Region.objects.filter(parent=region).order_by("code"))
    if not children:
        children = [region]
    paths = {r.pk: r.path for r in Region.objects.filter(path__startswith=region.path)}
    totals: dict[int, list[int]] = {c.pk: [0, 0] for c in children}
    for row in qs.values("region_id").annotate(b=Sum("petitions"), p=Sum("persons")).order_by():
        path = paths.get(row["region_id"], "")
        for child in children:
            if path.startswith(child.path):
                totals[child.pk][0] += row["b"]
                totals[child.pk][1] += row["p"]
                break
    out = []
    for child in children:
        b, p = totals[child.pk]
        per_head = round(p * 10000 / child.population, 2) if child.population else None
        out.append({
            "key": child.pk, "code": child.code, "label": child.name, "batches": b, "persons": p,
            "population": child.population, "per_10k": per_head,
        })  # fmt: skip
    return out


def yearly_totals(region: Region, first_year: int, last_year: int, **filters) -> dict[int, Volumes]:
    """Volumes per year (for peaks): one grouped query per year over month counts."""
    return {
        year: volumes(region, Period.year(year), **filters)
        for year in range(first_year, last_year + 1)
    }


# ---- rates ----------------------------------------------------------------------------

HANDLE_KINDS = (ClockKind.HANDLE, ClockKind.HANDLE_FAST, ClockKind.EXTENSION)
DONE = (ClockState.MET, ClockState.LATE_MET)


def _cohort(region: Region, period: Period, kinds, *, unit_id: int | None = None):
    """Clocks of `kinds` due in the period that count: finished, late, or open past due."""
    today = clock.today()
    counted = Q(state__in=(*DONE, ClockState.LATE, ClockState.LAPSED)) | Q(
        state__in=(ClockState.RUNNING, ClockState.PAUSED), due_on__lt=today
    )
    qs = Clock.objects.filter(
        counted, kind__in=kinds, due_on__range=(period.start, min(period.end, today))
    ).filter(matter__region_id__in=subtree(region).values("pk"))
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    return qs


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _days_between(later: str, earlier: str) -> RawSQL:
    if connection.vendor == "postgresql":
        return RawSQL(f'("workflow_clock"."{later}" - "workflow_clock"."{earlier}")', [])
    return RawSQL(
        f'(julianday("workflow_clock"."{later}") - julianday("workflow_clock"."{earlier}"))', []
    )


def rates(region: Region, period: Period, *, unit_id: int | None = None) -> dict[str, float | None]:
    """Timeliness, satisfaction and settlement rates for a place (or a unit) and period."""
    accept = _cohort(region, period, (ClockKind.ACCEPT_NOTICE,), unit_id=unit_id).aggregate(
        met=Count("id", filter=Q(state=ClockState.MET)), all=Count("id")
    )
    handle = _cohort(region, period, HANDLE_KINDS, unit_id=unit_id).aggregate(
        met=Count("id", filter=Q(state=ClockState.MET)),
        all=Count("id"),
        first_met=Count("id", filter=Q(state=ClockState.MET, matter__petition_count=1)),
        first_all=Count("id", filter=Q(matter__petition_count=1)),
        answered=Count("id", filter=Q(state__in=DONE)),
        settled=Count("id", filter=Q(state__in=DONE, matter__is_settled=True)),
        resolved=Count(
            "id",
            filter=Q(state__in=DONE)
            & (Q(matter__is_settled=True) | Q(matter__petitioner_stopped=True)),
        ),
        days=Sum(_days_between("met_on", "started_on"), filter=Q(state__in=DONE)),
    )
    rating_cohort = _cohort(region, period, (ClockKind.RATING_WINDOW,), unit_id=unit_id)
    rating = rating_cohort.aggregate(rated=Count("id", filter=Q(state__in=DONE)), all=Count("id"))
    levels = Rating.objects.filter(
        target=RatingTarget.UNIT,
        matter_id__in=rating_cohort.filter(state__in=DONE).values("matter_id"),
    ).aggregate(all=Count("id"), good=Count("id", filter=Q(level__in=("satisfied", "basically"))))
    answered = handle["answered"]
    return {
        "timely_accept_rate": _pct(accept["met"], accept["all"]),
        "on_time_rate": _pct(handle["met"], handle["all"]),
        "first_time_closed_rate": _pct(handle["first_met"], handle["first_all"]),
        "participation_rate": _pct(rating["rated"], rating["all"]),
        "satisfaction_rate": _pct(levels["good"], levels["all"]),
        "settled_rate": _pct(handle["settled"], answered),
        "resolution_rate": _pct(handle["resolved"], answered),
        "avg_handling_days": round(float(handle["days"]) / answered, 1) if answered else None,
        "due_matters": handle["all"],
    }


def rates_by_child_region(region: Region, period: Period) -> list[dict]:
    """按期办结率 and 及时受理率 per region below `region`, with the colour band."""
    out = []
    children = list(Region.objects.filter(parent=region).order_by("code")) or [region]
    for child in children:
        r = rates(child, period)
        out.append({"key": child.pk, "label": child.name, **r, "band": band(r["on_time_rate"])})
    out.sort(key=lambda row: -1 if row["on_time_rate"] is None else -row["on_time_rate"])
    return out


def band(rate: float | None) -> str:
    """Ranking colour: red below 85%, yellow 85–90%, green above 90%."""
    if rate is None:
        return "none"
    if rate < 85:
        return "red"
    if rate <= 90:
        return "yellow"
    return "green"


def overdue_matters(region: Region, limit: int = 10):
    """Open matters past a deadline in the place, most serious first (indexed on urgency)."""
    from xinfang.petitions.models import OPEN_STATUSES, Matter, Urgency

    return (
        Matter.objects.filter(
            status__in=OPEN_STATUSES,
            urgency__gte=Urgency.OVERDUE,
            region_id__in=subtree(region).values("pk"),
            is_accusation=False,
        )
        .select_related("region")
        .order_by("-urgency", "next_due_on")[:limit]
    )


# ---- changes --------------------------------------------------------------------------


def change(now: float | None, before: float | None) -> float | None:
    """(now − before) ÷ before in percent, one decimal; None when there is no base."""
    if now is None or before is None or before == 0:
        return None
    return round(100 * (now - before) / before, 1)


def per_10k(value: float, region: Region) -> float | None:
    return round(value * 10000 / region.population, 2) if region.population else None


def peak(totals: dict[int, Volumes], key: str) -> tuple[int, float] | None:
    """The year with the highest `key` among `totals` (earliest on ties)."""
    best = None
    for year in sorted(totals):
        value = totals[year][key]
        if best is None or value > best[1]:
            best = (year, value)
    return best


def scope_choices(user) -> list[tuple[int, str]]:
    """The user's region and the regions directly below it, for the dashboard's selector."""
    if not user.region_id:
        return []
    below = Region.objects.filter(parent=user.region).order_by("code")
    return [(user.region.pk, user.region.name)] + [(r.pk, f"　{r.name}") for r in below]
