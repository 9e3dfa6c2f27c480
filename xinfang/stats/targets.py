"""How each yearly target (目标责任) stands: use, margin, projection, and a warning when at risk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from xinfang.lib import timesource
from xinfang.regions.models import Region
from xinfang.stats import queries
from xinfang.stats.models import RATE_INDICATORS, Comparator, Indicator, Target
from xinfang.stats.queries import Period

# Indicator → (figure key, source) where source is "volume" or "rate".
SOURCES = {
    Indicator.TOTAL_PERSONS: "total_persons",
    Indicator.TOTAL_BATCHES: "total_batches",
    Indicator.NATIONAL_PERSONS: "national_persons",
    Indicator.NATIONAL_ABNORMAL_PERSONS: "national_abnormal_persons",
    Indicator.REPEAT_ABNORMAL_PERSONS: "repeat_abnormal_persons",
    Indicator.PROVINCE_PERSONS: "province_persons",
    Indicator.OVERLEVEL_CITY_PERSONS: "overlevel_city_persons",
    Indicator.FIRST_TIME_CLOSED_RATE: "first_time_closed_rate",
    Indicator.ON_TIME_RATE: "on_time_rate",
    Indicator.TIMELY_ACCEPT_RATE: "timely_accept_rate",
    Indicator.SETTLED_RATE: "settled_rate",
    Indicator.REPEAT_RATE: "repeat_rate",
    Indicator.SATISFACTION_RATE: "satisfaction_rate",
}
AT_RISK_SHARE = 0.9  # a ceiling is at risk once 90% of it is used, or the pace would exceed it


class Status:
    OK = "ok"
    AT_RISK = "at_risk"
    EXCEEDED = "exceeded"  # a ceiling passed, or a rate below its floor
    NO_DATA = "no_data"


STATUS_LABELS = {
    Status.OK: "正常", Status.AT_RISK: "预警", Status.EXCEEDED: "未达标", Status.NO_DATA: "暂无数据",
}  # fmt: skip


@dataclass
class TargetProgress:
    target: Target
    label: str
    measure: str  # what the figure counts in: 件, 人次, % (a unit here is an organisation)
    limit: float
    actual: float | None
    quota_to_date: float | None  # the month-split quota up to now, when split
    projected: float | None
    status: str

    @property
    def comparator(self) -> str:
        return self.target.comparator

    @property
    def region_id(self) -> int | None:
        return self.target.region_id

    @property
    def used_pct(self) -> float | None:
        if self.actual is None or not self.limit or self.target.indicator in RATE_INDICATORS:
            return None
        return round(100 * self.actual / self.limit, 1)

    @property
    def margin_pct(self) -> float | None:
        """节省指标: the share of a ceiling not used (negative when exceeded)."""
        if self.actual is None or not self.limit:
            return None
        return round(100 * (self.limit - self.actual) / self.limit, 1)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def progress(
    region: Region,
    year: int,
    *,
    upto: dt.date | None = None,
    volumes: queries.Volumes | None = None,
    rates: dict | None = None,
    targets: Iterable[Target] | None = None,
) -> list[TargetProgress]:
    """Progress of the targets set on `region` (and on units in it) for `year`.

    `volumes` and `rates` are the region's figures from January to `upto` when the caller
    has them already (the annual report), so they are not read twice. `targets` narrows
    the targets assessed to some of those (one agreement's goals, 目标责任状).
    """
    today = min(upto or timesource.today(), dt.date(year, 12, 31))
    if targets is None:
        targets = (
            Target.objects.filter(year=year)
            .filter(Q(region=region) | Q(unit__region__path__startswith=region.path))
            .select_related("region", "unit")
        )
    targets = list(targets)
    if not targets:
        return []
    period = Period(dt.date(year, 1, 1), today, f"{year}年")
    if volumes is None:
        volumes = queries.volumes(region, _months_to(year, today))
    out = []
    for target in targets:
        key = SOURCES[target.indicator]
        label, measure, _ = queries.DEFINITIONS[key]
        is_rate = target.indicator in RATE_INDICATORS
        if is_rate:
            if target.indicator == Indicator.REPEAT_RATE:
                actual = volumes[key] if volumes.figures.get(key) is not None else None
            else:
                if target.unit_id:
                    actual = queries.rates(region, period, unit_id=target.unit_id)[key]
                else:
                    rates = rates or queries.rates(region, period)
                    actual = rates[key]
        else:
            actual = volumes[key]
        out.append(_assess(target, label, measure, actual, today))
    return out


def _months_to(year: int, today: dt.date) -> Period:
    nxt = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return Period(dt.date(year, 1, 1), nxt - dt.timedelta(days=1), f"{year}年")


def _assess(target: Target, label: str, measure: str, actual, today: dt.date) -> TargetProgress:
    limit = float(target.value)
    quota = None
    if target.monthly:
        quota = sum(float(v) for k, v in target.monthly.items() if int(k) <= today.month)
    elapsed = (today - dt.date(today.year, 1, 1)).days + 1
    days = 366 if today.year % 4 == 0 and (today.year % 100 or today.year % 400 == 0) else 365
    is_rate = target.indicator in RATE_INDICATORS
    projected = None
    if actual is None:
        status = Status.NO_DATA
    elif target.comparator == Comparator.AT_MOST:
        projected = actual if is_rate else round(actual * days / elapsed, 1)
        if actual > limit:
            status = Status.EXCEEDED
        elif (
            (quota is not None and actual > quota)
            or projected > limit
            or (not is_rate and actual >= AT_RISK_SHARE * limit)
        ):
            status = Status.AT_RISK
        else:
            status = Status.OK
    else:
        # Rates with a floor (≥) or an exact aim (=100%): below it is a warning during the
        # year and a miss once the year is over.
        short = actual < limit
        status = (
            Status.OK
            if not short
            else (Status.EXCEEDED if today.month == 12 and today.day == 31 else Status.AT_RISK)
        )
    return TargetProgress(target, label, measure, limit, actual, quota, projected, status)
