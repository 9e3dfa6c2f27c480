"""Every write of sensitive periods (特护期): defining a period, changing it, and a county's
daily report (每日报告, a 零报告 when nothing happened)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.periods import queries
from xinfang.periods.models import DailyReport, PeriodKind, SensitivePeriod
from xinfang.regions.models import Level, Region

MAX_DAYS = 92  # a quarter: longer is not a 特护期 but ordinary work
MAX_THRESHOLD = 100_000
EARLIEST = dt.date(2000, 1, 1)
MIN_INCIDENTS = 5


def _check_period(actor, values: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    name = (values.get("name") or "").strip()
    values["name"] = name
    if not 2 <= len(name) <= 60:
        errors["name"] = ["请填写名称（2至60字）"]
    if values.get("kind") not in PeriodKind.values:
        errors["kind"] = ["请选择类型"]
    start, end = values.get("starts_on"), values.get("ends_on")
    if start is None or start < EARLIEST:
        errors["starts_on"] = ["请填写开始日期"]
    if end is None:
        errors["ends_on"] = ["请填写结束日期"]
    elif start is not None and end < start:
        errors["ends_on"] = ["结束日期不能早于开始日期"]
    elif start is not None and (end - start).days + 1 > MAX_DAYS:
        errors["ends_on"] = [f"特护期不超过{MAX_DAYS}天"]
    regions = list(values.get("regions") or [])
    values["regions"] = regions
    if not regions:
        errors["regions"] = ["请选择涉及地区（县市区或全市）"]
    elif any(r.level not in (Level.CITY, Level.COUNTY) for r in regions):
        errors["regions"] = ["涉及地区只能是市或县市区"]
    elif actor.region_id is None or any(not r.path.startswith(actor.region.path) for r in regions):
        errors["regions"] = ["只能选择本辖区的地区"]
    if not isinstance(values.get("report_deadline"), dt.time):
        errors["report_deadline"] = ["请填写每日报送截止时间"]
    for name in ("persons_warning", "collective_warning", "overlevel_warning"):
        value = values.get(name)
        if value is None or not 1 <= value <= MAX_THRESHOLD:
            errors[name] = [f"预警值应在1至{MAX_THRESHOLD}之间"]
    values["note"] = (values.get("note") or "").strip()
    if len(values["note"]) > 300:
        errors["note"] = ["工作要求不超过300字"]
    return errors


FIELDS = (
    "name", "kind", "starts_on", "ends_on", "report_deadline", "persons_warning",
    "collective_warning", "overlevel_warning", "note",
)  # fmt: skip


def create_period(
    actor,
    *,
    name: str,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    regions: list[Region],
    report_deadline: dt.time = dt.time(16, 0),
    persons_warning: int = 20,
    collective_warning: int = 1,
    overlevel_warning: int = 1,
    note: str = "",
    at: dt.datetime | None = None,
) -> SensitivePeriod:
    """Define a 特护期 over counties (or the whole city) with its thresholds and deadline."""
    if not queries.may_manage_periods(actor):
        raise NotAllowed("只有管理员可以设置特护期")
    values = dict(
        name=name, kind=kind, starts_on=starts_on, ends_on=ends_on, regions=regions,
        report_deadline=report_deadline, persons_warning=persons_warning,
        collective_warning=collective_warning, overlevel_warning=overlevel_warning, note=note,
    )  # fmt: skip
    errors = _check_period(actor, values)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        period = SensitivePeriod.objects.create(
            **{k: values[k] for k in FIELDS}, created_by=actor, created_at=at or timesource.now()
        )
        period.regions.set(values["regions"])
    return period


def update_period(actor, period: SensitivePeriod, **changes) -> SensitivePeriod:
    """Change a period's days, regions, thresholds or deadline. Reports already sent stay;
    a county no longer concerned keeps its reports (they are history)."""
    if not queries.may_manage_periods(actor):
        raise NotAllowed("只有管理员可以设置特护期")
    if not queries.visible_periods(actor).filter(pk=period.pk).exists():
        raise NotAllowed("无权修改该特护期")
    values = {k: getattr(period, k) for k in FIELDS}
    values["regions"] = list(period.regions.all())
    unknown = set(changes) - set(values)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    values.update(changes)
    errors = _check_period(actor, values)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        for k in FIELDS:
            setattr(period, k, values[k])
        period.save()
        period.regions.set(values["regions"])
    return period


def submit_report(
    actor,
    period: SensitivePeriod,
    county: Region,
    *,
    day: dt.date,
    is_zero_report: bool,
    incidents: str = "",
    measures: str = "",
    at: dt.datetime | None = None,
) -> DailyReport:
    """Send `county`'s daily report for `day`: a 零报告, or what happened and what was done.

    The day's figures are kept with it as they stand now. A day of the period up to today
    may be reported once; sent after the deadline time it counts as 迟报.
    """
    if not queries.may_report(actor, county):
        raise NotAllowed("只有本县市区信访部门的工作人员可以报送")
    if county not in queries.counties_of(period):
        raise NotAllowed("该县市区不在本特护期范围内")
    at = at or timesource.now()
    today = timesource.day_of(at)
    errors: dict[str, list[str]] = {}
    if day is None or not period.covers(day):
        errors["day"] = [f"报告日期应在特护期内（{period.starts_on}至{period.ends_on}）"]
    elif day > today:
        errors["day"] = ["不能报送今后日期的报告"]
    incidents, measures = (incidents or "").strip(), (measures or "").strip()
    if is_zero_report:
        if incidents:
            errors["incidents"] = ["零报告不填写情况；有情况请取消零报告"]
    elif len(incidents) < MIN_INCIDENTS:
        errors["incidents"] = [f"请填写情况报告（至少{MIN_INCIDENTS}字），无情况请报零报告"]
    if len(incidents) > 2000:
        errors["incidents"] = ["情况报告不超过2000字"]
    if len(measures) > 1000:
        errors["measures"] = ["采取措施不超过1000字"]
    if errors:
        raise Invalid(errors)
    figures = queries.figures_by_day(county, day, day)[day]
    try:
        with transaction.atomic():
            return DailyReport.objects.create(
                period=period, region=county, day=day, is_zero_report=is_zero_report,
                incidents=incidents, measures=measures, figures=figures.as_dict(),
                submitted_by=actor, submitted_at=at,
            )  # fmt: skip
    except IntegrityError:
        raise DomainError(f"{county.name}{day:%m月%d日}的报告已报送") from None
