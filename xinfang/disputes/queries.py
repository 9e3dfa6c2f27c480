"""Reads over the dispute ledger, and the access rules every page goes through.

Rule: a user sees the disputes their own unit recorded (a township its own ledger) and those
whose place lies in their region subtree (a county its townships', the city all). Anything
else is a 404, so the existence of a dispute is not revealed. Leaders read; the others in
scope also write.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.disputes.models import Dispute, DisputeKind, DisputeStatus, MonthlyReport
from xinfang.lib.identity import mask_text
from xinfang.regions.models import Region, Unit, UnitKind
from xinfang.regions.queries import subtree

STATUSES = [status.value for status in DisputeStatus]


def visibility(user) -> Q:
    """The condition a dispute must meet for `user` to see it."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    seen = Q(pk__in=[])
    if user.region_id:
        seen |= Q(region_id__in=subtree(user.region).values("pk"))
    if user.unit_id:
        seen |= Q(unit_id=user.unit_id)
    return seen


def visible_disputes(user) -> QuerySet[Dispute]:
    return Dispute.objects.filter(visibility(user)).select_related("unit", "region", "petition")


def may_write(user) -> bool:
    """Whether `user` records and works on the disputes they see (leaders only read)."""
    return user.is_superuser or user.role != Role.LEADER


def access_dispute(user, pk: int, *, write: bool = False) -> Dispute:
    """The dispute `user` may see (and, with `write`, work on), or 404."""
    dispute = visible_disputes(user).filter(pk=pk).first()
    if dispute is None or (write and not may_write(user)):
        raise Http404("没有找到该矛盾纠纷")
    return dispute


def reporting_units(user) -> QuerySet[Unit]:
    """The units `user` may record disputes for: their own unit, and the townships of their
    region (a county bureau keeps the ledger of a township that has no login)."""
    condition = Q(pk__in=[])
    if user.unit_id:
        condition |= Q(pk=user.unit_id)
    if user.region_id:
        condition |= Q(kind=UnitKind.TOWNSHIP, region__in=subtree(user.region))
    return Unit.objects.filter(condition, is_active=True).select_related("region")


def place_choices(unit: Unit) -> QuerySet[Region]:
    """The regions a dispute recorded by `unit` may lie in: the unit's region and below."""
    return subtree(unit.region)


def may_see_parties(user) -> bool:
    """Lists show the parties' names in full only to administrators and leaders; the others
    see them masked (张** 李**), as the petition lists mask personal data."""
    return user.is_superuser or user.role in (Role.ADMIN, Role.LEADER)


def masked_parties(parties: str) -> str:
    """Each party's name cut to its first character: "张三、李四" → "张*、李*"."""
    parts = [p.strip() for p in parties.replace("，", "、").replace(",", "、").split("、")]
    return "、".join(mask_text(p, 1) for p in parts if p)


# -- the monthly report (月报表) -------------------------------------------------------


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def next_month(month: dt.date) -> dt.date:
    return (month_end(month) + dt.timedelta(days=1)).replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def due_date(month: dt.date) -> dt.date:
    """The last day a township may send the report of `month`: the day
    settings.XINFANG_DISPUTE_REPORT_DAY of the month after."""
    return next_month(month).replace(day=settings.XINFANG_DISPUTE_REPORT_DAY)


def figures(disputes: QuerySet[Dispute], month: dt.date) -> dict:
    """The month's report over `disputes` (a township's ledger or a county's), in one query.

    On the month's ledger: found by the month's end and not settled or converted before it
    began. Each is counted under its status at the month's end (the dates each status was
    reached); 本月新增 are those found in the month, 本月化解 those settled in it.
    """
    start, end = month, month_end(month)
    on_ledger = (
        disputes.filter(found_on__lte=end)
        .exclude(resolved_on__lt=start)
        .exclude(converted_on__lt=start)
    )
    state = Case(
        When(converted_on__lte=end, then=Value(DisputeStatus.CONVERTED.value)),
        When(resolved_on__lte=end, then=Value(DisputeStatus.RESOLVED.value)),
        When(resolving_on__lte=end, then=Value(DisputeStatus.RESOLVING.value)),
        default=Value(DisputeStatus.SCREENED.value),
    )
    grouped = (
        on_ledger.order_by()
        .annotate(state=state)
        .values("kind", "state")
        .annotate(
            n=Count("id"),
            people=Sum("people"),
            new=Count("id", filter=Q(found_on__gte=start)),
            settled=Count("id", filter=Q(resolved_on__gte=start, resolved_on__lte=end)),
        )
    )
    rows = {kind.value: _empty_row(kind.value, kind.label) for kind in DisputeKind}
    for group in grouped:
        row = rows[group["kind"]]
        row[group["state"]] += group["n"]
        row["total"] += group["n"]
        row["people"] += group["people"] or 0
        row["new"] += group["new"]
        row["settled"] += group["settled"]
    total = _empty_row("", "合计")
    for row in rows.values():
        for key in STATUSES + ["total", "new", "settled", "people"]:
            total[key] += row[key]
    return {"month": f"{month:%Y-%m}", "rows": list(rows.values()), "total": total}


def _empty_row(kind: str, label: str) -> dict:
    return {"kind": kind, "label": label, **dict.fromkeys(STATUSES, 0),
            "total": 0, "new": 0, "settled": 0, "people": 0}  # fmt: skip


def unit_disputes(unit: Unit) -> QuerySet[Dispute]:
    return Dispute.objects.filter(unit=unit)


def region_disputes(region: Region) -> QuerySet[Dispute]:
    return Dispute.objects.filter(region_id__in=subtree(region).values("pk"))


def townships_of(region: Region) -> QuerySet[Unit]:
    """The townships (乡镇（街道）units) that send reports to `region` or above it."""
    return Unit.objects.filter(
        kind=UnitKind.TOWNSHIP, is_active=True, region__in=subtree(region)
    ).order_by("region__code", "name")


def report_of(unit: Unit, month: dt.date) -> MonthlyReport | None:
    return (
        MonthlyReport.objects.filter(unit=unit, month=month).select_related("submitted_by").first()
    )


@dataclass(frozen=True)
class TownshipReport:
    """Where a township stands with one month's report, as its county sees it."""

    unit: Unit
    report: MonthlyReport | None
    due: dt.date
    late: bool  # 未报: not sent and the due day has passed


def township_reports(region: Region, month: dt.date, today: dt.date) -> list[TownshipReport]:
    """Each township of `region` with its report of `month`, those not sent by the due day
    flagged (未报)."""
    units = list(townships_of(region).select_related("region"))
    sent = {
        r.unit_id: r
        for r in MonthlyReport.objects.filter(month=month, unit__in=units).select_related(
            "submitted_by"
        )
    }
    due = due_date(month)
    return [
        TownshipReport(unit, sent.get(unit.pk), due, unit.pk not in sent and today > due)
        for unit in units
    ]


def reports_home(user) -> tuple[str, int] | None:
    """Where 月报表 leads `user`: their township's report, their region's, or nowhere (a
    department's staff keep a ledger but report through no township or region)."""
    if user.unit_id and user.unit.kind == UnitKind.TOWNSHIP:
        return ("disputes:township_report", user.unit_id)
    if user.region_id:
        return ("disputes:region_report", user.region_id)
    return None


def access_township(user, pk: int) -> Unit:
    """A township whose reports `user` may read: their own, or one in their region; or 404."""
    unit = Unit.objects.filter(pk=pk, kind=UnitKind.TOWNSHIP).select_related("region").first()
    if unit is None:
        raise Http404("没有找到该乡镇")
    if user.unit_id == unit.pk:
        return unit
    if user.region_id and unit.region.path.startswith(user.region.path):
        return unit
    raise Http404("没有找到该乡镇")


def may_submit(user, unit: Unit) -> bool:
    """A township's report is sent by its own staff (an administrator may stand in)."""
    return (user.unit_id == unit.pk and user.role != Role.LEADER) or user.role == Role.ADMIN
