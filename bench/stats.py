"""Statistics benchmark: N petitions over Y years with their clocks, the annual report, DuckDB.

Usage: python -m bench.stats [--petitions 1000000] [--years 5] [--skip-rebuild]
Writes petitions in bulk (no per-row action: that is what `rollup rebuild` is for), gives
every matter the clocks and rating a finished case leaves behind (so rates are measured
on a full clock table), rebuilds the count tables, then times the annual report and the
dashboard against the same aggregations done by DuckDB over an export of the raw rows, in
the same run. The report's peak comparison always starts four years before the report's
year, so databases with more or less history run the same report.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402

from bench.seed import CHANNELS, ensure_reference  # noqa: E402
from xinfang.accounts.models import User  # noqa: E402
from xinfang.classes.models import ContentClass  # noqa: E402
from xinfang.lib import timesource  # noqa: E402
from xinfang.petitions.models import Matter, Petition  # noqa: E402
from xinfang.regions.models import Level, Region, Unit  # noqa: E402
from xinfang.stats import actions, cohorts, queries, report, text  # noqa: E402
from xinfang.stats.models import (  # noqa: E402
    RATE_MEASURES,
    VOLUME_MEASURES,
    ClassCount,
    RateCount,
    Span,
    VolumeCount,
)
from xinfang.stats.queries import Period  # noqa: E402
from xinfang.workflow.models import Clock, ClockKind, ClockState, Rating  # noqa: E402

LEVELS = [(Level.COUNTY, 70), (Level.CITY, 20), (Level.PROVINCE, 7), (Level.NATIONAL, 3)]
YEARS = 5


def seed(total: int, years: int = YEARS, batch: int = 10000) -> int:
    have = Petition.objects.count()
    if have >= total:
        return 0
    rng = random.Random(have + 5)
    user, counties, classes = ensure_reference()
    end = timesource.today()
    now = timesource.now()
    channels, cw = zip(*CHANNELS, strict=True)
    levels, lw = zip(*LEVELS, strict=True)
    added = 0
    while have + added < total:
        size = min(batch, total - have - added)
        with transaction.atomic():
            start = have + added
            matters, rows = [], []
            for i in range(size):
                n = start + i + 1
                received = end - dt.timedelta(days=rng.randint(0, 365 * years - 1))
                region, cls = rng.choice(counties), rng.choice(classes)
                channel = rng.choices(channels, cw)[0]
                people = (
                    rng.randint(5, 40)
                    if channel == "collective_visit"
                    else 1 + (rng.random() < 0.1)
                )
                matters.append(Matter(
                    number=f"SXB{n:09d}", title="bench", region=region, content_class=cls,
                    registering_unit=user.unit, opened_on=received, last_received_on=received,
                    created_at=now, status="closed",
                ))  # fmt: skip
                rows.append((n, received, region, cls, channel, people))
            Matter.objects.bulk_create(matters, batch_size=2000)
            Petition.objects.bulk_create(
                [
                    Petition(
                        number=f"B{n:09d}", query_code_hash="x", matter=m, channel=channel,
                        received_on=received, registering_unit=user.unit,
                        level=rng.choices(levels, lw)[0], petitioner_count=people,
                        people_concerned=people, region=region, title="bench", content="bench",
                        purpose="request", content_class=cls, is_repeat=rng.random() < 0.12,
                        is_overlevel=rng.random() < 0.15, is_abnormal=rng.random() < 0.02,
                        registered_by=user, registered_at=now,
                    )
                    for m, (n, received, region, cls, channel, people) in zip(matters, rows, strict=True)
                ],
                batch_size=2000,
            )  # fmt: skip
        added += size
        print(f"  seeded {have + added:,}/{total:,}", flush=True)
    return added


def _clock(rng, today, matter_id, kind, started, amount, late_share, unit=None) -> Clock:
    """A clock started on `started`: met on time, met late (`late_share`), or still running."""
    due = started + dt.timedelta(days=amount)
    if rng.random() < late_share:
        met, state = due + dt.timedelta(days=rng.randint(1, 30)), ClockState.LATE_MET
    else:
        met, state = started + dt.timedelta(days=rng.randint(1, amount)), ClockState.MET
    if met > today:
        met, state = None, ClockState.RUNNING
    return Clock(
        matter_id=matter_id, kind=kind, unit=unit, amount=amount, measure="day",
        started_on=started, due_on=due, state=state, met_on=met,
    )  # fmt: skip


def ensure_history(batch: int = 20000) -> int:
    """Give matters without clocks those of a finished case: acceptance, handling, rating.

    Most are met on time, some late; about two thirds are rated (most of them satisfied),
    three quarters settled. Clocks still due after today are left running. Matters are
    taken in key order after the last one that has clocks, so an interrupted run resumes.
    """
    housing = Unit.objects.get(name="怀化市住房和城乡建设局")
    today = timesource.today()
    done = Clock.objects.aggregate(last=Max("matter_id"))["last"] or 0
    todo = Matter.objects.filter(number__startswith="SXB").order_by("pk")
    added = 0
    while chunk := list(todo.filter(pk__gt=done).values_list("pk", "opened_on")[:batch]):
        rng = random.Random(chunk[0][0])
        clocks, ratings, settled, stopped = [], [], [], []
        for matter_id, opened in chunk:
            accept = _clock(
                rng, today, matter_id, ClockKind.ACCEPT_NOTICE, opened, 15, 0.1, housing
            )
            clocks.append(accept)
            if accept.met_on is None:
                continue
            handle = _clock(
                rng, today, matter_id, ClockKind.HANDLE, accept.met_on, 60, 0.12, housing
            )
            clocks.append(handle)
            if handle.met_on is None:
                continue
            if rng.random() < 0.75:
                settled.append(matter_id)
            elif rng.random() < 0.3:
                stopped.append(matter_id)
            window = _clock(rng, today, matter_id, ClockKind.RATING_WINDOW, handle.met_on, 30, 0)
            if window.met_on is not None and window.due_on <= today and rng.random() < 0.35:
                window.met_on, window.state = None, ClockState.LAPSED  # not rated
            elif window.met_on is not None:
                level = rng.choices(["satisfied", "basically", "dissatisfied"], [70, 20, 10])[0]
                ratings.append(Rating(
                    matter_id=matter_id, target="unit", unit=housing, level=level,
                    rated_on=window.met_on,
                ))  # fmt: skip
            clocks.append(window)
        with transaction.atomic():
            Clock.objects.bulk_create(clocks, batch_size=2000)
            Rating.objects.bulk_create(ratings, batch_size=2000)
            for ids, change in (
                (settled, {"is_settled": True}),
                (stopped, {"petitioner_stopped": True}),
            ):
                for at in range(0, len(ids), 900):
                    Matter.objects.filter(pk__in=ids[at : at + 900]).update(**change)
        done = chunk[-1][0]
        added += len(chunk)
        print(f"  clocks for {added:,} matters", flush=True)
    return added


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(fn, runs: int = 7) -> tuple[float, object]:
    """The median time of `runs` calls after a warm-up (3 calls when one takes over a second)."""
    started = time.perf_counter()
    fn()  # warm caches
    if time.perf_counter() - started > 1:
        runs = min(runs, 3)
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def export_rows(path) -> int:
    """Every petition with the columns the figures use (and its first-level class)."""
    parents = dict(ContentClass.objects.values_list("pk", "parent_id"))
    tops = {pk: actions.top_class_id(pk, parents) for pk in parents}
    count = 0
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([
            "received_on", "region_id", "channel", "level", "is_overlevel", "is_abnormal",
            "is_repeat", "persons", "top_class_id",
        ])  # fmt: skip
        qs = Petition.objects.values_list(
            "received_on", "region_id", "channel", "level", "is_overlevel", "is_abnormal",
            "is_repeat", "petitioner_count", "content_class_id",
        ).order_by()  # fmt: skip
        for *row, class_id in qs.iterator(chunk_size=20000):
            writer.writerow([*row, tops[class_id]])
            count += 1
    return count


def export_clocks(path) -> int:
    """Every clock with the matter columns the rates use."""
    count = 0
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        columns = [
            "kind", "state", "due_on", "started_on", "met_on", "matter_id",
            "matter__region_id", "matter__petition_count", "matter__is_settled",
            "matter__petitioner_stopped",
        ]  # fmt: skip
        writer.writerow([c.replace("matter__", "") for c in columns])
        for row in Clock.objects.values_list(*columns).order_by().iterator(chunk_size=20000):
            writer.writerow(row)
            count += 1
    with open(str(path).replace("clocks", "ratings"), "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["matter_id", "target", "level"])
        writer.writerows(Rating.objects.values_list("matter_id", "target", "level").order_by())
    return count


VOLUMES_SQL = """
SELECT year(received_on) AS y, channel, level, is_overlevel, is_abnormal, is_repeat,
       count(*) AS b, sum(persons) AS p
FROM petitions WHERE received_on BETWEEN DATE '{start}' AND DATE '{end}' AND region_id IN ({regions})
GROUP BY ALL
"""
# The annual report's other aggregations: by county, by class, by month.
BREAKDOWN_SQL = """
SELECT {column} AS k, count(*) AS b, sum(persons) AS p
FROM petitions WHERE received_on BETWEEN DATE '{start}' AND DATE '{end}' AND region_id IN ({regions})
GROUP BY ALL
"""
# The rates: clocks due in the year that count, by kind, with their matters' outcomes.
RATES_SQL = """
SELECT kind,
       count(*) FILTER (WHERE state = 'met') AS met, count(*) AS n,
       count(*) FILTER (WHERE state = 'met' AND petition_count = 1) AS first_met,
       count(*) FILTER (WHERE petition_count = 1) AS first_n,
       count(*) FILTER (WHERE state IN ('met', 'late_met')) AS done,
       count(*) FILTER (WHERE state IN ('met', 'late_met') AND is_settled) AS settled,
       count(*) FILTER (WHERE state IN ('met', 'late_met') AND (is_settled OR petitioner_stopped)) AS resolved,
       sum(met_on - started_on) FILTER (WHERE state IN ('met', 'late_met')) AS days
FROM clocks
WHERE kind IN ('accept_notice', 'handle', 'handle_fast', 'extension', 'rating_window')
  AND due_on BETWEEN DATE '{start}' AND DATE '{end}' AND region_id IN ({regions})
  AND (state IN ('met', 'late_met', 'late', 'lapsed') OR (state IN ('running', 'paused') AND due_on < DATE '{today}'))
GROUP BY kind
"""
SATISFACTION_SQL = """
SELECT count(*), count(*) FILTER (WHERE level IN ('satisfied', 'basically')) FROM ratings
WHERE target = 'unit' AND matter_id IN (
  SELECT matter_id FROM clocks WHERE kind = 'rating_window' AND state IN ('met', 'late_met')
  AND due_on BETWEEN DATE '{start}' AND DATE '{end}' AND region_id IN ({regions}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=YEARS, help="history the petitions span")
    parser.add_argument("--skip-rebuild", action="store_true", help="count tables are current")
    args = parser.parse_args()
    vendor = connection.vendor
    started = time.perf_counter()
    added = seed(args.petitions, args.years)
    clocked = ensure_history()
    print(f"[{vendor}] seeded {added} petitions over {args.years} years and clocks for "
          f"{clocked} matters in {time.perf_counter() - started:.0f} s "
          f"(total {Petition.objects.count()} petitions, {Clock.objects.count()} clocks)", flush=True)  # fmt: skip
    rebuild_s: list[float] = []
    if not args.skip_rebuild:
        started = time.perf_counter()
        actions.rebuild()
        rebuild_s.append(time.perf_counter() - started)
        print(f"[{vendor}] rollup rebuild: {rebuild_s[-1]:.1f} s", flush=True)
        started = time.perf_counter()
        counted = cohorts.rebuild()
        rebuild_s.append(time.perf_counter() - started)
        print(f"[{vendor}] rates rollup rebuild ({counted} clocks due): "
              f"{rebuild_s[-1]:.1f} s", flush=True)  # fmt: skip
    if added or clocked or not args.skip_rebuild:
        analyze()
    year = timesource.today().year - 1
    print(f"[{vendor}] count rows: {VolumeCount.objects.filter(span=Span.MONTH).count()} month and "
          f"{VolumeCount.objects.filter(span=Span.YEAR).count()} year volume rows "
          f"({VolumeCount.objects.filter(span=Span.YEAR, start__year=year).count()} for {year}); "
          f"{ClassCount.objects.count()} class rows; {RateCount.objects.count()} rate rows "
          f"({RateCount.objects.filter(month__year=year).count()} for {year})", flush=True)  # fmt: skip
    city = Region.objects.get(code="431200")
    peak_since = year - 4

    def annual():
        return text.paragraph(report.annual(city, year, peak_since=peak_since))

    ms, paragraph = timed(annual)
    print(
        f"[{vendor}] annual report {year} (text, with peak since {peak_since}, rates, targets, "
        f"breakdowns): {ms:.1f} ms"
    )
    print("  " + paragraph[:160] + "…")
    ms, _ = timed(lambda: text.paragraph(report.monthly(city, year, 12)))
    print(f"[{vendor}] monthly report {year}-12: {ms:.1f} ms")
    figures = Period.year(year)
    top = ContentClass.objects.filter(parent=None).order_by("pk").values_list("pk", flat=True)[0]
    for label, fn in (
        ("volumes (one year, city)", lambda: queries.volumes(city, figures)),
        ("volumes filtered by class", lambda: queries.volumes(city, figures, top_class_id=top)),
        ("breakdown by county", lambda: queries.breakdown(city, figures, "region")),
        ("breakdown by class", lambda: queries.breakdown(city, figures, "class")),
        ("monthly trend", lambda: queries.breakdown(city, figures, "month")),
        ("rates (clock cohort)", lambda: queries.rates(city, figures)),
        ("rates by county", lambda: queries.rates_by_child_region(city, figures)),
    ):
        ms, _ = timed(fn)
        print(f"[{vendor}] dashboard {label}: {ms:.1f} ms")
    client = Client()
    client.force_login(User.objects.get(username="bench-leader"))
    ms, response = timed(lambda: client.get(f"/stats/?year={year}"), runs=5)
    assert response.status_code == 200, response.status_code
    print(f"[{vendor}] dashboard page {year} (whole request, rendered): {ms:.1f} ms")
    for years_back in (1, 3, 5):
        first = year - years_back + 1
        ms, _ = timed(
            lambda first=first: queries.volumes(
                city, Period(dt.date(first, 1, 1), dt.date(year, 12, 31), "")
            ),
            runs=5,
        )
        print(f"[{vendor}] volumes over {years_back} year(s): {ms:.1f} ms")
    try:
        import duckdb
    except ImportError:
        print("duckdb not installed (pip install -e '.[bench]'): skipping the comparison")
        return
    petitions_csv = settings.VAR_DIR / f"petitions-{vendor}.csv"
    clocks_csv = settings.VAR_DIR / f"clocks-{vendor}.csv"
    started = time.perf_counter()
    rows = export_rows(petitions_csv)
    clocks = export_clocks(clocks_csv)
    print(
        f"[{vendor}] exported {rows} petitions and {clocks} clocks for DuckDB in "
        f"{time.perf_counter() - started:.1f} s"
    )
    db = duckdb.connect()
    db.execute(f"CREATE TABLE petitions AS SELECT * FROM read_csv_auto('{petitions_csv}')")
    db.execute(f"CREATE TABLE clocks AS SELECT * FROM read_csv_auto('{clocks_csv}')")
    ratings_csv = str(clocks_csv).replace("clocks", "ratings")
    db.execute(f"CREATE TABLE ratings AS SELECT * FROM read_csv_auto('{ratings_csv}')")
    for path in (petitions_csv, clocks_csv, Path(ratings_csv)):
        path.unlink()  # a few hundred MB, loaded now
    regions = ",".join(
        str(pk)
        for pk in Region.objects.filter(path__startswith=city.path).values_list("pk", flat=True)
    )
    one_year = {"start": f"{year}-01-01", "end": f"{year}-12-31", "regions": regions}
    ms, _ = timed(lambda: db.execute(VOLUMES_SQL.format(**one_year)).fetchall())
    print(f"[{vendor}] DuckDB raw scan of the same year's volumes (in memory): {ms:.1f} ms")
    ms, _ = timed(lambda: queries.volumes(city, Period.year(year)))
    print(f"[{vendor}] Xinfang rollup for the same figures: {ms:.1f} ms")
    since = {**one_year, "start": f"{peak_since}-01-01"}

    def duck_volumes():
        db.execute(VOLUMES_SQL.format(**since)).fetchall()
        for column in ("region_id", "top_class_id", "month(received_on)"):
            db.execute(BREAKDOWN_SQL.format(column=column, **one_year)).fetchall()

    def duck_rates():
        db.execute(RATES_SQL.format(today=timesource.today(), **one_year)).fetchall()
        db.execute(SATISFACTION_SQL.format(**one_year)).fetchall()

    def xinfang_volumes():
        queries.yearly_totals(city, peak_since, year)
        for by in ("region", "class", "month"):
            queries.breakdown(city, figures, by)

    for label, duck, ours in (
        (f"the annual report's volumes ({peak_since}–{year}, county, class, month)", duck_volumes, xinfang_volumes),
        ("the annual report's rates (clocks due in the year)", duck_rates, lambda: queries.rates(city, figures)),
    ):  # fmt: skip
        duck_ms, _ = timed(duck)
        ours_ms, _ = timed(ours)
        print(f"[{vendor}] {label}: DuckDB raw scan {duck_ms:.1f} ms, Xinfang {ours_ms:.1f} ms")
    ms, _ = timed(lambda: (duck_volumes(), duck_rates()))
    print(f"[{vendor}] DuckDB raw scan of all the annual report's aggregations: {ms:.1f} ms")
    compare_on_rollups(db, vendor, year, peak_since, regions, xinfang_volumes, figures, city)
    upkeep(vendor, rebuild_s)


def _export_table(db, model, name: str) -> int:
    """Copy a count table into DuckDB (through a CSV, as the raw rows were)."""
    path = settings.VAR_DIR / f"{name}.csv"
    fields = [f.column for f in model._meta.concrete_fields]
    with open(path, "w", newline="") as fh, connection.cursor() as cursor:
        writer = csv.writer(fh)
        writer.writerow(fields)
        cursor.execute(f"SELECT {', '.join(fields)} FROM {model._meta.db_table}")
        rows = cursor.fetchall()
        writer.writerows(rows)
    db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv_auto('{path}')")
    path.unlink()
    return len(rows)


def compare_on_rollups(db, vendor, year, peak_since, regions, xinfang_volumes, figures, city):
    """DuckDB over the same inputs Xinfang reads (the count tables), not only the raw rows:
    which part of the speed is the rollup and which the engine."""
    sizes = [
        _export_table(db, model, name)
        for model, name in ((VolumeCount, "volume"), (ClassCount, "by_class"), (RateCount, "rates"))
    ]
    print(f"[{vendor}] exported the count tables for DuckDB: {sizes[0]} volume, {sizes[1]} "
          f"class, {sizes[2]} rate rows")  # fmt: skip
    sums = ", ".join(f"sum({m})" for m in VOLUME_MEASURES)
    where = f"region_id IN ({regions})"

    def duck_volumes():
        db.execute(
            f"SELECT year(start), channel, {sums} FROM volume WHERE span = 'year' AND "
            f"start BETWEEN DATE '{peak_since}-01-01' AND DATE '{year}-01-01' AND {where} "
            "GROUP BY ALL"
        ).fetchall()
        one_year = f"span = 'year' AND start = DATE '{year}-01-01' AND {where}"
        db.execute(f"SELECT region_id, {sums} FROM volume WHERE {one_year} GROUP BY ALL").fetchall()
        db.execute(
            f"SELECT top_class_id, {sums} FROM by_class WHERE {one_year} GROUP BY ALL"
        ).fetchall()
        db.execute(
            f"SELECT start, {sums} FROM volume WHERE span = 'month' AND start BETWEEN "
            f"DATE '{year}-01-01' AND DATE '{year}-12-01' AND {where} GROUP BY ALL"
        ).fetchall()

    def duck_rates():
        measures = ", ".join(f"sum({m})" for m in RATE_MEASURES)
        db.execute(
            f"SELECT part, {measures} FROM rates WHERE month BETWEEN DATE '{year}-01-01' AND "
            f"DATE '{year}-12-01' AND {where} GROUP BY part"
        ).fetchall()

    for label, duck, ours in (
        (f"the annual report's volumes ({peak_since}–{year}, county, class, month)", duck_volumes, xinfang_volumes),
        ("the annual report's rates (clocks due in the year)", duck_rates, lambda: queries.rates(city, figures)),
    ):  # fmt: skip
        duck_ms, _ = timed(duck)
        ours_ms, _ = timed(ours)
        print(f"[{vendor}] {label}: DuckDB on the count tables {duck_ms:.1f} ms, "
              f"Xinfang {ours_ms:.1f} ms")  # fmt: skip


def upkeep(vendor: str, rebuild_s: list[float], samples: int = 500) -> None:
    """What the rollups cost to keep, charged beside the query times: the count-table upserts
    every registration does, the rates' before/after a repeat or a step does, and a rebuild.
    Measured on existing petitions and matters inside a transaction that is rolled back."""
    ids = list(Petition.objects.order_by("?").values_list("pk", flat=True)[:samples])
    petitions = list(Petition.objects.filter(pk__in=ids).select_related("content_class"))
    with transaction.atomic():
        started = time.perf_counter()
        for petition in petitions:
            actions.count_petition(petition)
        count_ms = (time.perf_counter() - started) * 1000 / len(petitions)
        started = time.perf_counter()
        for petition in petitions:
            cohorts.Change([petition.matter_id]).save()
        rates_ms = (time.perf_counter() - started) * 1000 / len(petitions)
        transaction.set_rollback(True)
    total = Petition.objects.count()
    rebuilt = (
        f"full rebuild at {total:,} petitions {sum(rebuild_s):.1f} s "
        f"(count tables {rebuild_s[0]:.1f} s, rates {rebuild_s[1]:.1f} s)"
        if rebuild_s
        else "rebuild not measured in this run (--skip-rebuild)"
    )
    print(f"[{vendor}] rollup upkeep: {count_ms:.2f} ms per registration (count tables), "
          f"+{rates_ms:.2f} ms per repeat or workflow step (rates); {rebuilt}")  # fmt: skip


if __name__ == "__main__":
    main()
