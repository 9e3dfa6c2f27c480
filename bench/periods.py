"""Sensitive periods (特护期): the daily view of a county with 1,000,000 petitions (goal ≤ 150 ms).

Usage: python -m bench.periods [--petitions 1000000] [--years 5]   (bench.run sets DATABASE_URL)

Uses the statistics bench's database and seeding (bench.stats.seed: petitions spread over
five years and the city's counties; nothing is added when they are already there). Defines
one period over the city covering the last eight days, sends a county's report, then times:
1. `daily_view` of each county (today and seven days before, the same days last year,
   warnings, the report): median over the counties, and the slowest;
2. the county's daily page through the test client (login, template, everything);
3. the city's overview of all counties for today, and the period's summary.
The queries read petitions by (region, received_on): the plan is printed for one of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.stats import analyze, seed, timed  # noqa: E402
from xinfang.accounts.models import Role, User  # noqa: E402
from xinfang.lib import timesource  # noqa: E402
from xinfang.periods import actions, queries  # noqa: E402
from xinfang.periods.models import DailyReport, SensitivePeriod  # noqa: E402
from xinfang.petitions.models import Petition  # noqa: E402
from xinfang.regions.models import Region  # noqa: E402

NAME = "基准测试特护期"
GOAL_MS = 150


def ensure_period(today: dt.date) -> SensitivePeriod:
    city = Region.objects.get(code="431200")
    admin = User.objects.filter(username="bench-admin").first()
    if admin is None:
        bureau = User.objects.get(username="bench-registrar").unit
        admin = User.objects.create_user(
            "bench-admin", password="bench", role=Role.ADMIN, unit=bureau, region=city
        )
    SensitivePeriod.objects.filter(name=NAME).delete()
    return actions.create_period(
        admin, name=NAME, kind="meeting", starts_on=today - dt.timedelta(days=7), ends_on=today,
        regions=[city], persons_warning=30, collective_warning=2, overlevel_warning=3,
    )  # fmt: skip


def plan(county: Region, today: dt.date) -> str:
    """The database's plan for one day-figures query (the index it uses)."""
    ids = list(Region.objects.filter(path__startswith=county.path).values_list("pk", flat=True))
    rows = queries._rows(ids, today - dt.timedelta(days=7), today, ("received_on",), [])
    return rows.explain()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    vendor = connection.vendor
    started = time.perf_counter()
    added = seed(args.petitions, args.years)
    if added:
        analyze()
    total = Petition.objects.count()
    print(
        f"[{vendor}] {total:,} petitions ({added:,} added, {time.perf_counter() - started:.0f} s)"
    )
    today = timesource.today()
    now = timesource.now()
    period = ensure_period(today)
    counties = queries.counties_of(period)
    clerk = User.objects.get(username="bench-county")
    county = clerk.region
    DailyReport.objects.filter(period=period).delete()
    actions.submit_report(clerk, period, county, day=today, is_zero_report=True, at=now)
    per_day = Petition.objects.filter(region=county, received_on=today).count()
    print(f"[{vendor}] {county.name}: {per_day} petitions today; {len(counties)} counties")

    times = []
    for each in counties:
        ms, _ = timed(lambda each=each: queries.daily_view(period, each, today, at=now), runs=5)
        times.append(ms)
    median, worst = statistics.median(times), max(times)
    verdict = "ok" if worst <= GOAL_MS else "OVER"
    print(
        f"[{vendor}] daily view of a county (8 days + last year's 8, warnings, report): "
        f"median {median:.1f} ms, slowest {worst:.1f} ms over {len(counties)} counties "
        f"(goal ≤ {GOAL_MS} ms: {verdict})"
    )
    client = Client()
    client.force_login(clerk)
    url = f"/periods/{period.pk}/counties/{county.code}/"
    ms, response = timed(lambda: client.get(url), runs=5)
    assert response.status_code == 200, response.status_code
    print(f"[{vendor}] the county's daily page (HTTP, test client): {ms:.1f} ms")
    ms, found = timed(lambda: queries.overview(period, counties, today, at=now), runs=5)
    print(f"[{vendor}] the city's overview of {len(found.rows)} counties: {ms:.1f} ms")
    ms, _ = timed(lambda: queries.summary(period, counties, at=now), runs=3)
    print(f"[{vendor}] the period's summary (8 days, every county): {ms:.1f} ms")
    print(f"[{vendor}] plan of a day-figures query:")
    for line in plan(county, today).splitlines()[:8]:
        print("  " + line)


if __name__ == "__main__":
    main()
