"""The dispute ledger's monthly report (矛盾纠纷月报表) at size: a county's report over 100,000
dispute rows, against the issue's bar (≤ 200 ms).

Usage: python -m bench.disputes [--rows 100000]   (bench.run sets DATABASE_URL)

1. Seed (once; kept for the next run): `--rows` disputes over two years, spread over eight
   townships in each of 怀化's county-level areas, across types, risks and statuses (each with
   its dates), written with bulk_create.
2. Time, median of 20 after a warm-up: the report figures of the largest county for last
   month (`queries.figures`, one grouped query), a township's, and the county page's list of
   townships with their sent reports (`queries.township_reports`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.run import machine  # noqa: E402
from xinfang.disputes import queries  # noqa: E402
from xinfang.disputes.models import Dispute, DisputeKind, DisputeStatus, Risk  # noqa: E402
from xinfang.lib import timesource  # noqa: E402
from xinfang.regions.actions import create_unit, load_regions  # noqa: E402
from xinfang.regions.models import Level, Region, UnitKind  # noqa: E402

TOWNSHIPS_PER_COUNTY = 8
BAR_MS = 200
RUNS = 20


def seed(rows: int) -> None:
    city = Region.objects.get(code="431200")
    counties = list(Region.objects.filter(parent=city).order_by("code"))
    units = [
        create_unit(f"{county.name}第{n + 1}乡镇", UnitKind.TOWNSHIP, county, level=Level.TOWNSHIP)
        for county in counties
        for n in range(TOWNSHIPS_PER_COUNTY)
    ]
    have = Dispute.objects.count()
    if have >= rows:
        return
    rng = random.Random(14)
    today = timesource.today()
    now = timesource.now()
    kinds, risks = list(DisputeKind.values), list(Risk.values)
    batch = []
    started = time.monotonic()
    for _ in range(rows - have):
        unit = rng.choice(units)
        found = today - dt.timedelta(days=rng.randint(0, 730))
        dispute = Dispute(
            unit=unit, region_id=unit.region_id, found_on=found, title="基准测试纠纷",
            parties="张某、李某", kind=rng.choice(kinds), people=rng.randint(1, 30),
            risk=rng.choice(risks), responsible_person="王某", responsible_unit="司法所",
            recorded_at=now, updated_at=now,
        )  # fmt: skip
        roll = rng.random()
        if roll < 0.85:
            dispute.status = DisputeStatus.RESOLVING
            dispute.resolving_on = min(today, found + dt.timedelta(days=rng.randint(0, 10)))
        if roll < 0.75:
            dispute.status = DisputeStatus.RESOLVED
            dispute.resolved_on = min(
                today, dispute.resolving_on + dt.timedelta(days=rng.randint(0, 40))
            )
        elif roll < 0.8:
            dispute.status = DisputeStatus.CONVERTED
            dispute.converted_on = min(
                today, dispute.resolving_on + dt.timedelta(days=rng.randint(0, 40))
            )
        batch.append(dispute)
        if len(batch) == 5000:
            with transaction.atomic():
                Dispute.objects.bulk_create(batch)
            batch = []
    with transaction.atomic():
        Dispute.objects.bulk_create(batch)
    print(f"seeded {rows - have} disputes in {time.monotonic() - started:.1f} s")


def timed(label: str, work) -> float:
    work()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(f"{label}: median {median:.1f} ms (max {max(times):.1f} ms, {RUNS} runs)")
    return median


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-machine", action="store_true")
    args = parser.parse_args()
    if not args.no_machine:
        print(f"machine: {machine()}")
    call_command("migrate", verbosity=0)
    load_regions()
    seed(args.rows)
    if connection.vendor == "sqlite":
        connection.cursor().execute("ANALYZE")
    else:
        connection.cursor().execute("ANALYZE disputes_dispute")
    total = Dispute.objects.count()
    county = max(
        Region.objects.filter(level=Level.COUNTY),
        key=lambda r: Dispute.objects.filter(region=r).count(),
    )
    township = queries.townships_of(county).first()
    month = queries.previous_month(timesource.today())
    rows = Dispute.objects.filter(region=county).count()
    print(f"{connection.vendor}: {total} disputes; {county.name} holds {rows}; month {month:%Y-%m}")
    county_ms = timed(
        f"county report ({county.name})",
        lambda: queries.figures(queries.region_disputes(county), month),
    )
    city = Region.objects.get(code="431200")
    timed("city report (all 100k)", lambda: queries.figures(queries.region_disputes(city), month))
    timed(f"township report ({township.name})",
          lambda: queries.figures(queries.unit_disputes(township), month))  # fmt: skip
    timed("county page: townships and their reports",
          lambda: queries.township_reports(county, month, timesource.today()))  # fmt: skip
    verdict = "ok" if county_ms <= BAR_MS else "OVER"
    print(f"bar: county report ≤ {BAR_MS} ms → {verdict}")
    return 0 if county_ms <= BAR_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
