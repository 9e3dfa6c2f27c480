"""Every write to the count tables and targets.

`count_petition` is called by `petitions.actions.register_petition` inside its transaction,
so a registration and its counts commit together. `rebuild` recomputes any range of days
from the petitions themselves (after a bulk load, a restore or a repair): idempotent, one
month per transaction, advancing the `FillState` checkpoint so an interrupted run resumes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min, Q, Sum

from xinfang.classes.models import ContentClass
from xinfang.lib import clock
from xinfang.lib.errors import DomainError, NotAllowed
from xinfang.petitions.models import Petition
from xinfang.stats.models import (
    RATE_INDICATORS,
    Comparator,
    DailyCount,
    FillState,
    Indicator,
    MonthlyCount,
    Target,
    size_band,
)

ROLLUP = "petition_counts"
MEASURES = ("petitions", "persons", "new_matters")


def top_class_id(class_id: int, parents: dict[int, int | None] | None = None) -> int:
    """The first-level ancestor of a content class (classes form a shallow tree)."""
    if parents is None:
        parents = {}
        node = ContentClass.objects.filter(pk=class_id).values_list("parent_id", flat=True)
        parent = node.first()
        while parent is not None:
            parents[class_id], class_id = parent, parent
            parent = ContentClass.objects.filter(pk=parent).values_list("parent_id", flat=True)[0]
        return class_id
    while parents.get(class_id) is not None:
        class_id = parents[class_id]
    return class_id


def _bump(model, key: dict, values: dict) -> None:
    """Add `values` to the row at `key`, creating it on first use (safe under concurrency)."""
    changes = {name: F(name) + amount for name, amount in values.items()}
    if model.objects.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **values)
    except IntegrityError:  # another registration created it meanwhile
        model.objects.filter(**key).update(**changes)


def count_petition(petition: Petition) -> None:
    """Add one newly registered petition to the count tables (called by registration)."""
    band = size_band(petition.channel, petition.petitioner_count)
    values = {
        "petitions": 1,
        "persons": petition.petitioner_count,
        "new_matters": 0 if petition.is_repeat else 1,
    }
    flags = {
        "is_overlevel": petition.is_overlevel,
        "is_abnormal": petition.is_abnormal,
        "is_repeat": petition.is_repeat,
        "band": band,
    }
    common = {"region_id": petition.region_id, "channel": petition.channel, "level": petition.level}
    _bump(
        DailyCount,
        {
            "day": petition.received_on,
            "unit_id": petition.registering_unit_id,
            "content_class_id": petition.content_class_id,
            **common,
            **flags,
        },
        values,
    )
    _bump(
        MonthlyCount,
        {
            "month": petition.received_on.replace(day=1),
            "top_class_id": top_class_id(petition.content_class_id),
            **common,
            **flags,
        },
        values,
    )


def _months(first: dt.date, last: dt.date):
    month = first.replace(day=1)
    while month <= last:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        yield month, min(following - dt.timedelta(days=1), last)
        month = following


def rebuild(
    first: dt.date | None = None,
    last: dt.date | None = None,
    *,
    resume: bool = False,
    progress: Callable[[dt.date, int], None] | None = None,
) -> int:
    """Recompute the count tables for whole months from `first` to `last` (default: all).

    Returns the number of petitions counted. Running it twice gives the same tables.
    """
    bounds = Petition.objects.aggregate(first=Min("received_on"), last=Max("received_on"))
    if bounds["first"] is None:
        with transaction.atomic():
            DailyCount.objects.all().delete()
            MonthlyCount.objects.all().delete()
            _checkpoint(None, FillState.State.DONE)
        return 0
    first = (first or bounds["first"]).replace(day=1)
    last = last or max(bounds["last"], clock.today())
    if resume:
        state = FillState.objects.filter(property=ROLLUP).first()
        if state and state.state == FillState.State.STARTED and state.end_day:
            first = max(first, state.end_day + dt.timedelta(days=1))
    parents = dict(ContentClass.objects.values_list("pk", "parent_id"))
    total = 0
    for start, end in _months(first, last):
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        with transaction.atomic():
            total += _rebuild_month(start, end, parents)
            _checkpoint(end, FillState.State.STARTED)
        if progress:
            progress(start, total)
    _checkpoint(last, FillState.State.DONE)
    return total


def _rebuild_month(start: dt.date, end: dt.date, parents: dict[int, int | None]) -> int:
    DailyCount.objects.filter(day__range=(start, end)).delete()
    MonthlyCount.objects.filter(month=start).delete()
    rows = (
        Petition.objects.filter(received_on__range=(start, end))
        .values(
            "received_on",
            "region_id",
            "registering_unit_id",
            "channel",
            "level",
            "content_class_id",
            "is_overlevel",
            "is_abnormal",
            "is_repeat",
            "petitioner_count",
        )  # fmt: skip
        .annotate(n=Count("id"), first_time=Count("id", filter=Q(is_repeat=False)))
        .order_by()
    )
    daily: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    monthly: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    counted = 0
    for r in rows.iterator(chunk_size=5000):
        band = size_band(r["channel"], r["petitioner_count"])
        flags = (r["is_overlevel"], r["is_abnormal"], r["is_repeat"], band)
        add = (r["n"], r["n"] * r["petitioner_count"], r["first_time"])
        d = daily[
            (r["received_on"], r["region_id"], r["registering_unit_id"], r["channel"], r["level"],
             r["content_class_id"], *flags)
        ]  # fmt: skip
        m = monthly[
            (start, r["region_id"], r["channel"], r["level"],
             top_class_id(r["content_class_id"], parents), *flags)
        ]  # fmt: skip
        for i in range(3):
            d[i] += add[i]
            m[i] += add[i]
        counted += r["n"]
    DailyCount.objects.bulk_create(
        (_row(DailyCount, key, v) for key, v in daily.items()), batch_size=2000
    )
    MonthlyCount.objects.bulk_create(
        (_row(MonthlyCount, key, v) for key, v in monthly.items()), batch_size=2000
    )
    return counted


def _row(model, key: tuple, values: list[int]):
    return model(
        **dict(zip(model.KEY, key, strict=True)), **dict(zip(MEASURES, values, strict=True))
    )


def _checkpoint(end_day: dt.date | None, state: str) -> None:
    FillState.objects.update_or_create(
        property=ROLLUP,
        defaults={"end_day": end_day, "state": state, "last_modified": clock.now()},
    )


def rollup_status() -> dict:
    """What the tables hold, for `xinfang rollup status` and the dashboard footer."""
    state = FillState.objects.filter(property=ROLLUP).first()
    return {
        "state": state.state if state else "never",
        "end_day": state.end_day if state else None,
        "daily_rows": DailyCount.objects.count(),
        "monthly_rows": MonthlyCount.objects.count(),
        "petitions_counted": MonthlyCount.objects.aggregate(n=Sum("petitions"))["n"] or 0,
    }


def set_target(
    actor,
    *,
    year: int,
    indicator: str,
    comparator: str,
    value: Decimal | int | float | str,
    region=None,
    unit=None,
    monthly: dict[int, float] | None = None,
    note: str = "",
) -> Target:
    """Set (or replace) a yearly target for a region or a unit; only admins may."""
    if not (actor.is_superuser or actor.role == "admin"):
        raise NotAllowed("只有管理员可以设置目标责任指标")
    if indicator not in Indicator.values:
        raise DomainError("未知指标", field="indicator")
    if comparator not in Comparator.values:
        raise DomainError("请选择要求（≤、≥ 或 =）", field="comparator")
    if (region is None) == (unit is None):
        raise DomainError("请指定区划或责任单位之一", field="region")
    value = Decimal(str(value))
    if value < 0 or (indicator in RATE_INDICATORS and value > 100):
        raise DomainError("目标值超出范围", field="value")
    months = {str(int(k)): float(v) for k, v in (monthly or {}).items()}
    if any(not 1 <= int(k) <= 12 for k in months):
        raise DomainError("分月指标的月份应为1–12", field="monthly")
    target, _ = Target.objects.update_or_create(
        year=year,
        region=region,
        unit=unit,
        indicator=indicator,
        defaults={
            "comparator": comparator,
            "value": value,
            "monthly": months,
            "note": note,
            "set_by": actor,
            "set_at": clock.now(),
        },
    )
    return target
