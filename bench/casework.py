"""Leadership ledgers benchmark: `xinfang casework import` and the casework report.

Generates ledgers (receptions, cases, aid) for 怀化's counties, imports them into an empty
database of the bench's reference data, and times the casework report for the city over
them. The issue's bars: 100,000 reception rows imported in ≤ 60 s; the report ≤ 300 ms over
200,000 reception rows, 50,000 cases and 50,000 aid rows.

Usage: python -m bench.casework [--receptions N] [--cases N] [--aid N] [--no-machine]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

FORMS = ["开门接访", "坐班接访", "下访", "处访", "约访", "网上接访"]
SOURCES = ["信访救助", "民政", "司法救助", "扶贫", "捐赠", "其他"]


def _write(path: Path, headers: list[str], rows) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(headers)
        out.writerows(rows)
    return path


def _day(rng: random.Random) -> str:
    return (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 364))).isoformat()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--receptions", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--aid", type=int, default=50_000)
    parser.add_argument("--no-machine", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.run import BENCH_VAR, machine
    from bench.seed import ensure_reference
    from xinfang.leadership import report
    from xinfang.leadership.importing import import_ledger
    from xinfang.regions.models import Level, Region

    if not args.no_machine:
        print(f"machine: {machine()}")
    vendor = connection.vendor
    call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    _, counties, _ = ensure_reference()
    rng = random.Random(7)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    leaders = [
        (f"领导{c.code[-2:]}{i}", "副县长", "县级", c.code) for c in counties for i in range(4)
    ]
    receptions = _write(
        BENCH_VAR / "receptions.csv", ["日期", "领导", "职务", "级别", "形式", "地区", "批次", "人次"],
        ([_day(rng), *(who := rng.choice(leaders))[:3], rng.choice(FORMS), who[3],
          str(rng.randint(1, 3)), str(rng.randint(1, 12))] for _ in range(args.receptions)),
    )  # fmt: skip
    started = time.perf_counter()
    import_ledger("receptions", receptions)
    first = time.perf_counter() - started
    print(f"[{vendor}] casework import of {args.receptions:,} reception rows: {first:.1f} s "
          f"({args.receptions / first:,.0f} rows/s; bar: ≤ 60 s)", flush=True)  # fmt: skip
    # A second year's worth, so the report reads 200,000 reception rows.
    import_ledger("receptions", receptions)
    cases = _write(
        BENCH_VAR / "cases.csv",
        ["事项编号", "事项摘要", "包案领导", "职务", "级别", "包案日期", "办结期限", "办结日期", "积案",
         "终结方式", "交办人"],
        ([f"HH-{n}", "历史包案", (who := rng.choice(leaders))[0], who[1], who[2], "2026-01-05",
          "2026-06-30", rng.choice(["2026-05-01", "2026-08-01", ""]), rng.choice(["是", "否"]),
          "", ""] for n in range(args.cases)),
    )  # fmt: skip
    import_ledger("cases", cases)
    aid = _write(
        BENCH_VAR / "aid.csv", ["日期", "信访人", "人数", "来源", "金额", "批准人", "事项编号", "息访协议"],
        ([_day(rng), "某某", str(rng.randint(1, 3)), rng.choice(SOURCES),
          str(rng.randint(500, 20000)), "", "", rng.choice(["是", "否"])] for _ in range(args.aid)),
    )  # fmt: skip
    city = Region.objects.filter(level=Level.CITY).order_by("code").first()
    import_ledger("aid", aid, region=city)
    times = []
    for _ in range(7):
        started = time.perf_counter()
        figures = report.figures(city, 2026)
        times.append((time.perf_counter() - started) * 1000)
    print(f"[{vendor}] casework report over {2 * args.receptions:,} receptions, {args.cases:,} "
          f"cases, {args.aid:,} aid rows: median {statistics.median(times):.0f} ms, "
          f"max {max(times):.0f} ms of 7 (bar: ≤ 300 ms)")  # fmt: skip
    print(f"[{vendor}]   {report.paragraph(figures)[:60]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
