"""Every write to the count tables and targets.

`count_petition` is called by `intake.actions.register_petition` inside its transaction,
so a registration and its counts commit together. `rebuild` recomputes whole months from
the petitions themselves (after a bulk load, a restore or a repair): idempotent, one month
per transaction (its days, its month rows and its year's rows together), advancing the
`FillState` checkpoint so an interrupted run resumes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum

from xinfang.classes.models import ContentClass
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, NotAllowed
from xinfang.petitions.models import Petition
from xinfang.stats.models import (
    RATE_INDICATORS,
    VOLUME_MEASURES,
    ClassCount,
    Comparator,
    FillState,
    Indicator,
    RateCount,
    RateState,
    Span,
    Target,
    VolumeCount,
    size_band,
    volume_values,
)

ROLLUP = "petition_counts"


def top_class_id(class_id: int, parents: dict[int, int | None] | None = None) -> int:
    """The first-level ancestor of a content class (classes form a shallow tree)."""
    if parents is None:
        # One query climbs three levels: the whole of the three-level tree.
        ancestors = (
            ContentClass.objects.filter(pk=class_id)
            .values_list("parent_id", "parent__parent_id", "parent__parent__parent_id")
            .get()
        )
        if ancestors[2] is not None:
            return top_class_id(ancestors[2])
        return next((pk for pk in reversed(ancestors) if pk is not None), class_id)
    while parents.get(class_id) is not None:
        class_id = parents[class_id]
    return class_id


def _top_class_of(content_class: ContentClass) -> int:
    """`top_class_id`, without a query when the caller loaded the class with its parents."""
    item = content_class
    while item.parent_id is not None:
        if not ContentClass.parent.is_cached(item):
            return top_class_id(content_class.pk)
        item = item.parent
    return item.pk


def bump(model, keys: list[dict], values: dict[str, int]) -> None:
    """Add `values` to the rows at `keys`, creating them on first use.

    One INSERT … ON CONFLICT DO UPDATE for all the rows (SQLite and PostgreSQL): atomic under
    concurrent registrations, and a fixed statement. The ORM cannot add in an upsert
    (bulk_create's update_conflicts overwrites); its UPDATE … F() + n, then INSERT when no row
    matched, cost 4.2 ms a registration against 0.27 ms here on SQLite (4.3 against 0.59 ms on
    PostgreSQL): bench/writes.py, `python -m bench.run --part writes`, 2026-12-04.
    """
    params = []
    for key in keys:
        params += [_db_value(key[name]) for name in model.KEY]
        params += [values.get(name, 0) for name in model.MEASURES]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(model, len(keys)), params)


@functools.cache
def _upsert_sql(model, rows: int) -> str:
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    key = [q(model._meta.get_field(name).column) for name in model.KEY]
    measures = [q(model._meta.get_field(name).column) for name in model.MEASURES]
    row = f"({', '.join(['%s'] * (len(key) + len(measures)))})"
    return (
        f"INSERT INTO {table} ({', '.join(key + measures)}) VALUES {', '.join([row] * rows)} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in measures)
    )


def _db_value(value):
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def count_petition(petition: Petition, sign: int = 1) -> None:
    """Add one newly registered petition to the count tables (called by registration), or
    with `sign` -1 take a voided one out of them."""
    band = size_band(petition.channel, petition.petitioner_count)
    new_matters = 0 if petition.is_repeat else 1
    values = {"petitions": 1, "persons": petition.petitioner_count, "new_matters": new_matters}
    measures = volume_values(
        level=petition.level, is_overlevel=petition.is_overlevel,
        is_abnormal=petition.is_abnormal, is_repeat=petition.is_repeat, band=band, **values,
    )  # fmt: skip
    day = petition.received_on
    keys = [
        {"span": span, "start": start, "region_id": petition.region_id, "channel": petition.channel}
        for span, start in ((Span.MONTH, day.replace(day=1)), (Span.YEAR, day.replace(month=1, day=1)))
    ]  # fmt: skip
    top = _top_class_of(petition.content_class)
    by_class = [{**key, "top_class_id": top} for key in keys]
    if sign > 0:
        bump(VolumeCount, keys, measures)
        bump(ClassCount, by_class, measures)
    else:
        # The rows exist (the petition was counted in them), and the columns refuse a
        # negative value, which an upsert's VALUES row would carry: subtract in place.
        for model, rows in ((VolumeCount, keys), (ClassCount, by_class)):
            for key in rows:
                model.objects.filter(**key).update(
                    **{name: F(name) - value for name, value in measures.items()}
                )
                # A row left counting nothing goes, as a rebuild would not write it.
                model.objects.filter(**key, petitions=0).delete()


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
    bounds = Petition.objects.filter(voided_at=None).aggregate(
        first=Min("received_on"), last=Max("received_on")
    )
    if bounds["first"] is None:
        with transaction.atomic():
            for model in (VolumeCount, ClassCount):
                model.objects.all().delete()
            _checkpoint(None, FillState.State.DONE)
        return 0
    first = (first or bounds["first"]).replace(day=1)
    last = last or max(bounds["last"], timesource.today())
    if resume:
        state = FillState.objects.filter(property=ROLLUP).first()
        if state and state.state == FillState.State.STARTED and state.end_day:
            first = max(first, state.end_day + dt.timedelta(days=1))
    parents = dict(ContentClass.objects.values_list("pk", "parent_id"))
    total = 0
    for year in range(first.year, last.year + 1):
        months = [
            (start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))
            for start, _ in _months(max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31)))
        ]  # fmt: skip
        # A year in one transaction, its rows summed once from its months (not once per
        # month: after a 10,000-row ledger import that was 9.6 of the rebuild's 13 s,
        # profiled), so every checkpoint leaves each year consistent with its months.
        with transaction.atomic():
            for start, end in months:
                total += _rebuild_month(start, end, parents)
            _rebuild_year(dt.date(year, 1, 1))
            _checkpoint(months[-1][1], FillState.State.STARTED)
        if progress:
            for start, _ in months:
                progress(start, total)
    _checkpoint(last, FillState.State.DONE)
    return total


def _rebuild_month(start: dt.date, end: dt.date, parents: dict[int, int | None]) -> int:
    """Recount the days of one month and its month rows from its petitions."""
    VolumeCount.objects.filter(span=Span.MONTH, start=start).delete()
    ClassCount.objects.filter(span=Span.MONTH, start=start).delete()
    rows = (
        Petition.objects.filter(received_on__range=(start, end), voided_at=None)
        .values(
            "region_id",
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
    volume: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_class: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counted = 0
    for r in rows.iterator(chunk_size=5000):
        band = size_band(r["channel"], r["petitioner_count"])
        add = (r["n"], r["n"] * r["petitioner_count"], r["first_time"])
        measures = volume_values(
            level=r["level"], is_overlevel=r["is_overlevel"], is_abnormal=r["is_abnormal"],
            is_repeat=r["is_repeat"], band=band, petitions=add[0], persons=add[1],
            new_matters=add[2],
        )  # fmt: skip
        key = (Span.MONTH, start, r["region_id"], r["channel"])
        for totals in (volume[key], by_class[(*key, top_class_id(r["content_class_id"], parents))]):
            for name, value in measures.items():
                totals[name] += value
        counted += r["n"]
    for model, rows_by_key in ((VolumeCount, volume), (ClassCount, by_class)):
        model.objects.bulk_create(
            (_row(model, key, v) for key, v in rows_by_key.items()), batch_size=2000
        )
    return counted


def _row(model, key: tuple, values: dict[str, int]):
    return model(**dict(zip(model.KEY, key, strict=True)), **values)


def _rebuild_year(year: dt.date) -> None:
    """Replace a year's rows by the sums of its month rows."""
    following = year.replace(year=year.year + 1)
    sums = {f"sum_{name}": Sum(name) for name in VOLUME_MEASURES}
    for model in (VolumeCount, ClassCount):
        model.objects.filter(span=Span.YEAR, start=year).delete()
        key = model.KEY[2:]  # without span and start
        rows = (
            model.objects.filter(span=Span.MONTH, start__gte=year, start__lt=following)
            .values(*key)
            .annotate(**sums)
            .order_by()
        )
        model.objects.bulk_create(
            (
                model(
                    span=Span.YEAR,
                    start=year,
                    **{name: row[name] for name in key},
                    **{name: row[f"sum_{name}"] for name in VOLUME_MEASURES},
                )
                for row in rows
            ),
            batch_size=2000,
        )


def _checkpoint(end_day: dt.date | None, state: str) -> None:
    FillState.objects.update_or_create(
        property=ROLLUP,
        defaults={"end_day": end_day, "state": state, "last_modified": timesource.now()},
    )


def rollup_status() -> dict:
    """What the tables hold, for `xinfang rollup status` and the dashboard footer."""
    state = FillState.objects.filter(property=ROLLUP).first()
    counted = VolumeCount.objects.filter(span=Span.YEAR).aggregate(n=Sum("petitions"))
    return {
        "state": state.state if state else "never",
        "end_day": state.end_day if state else None,
        "month_rows": VolumeCount.objects.filter(span=Span.MONTH).count(),
        "year_rows": VolumeCount.objects.filter(span=Span.YEAR).count(),
        "class_rows": ClassCount.objects.count(),
        "petitions_counted": counted["n"] or 0,
        "rate_rows": RateCount.objects.count(),
        "rates_as_of": RateState.objects.values_list("as_of", flat=True).first(),
    }


def may_set_targets(actor) -> bool:
    return bool(actor.is_superuser or actor.role in ("admin", "supervisor"))


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
    at=None,
) -> Target:
    """Set (or replace) a yearly target for a region or a unit; only admins and supervisors
    may (the assessment app's agreements check whose targets each may set)."""
    if not may_set_targets(actor):
        raise NotAllowed("只有管理员或督查人员可以设置目标责任指标")
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
            "set_at": at or timesource.now(),
        },
    )
    return target


def remove_target(actor, target: Target) -> None:
    """Remove a yearly target (a goal taken out of an agreement); admins and supervisors."""
    if not may_set_targets(actor):
        raise NotAllowed("只有管理员或督查人员可以删除目标责任指标")
    target.delete()
