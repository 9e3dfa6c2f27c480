"""Indicators, computed from the count tables and small indexed queries; access to them.

Volumes come only from `VolumeCount` and `ClassCount`: a period is read as its whole years
(one row per year × 问题属地 × form) and the months around them, so a city's year is a few
dozen rows however long the history. Rates come from `RateCount`: a matter enters a
period's rates when its statutory deadline fell due in the period (a cohort by deadline,
kept by `stats.cohorts`), and one grouped read of a year's rows gives every rate of a place
and of each region below it. Every figure carries its definition, shown on screen.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Min, Sum
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.classes.models import ContentClass
from xinfang.petitions.models import VISIT_CHANNELS, Channel
from xinfang.regions.models import Region, UnitKind
from xinfang.regions.queries import subtree
from xinfang.stats import cohorts
from xinfang.stats.models import (
    RATE_MEASURES,
    VOLUME_MEASURES,
    ClassCount,
    RateCount,
    RatePart,
    SizeBand,
    Span,
    VolumeCount,
)

VISITS = tuple(str(c) for c in VISIT_CHANNELS)
# 纪检监察: the class of 检举控告 (第30条). No figure shown to a user outside the accusation
# circle counts it, totals included: a total less the other classes would single it out.
CONFIDENTIAL_CLASS_CODE = "04"


def sees_confidential(user) -> bool:
    """Whether `user`'s figures may count the 纪检监察 class (staff authorised for 检举控告)."""
    return bool(getattr(user, "may_handle_accusations", False))


def confidential_class_ids() -> list[int]:
    return list(
        ContentClass.objects.filter(code=CONFIDENTIAL_CLASS_CODE, parent=None).values_list(
            "pk", flat=True
        )
    )


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
    "due_matters": ("期内到期事项", "件", "办理期限在期内届满的事项数：按期办结率等比率的计算基数"),
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


def _slices(period: Period, *, months: bool = False) -> list[tuple[str, dt.date, dt.date]]:
    """The count rows covering `period`: (span, first start, last start) for its whole years
    and the months before and after them (all months when `months`).

    A period holds the months whose first day falls within it.
    """
    first, last = period.start.replace(day=1), period.end.replace(day=1)
    if period.start.day > 1:
        first = (first + dt.timedelta(days=32)).replace(day=1)
    if first > last:
        return []
    if months:
        return [(Span.MONTH, first, last)]
    first_year = first.year if first.month == 1 else first.year + 1
    last_year = last.year if last.month == 12 else last.year - 1
    if first_year > last_year:
        return [(Span.MONTH, first, last)]
    out = [(Span.YEAR, dt.date(first_year, 1, 1), dt.date(last_year, 1, 1))]
    if first.year < first_year:
        out.append((Span.MONTH, first, dt.date(first.year, 12, 1)))
    if last.year > last_year:
        out.append((Span.MONTH, dt.date(last.year, 1, 1), last))
    return out


def _sums(
    region: Region,
    period: Period,
    by: tuple[str, ...],
    measures: tuple[str, ...] = VOLUME_MEASURES,
    *,
    months: bool = False,
    confidential: bool = False,
    **filters,
) -> dict[tuple, dict[str, int]]:
    """`measures` summed over the place's count rows in `period`, grouped by the columns `by`.

    Every figure is read here. Unless `confidential` (see `sees_confidential`), the 纪检监察
    class is left out of it; `ClassCount` is then read, as when the class is a filter or a
    group, else the smaller `VolumeCount`.
    """
    by_class = "top_class_id" in filters or "top_class_id" in by or not confidential
    model = ClassCount if by_class else VolumeCount
    regions = subtree(region).values("pk")
    hidden = {} if confidential else {"top_class_id__in": confidential_class_ids()}
    out: dict[tuple, dict[str, int]] = {}
    for span, first, last in _slices(period, months=months):
        rows = (
            model.objects.filter(
                span=span, start__range=(first, last), region_id__in=regions, **filters
            )
            .exclude(**hidden)
            .values(*by)
            .annotate(**{f"sum_{name}": Sum(name) for name in measures})
            .order_by()
        )
        for row in rows:
            key = tuple(row[column] for column in by)
            if key in out:
                for name in measures:
                    out[key][name] += row[f"sum_{name}"]
            else:
                out[key] = {name: row[f"sum_{name}"] for name in measures}
    return out


def _figures(rows: Iterable[tuple[str, dict[str, int]]]) -> Volumes:
    """Every volume figure from (channel, summed measures) rows."""
    f: dict[str, float] = defaultdict(int)
    for channel, r in rows:
        b, p = r["petitions"], r["persons"]
        if not b:
            continue
        f["total_batches"] += b
        f["total_persons"] += p
        f["first_time"] += r["new_matters"]
        f["repeats"] += b - r["new_matters"]
        # A figure appears once a petition counts in it (zeros stay absent, as they always were).
        for subset in ("abnormal", "repeat_abnormal"):
            if r[f"{subset}_petitions"]:
                f[f"{subset}_persons"] += r[f"{subset}_persons"]
        if channel == Channel.LETTER:
            f["letter_items"] += b
        elif channel == Channel.ONLINE:
            f["online_items"] += b
        elif channel == Channel.PHONE:
            f["phone_items"] += b
        if channel not in VISITS:
            continue
        f["visit_batches"] += b
        f["visit_persons"] += p
        if channel == Channel.COLLECTIVE_VISIT:
            f["collective_batches"] += b
            f["collective_persons"] += p
            for band in SizeBand.values[1:]:
                if r[f"band_{band}"]:
                    f[f"band_{band}"] += r[f"band_{band}"]
        for where in ("national", "national_abnormal", "province", "overlevel_city"):
            if r[f"{where}_petitions"]:
                f[f"{where}_batches"] += r[f"{where}_petitions"]
                f[f"{where}_persons"] += r[f"{where}_persons"]
    total = f["total_batches"]
    f["repeat_rate"] = round(100 * f["repeats"] / total, 1) if total else None
    return Volumes(dict(f))


def volumes(region: Region, period: Period, **filters) -> Volumes:
    """Every volume figure for a place and period (filters: `channel`, `top_class_id`)."""
    rows = _sums(region, period, ("channel",), **filters)
    return _figures((channel, sums) for (channel,), sums in rows.items())


def data_since() -> dt.date | None:
    """The first month the counts hold any petition: a comparison with a period before it
    compares with a partial year (one indexed MIN over the monthly counts)."""
    return VolumeCount.objects.filter(span=Span.MONTH).aggregate(first=Min("start"))["first"]


def partial(period: Period, since: dt.date | None) -> bool:
    """Whether the data begin inside `period`: its figures cover part of it only, and a
    change against it (同比 +1100%) would mislead. (Data beginning after it: the period is
    simply empty, which the wording already says: 上年同期为零.)"""
    return since is not None and period.start < since <= period.end


def yearly_totals(region: Region, first_year: int, last_year: int, **filters) -> dict[int, Volumes]:
    """Volumes per year from `first_year` to `last_year` (for 同比 and peaks), in one query."""
    period = Period(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), "")
    rows = _sums(region, period, ("start", "channel"), **filters)
    by_year: dict[int, list] = {year: [] for year in range(first_year, last_year + 1)}
    for (start, channel), sums in rows.items():
        by_year[start.year].append((channel, sums))
    return {year: _figures(channels) for year, channels in by_year.items()}


def _children(region: Region) -> tuple[list[Region], dict[int, str]]:
    """The regions directly below `region` (or itself when it has none), and every path below."""
    children = list(Region.objects.filter(parent=region).order_by("code")) or [region]
    paths = dict(Region.objects.filter(path__startswith=region.path).values_list("pk", "path"))
    return children, paths


def _child_of(children: list[Region], path: str) -> Region | None:
    for child in children:
        if path.startswith(child.path):
            return child
    return None


def volumes_by_child(
    region: Region, period: Period, *, confidential: bool = False, **filters
) -> list[tuple[Region, Volumes]]:
    """Every volume figure for each region directly below `region`, from one query
    (filters: `channel`, `top_class_id`)."""
    children, paths = _children(region)
    rows: dict[int, list] = {child.pk: [] for child in children}
    for (region_id, channel), sums in _sums(
        region, period, ("region_id", "channel"), confidential=confidential, **filters
    ).items():
        child = _child_of(children, paths.get(region_id, ""))
        if child is not None:
            rows[child.pk].append((channel, sums))
    return [(child, _figures(rows[child.pk])) for child in children]


def breakdown(region: Region, period: Period, by: str, **filters) -> list[dict]:
    """批次/人次 grouped by "month", "channel", "class" or "region" (the children)."""
    if by == "region":
        return _by_child_region(region, period, **filters)
    column = {"month": "start", "channel": "channel", "class": "top_class_id"}[by]
    rows = _sums(
        region, period, (column,), ("petitions", "persons"), months=by == "month", **filters
    )
    names: dict = {}
    if by == "class":
        ids = [key for (key,) in rows]
        names = dict(ContentClass.objects.filter(pk__in=ids).values_list("pk", "name"))
    elif by == "channel":
        names = dict(Channel.choices)
    out = []
    for (key,), sums in sorted(rows.items()):
        label = key.strftime("%Y-%m") if by == "month" else names.get(key, str(key))
        out.append(
            {"key": key, "label": label, "batches": sums["petitions"], "persons": sums["persons"]}
        )
    if by == "class":
        out.sort(key=lambda row: -row["persons"])
    return out


def _by_child_region(region: Region, period: Period, **filters) -> list[dict]:
    """Counts per region directly below `region`, with population and per-10,000 figures."""
    children, paths = _children(region)
    totals: dict[int, list[int]] = {c.pk: [0, 0] for c in children}
    rows = _sums(region, period, ("region_id",), ("petitions", "persons"), **filters)
    for (region_id,), sums in rows.items():
        child = _child_of(children, paths.get(region_id, ""))
        if child is not None:
            totals[child.pk][0] += sums["petitions"]
            totals[child.pk][1] += sums["persons"]
    out = []
    for child in children:
        b, p = totals[child.pk]
        per_head = round(p * 10000 / child.population, 2) if child.population else None
        out.append({
            "key": child.pk, "code": child.code, "label": child.name, "batches": b, "persons": p,
            "population": child.population, "per_10k": per_head,
        })  # fmt: skip
    return out


# ---- rates ----------------------------------------------------------------------------


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _rate_counts(
    region: Region, period: Period, *, unit_id: int | None = None, by_region: bool = False
) -> dict[int | None, dict[str, dict]]:
    """The counts behind every rate: the `RateCount` rows of the months in the period.

    Keyed by 问题属地 (when `by_region`, else None), then by part ("accept", "handle",
    "rating"). Rates are read by whole months, and only clocks due by today count.
    """
    cohorts.ensure_current()
    rows = RateCount.objects.filter(
        month__range=(period.start.replace(day=1), period.end),
        region_id__in=subtree(region).values("pk"),
    )
    if unit_id is not None:
        rows = rows.filter(unit_key=unit_id)
    where = ("region_id",) if by_region else ()
    out: dict[int | None, dict[str, dict]] = defaultdict(
        lambda: {part: defaultdict(int) for part in RatePart.values}
    )
    sums = {f"sum_{name}": Sum(name) for name in RATE_MEASURES}
    for row in rows.values("part", *where).annotate(**sums).order_by():
        totals = out[row.get("region_id")][row["part"]]
        for name in RATE_MEASURES:
            totals[name] += row[f"sum_{name}"] or 0
    return out


def _rates(counts: dict[str, dict]) -> dict[str, float | None]:
    accept, handle, rating = (counts[part] for part in RatePart.values)
    answered = handle["answered"]
    return {
        "timely_accept_rate": _pct(accept["met"], accept["clocks"]),
        "on_time_rate": _pct(handle["met"], handle["clocks"]),
        "first_time_closed_rate": _pct(handle["first_met"], handle["first_clocks"]),
        "participation_rate": _pct(rating["answered"], rating["clocks"]),
        "satisfaction_rate": _pct(rating["good"], rating["rated"]),
        "settled_rate": _pct(handle["settled"], answered),
        "resolution_rate": _pct(handle["resolved"], answered),
        "avg_handling_days": round(float(handle["days"]) / answered, 1) if answered else None,
        "due_matters": handle["clocks"],
    }


def _add(counts: list[dict[str, dict]]) -> dict[str, dict]:
    total = {part: defaultdict(int) for part in RatePart.values}
    for item in counts:
        for part, values in item.items():
            for name, value in values.items():
                total[part][name] += value
    return total


def rates(region: Region, period: Period, *, unit_id: int | None = None) -> dict[str, float | None]:
    """Timeliness, satisfaction and settlement rates for a place (or a unit) and period."""
    return _rates(_add(list(_rate_counts(region, period, unit_id=unit_id).values())))


def rates_with_ranking(region: Region, period: Period) -> tuple[dict, list[dict]]:
    """`rates` of the place and `rates_by_child_region`, from one read of the rollup."""
    by_region = _rate_counts(region, period, by_region=True)
    children, paths = _children(region)
    below: dict[int, list] = {child.pk: [] for child in children}
    for region_id, counts in by_region.items():
        child = _child_of(children, paths.get(region_id, ""))
        if child is not None:
            below[child.pk].append(counts)
    ranking = []
    for child in children:
        r = _rates(_add(below[child.pk]))
        ranking.append({"key": child.pk, "label": child.name, **r, "band": band(r["on_time_rate"])})
    ranking.sort(key=lambda row: -1 if row["on_time_rate"] is None else -row["on_time_rate"])
    return _rates(_add(list(by_region.values()))), ranking


def rates_by_child_region(region: Region, period: Period) -> list[dict]:
    """按期办结率 and 及时受理率 per region below `region`, with the colour band."""
    return rates_with_ranking(region, period)[1]


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
