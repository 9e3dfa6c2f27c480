"""Statistics benchmark: N petitions over five years, rollups, the annual report, DuckDB.

Usage: python -m bench.stats --petitions 1000000
Writes petitions in bulk (no per-row action: that is what `rollup rebuild` is for), rebuilds
the count tables, then times the annual report and the dashboard queries against the same
aggregation done by DuckDB over a CSV export of the raw rows, in the same run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.seed import CHANNELS, ensure_reference  # noqa: E402
from xinfang.lib import clock  # noqa: E402
from xinfang.petitions.models import Matter, Petition  # noqa: E402
from xinfang.regions.models import Level, Region  # noqa: E402
from xinfang.stats import actions, queries, report, text  # noqa: E402
from xinfang.stats.models import DailyCount, MonthlyCount  # noqa: E402
from xinfang.stats.queries import Period  # noqa: E402

LEVELS = [(Level.COUNTY, 70), (Level.CITY, 20), (Level.PROVINCE, 7), (Level.NATIONAL, 3)]
YEARS = 5


def seed(total: int, batch: int = 10000) -> int:
    have = Petition.objects.count()
    if have >= total:
        return 0
    rng = random.Random(have + 5)
    user, counties, classes = ensure_reference()
    end = clock.today()
    now = clock.now()
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
                received = end - dt.timedelta(days=rng.randint(0, 365 * YEARS - 1))
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
    return added


def timed(fn, runs: int = 7) -> tuple[float, object]:
    fn()  # warm caches
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def export_rows(path) -> int:
    count = 0
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "received_on",
                "region_id",
                "channel",
                "level",
                "is_overlevel",
                "is_abnormal",
                "is_repeat",
                "persons",
            ]
        )
        qs = Petition.objects.values_list(
            "received_on",
            "region_id",
            "channel",
            "level",
            "is_overlevel",
            "is_abnormal",
            "is_repeat",
            "petitioner_count",
        ).order_by()
        for row in qs.iterator(chunk_size=20000):
            writer.writerow(row)
            count += 1
    return count


DUCK_SQL = """
SELECT channel, level, is_overlevel, is_abnormal, is_repeat, count(*) AS b, sum(persons) AS p
FROM petitions WHERE received_on BETWEEN DATE '{start}' AND DATE '{end}' AND region_id IN ({regions})
GROUP BY ALL
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=1_000_000)
    args = parser.parse_args()
    vendor = connection.vendor
    started = time.perf_counter()
    added = seed(args.petitions)
    print(f"[{vendor}] seeded {added} petitions over {YEARS} years in {time.perf_counter() - started:.0f} s "
          f"(total {Petition.objects.count()})", flush=True)  # fmt: skip
    started = time.perf_counter()
    actions.rebuild()
    print(f"[{vendor}] rollup rebuild: {time.perf_counter() - started:.1f} s; "
          f"{DailyCount.objects.count()} daily rows, {MonthlyCount.objects.count()} monthly rows", flush=True)  # fmt: skip
    city = Region.objects.get(code="431200")
    year = clock.today().year - 1

    def annual():
        built = report.annual(city, year, peak_since=year - YEARS + 1)
        return text.paragraph(built)

    ms, paragraph = timed(annual)
    print(
        f"[{vendor}] annual report {year} (text, with peak, rates, targets, breakdowns): {ms:.1f} ms"
    )
    print("  " + paragraph[:160] + "…")
    for label, fn in (
        ("volumes (one year, city)", lambda: queries.volumes(city, Period.year(year))),
        ("breakdown by county", lambda: queries.breakdown(city, Period.year(year), "region")),
        ("breakdown by class", lambda: queries.breakdown(city, Period.year(year), "class")),
        ("monthly trend", lambda: queries.breakdown(city, Period.year(year), "month")),
        ("rates (clock cohort)", lambda: queries.rates(city, Period.year(year))),
    ):
        ms, _ = timed(fn)
        print(f"[{vendor}] dashboard {label}: {ms:.1f} ms")
    for years_back in (1, 3, 5):
        first = year - years_back + 1
        ms, _ = timed(
            lambda first=first: queries.volumes(
                city, Period(dt.date(first, 1, 1), dt.date(year, 12, 31), "")
            ),
            runs=5,
        )
        print(f"[{vendor}] volumes over {years_back} year(s) of history: {ms:.1f} ms")
    try:
        import duckdb
    except ImportError:
        print("duckdb not installed (pip install -e '.[bench]'): skipping the comparison")
        return
    path = settings.VAR_DIR / f"petitions-{vendor}.csv"
    started = time.perf_counter()
    rows = export_rows(path)
    print(
        f"[{vendor}] exported {rows} raw rows for DuckDB in {time.perf_counter() - started:.1f} s"
    )
    db = duckdb.connect()
    db.execute(f"CREATE TABLE petitions AS SELECT * FROM read_csv_auto('{path}')")
    regions = ",".join(
        str(pk)
        for pk in Region.objects.filter(path__startswith=city.path).values_list("pk", flat=True)
    )
    sql = DUCK_SQL.format(start=f"{year}-01-01", end=f"{year}-12-31", regions=regions)
    ms, _ = timed(lambda: db.execute(sql).fetchall())
    print(f"[{vendor}] DuckDB raw scan of the same year's volumes (in memory): {ms:.1f} ms")
    ms, _ = timed(lambda: queries.volumes(city, Period.year(year)))
    print(f"[{vendor}] Xinfang rollup for the same figures: {ms:.1f} ms")


if __name__ == "__main__":
    main()
