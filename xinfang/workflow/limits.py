"""Time limits: the 条例's defaults, overridable per kind in the admin (TimeLimit rows)."""

from __future__ import annotations

from dataclasses import dataclass

from xinfang.holidays.calendar import Measure
from xinfang.reference.queries import snapshot
from xinfang.workflow.models import ClockKind, TimeLimit


@dataclass(frozen=True)
class Limit:
    amount: int
    measure: str  # 日 or 工作日 (holidays.calendar.Measure)
    warn_days: int = 3
    serious_days: int = 15


DEFAULTS: dict[str, Limit] = {
    ClockKind.DISPOSE: Limit(15, Measure.DAY),  # 第22条
    ClockKind.ACCEPT_NOTICE: Limit(15, Measure.DAY),  # 第23条
    ClockKind.HANDLE: Limit(60, Measure.DAY),  # 第34条
    ClockKind.HANDLE_FAST: Limit(10, Measure.WORKDAY),  # 简易办理
    ClockKind.EXTENSION: Limit(30, Measure.DAY),  # 第34条: the most an extension may add
    ClockKind.REVIEW_WINDOW: Limit(30, Measure.DAY),  # 第35条
    ClockKind.REVIEW: Limit(30, Measure.DAY),  # 第35条
    ClockKind.REREVIEW_WINDOW: Limit(30, Measure.DAY),  # 第36条
    ClockKind.REREVIEW: Limit(30, Measure.DAY),  # 第36条
    ClockKind.RATING_WINDOW: Limit(30, Measure.DAY),
}
OBJECTION_WORKDAYS = 5  # 第23条: a wrong transfer is objected to within 5个工作日


def limit_for(kind: str) -> Limit:
    """The administrators' limit for `kind`, else the 条例's."""
    return snapshot().get("limits", _read_limits)[kind]


def all_limits() -> dict[str, Limit]:
    """Every kind's limit (kept in memory while current, see `xinfang.reference`)."""
    return dict(snapshot().get("limits", _read_limits))


def _read_limits() -> dict[str, Limit]:
    limits = dict(DEFAULTS)
    for row in TimeLimit.objects.all():
        limits[row.kind] = Limit(row.amount, row.measure, row.warn_days, row.serious_days)
    return limits
