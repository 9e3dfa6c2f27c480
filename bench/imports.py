"""Ledger import benchmark: `xinfang import`'s bulk path on a generated N-row ledger.

Writes a CSV of N historical rows over six years (a fifth of them repeats: the same phone
on the same text as an earlier row), imports it into an empty database of the bench's
reference data and prints rows per second with the size and the machine.

Usage: python -m bench.imports [--rows N] [--no-machine]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import os
import random
import re
import resource
import sys
import time
from pathlib import Path

import django

YEARS = 6
REPEAT_SHARE = 0.2
CHANNELS = [("来信", 20), ("来访", 35), ("网上信访", 35), ("来电", 10)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文辉鹏飞"


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def write_ledger(path: Path, rows: int, counties: list[str], classes: list[str], texts, seed=3):
    rng = random.Random(seed)
    end = dt.date(2026, 1, 1)
    days = sorted(end - dt.timedelta(days=rng.randint(1, 365 * YEARS)) for _ in range(rows))
    earlier: list[tuple[str, str, str, str, str]] = []  # (name, phone, county, class, text)
    names, weights = zip(*CHANNELS, strict=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["编号", "登记日期", "信访形式", "人数", "登记层级", "是否越级", "是否非正常",
                      "问题属地", "内容分类", "反映问题", "诉求", "信访人", "证件号码", "联系电话"])  # fmt: skip
        for n, day in enumerate(days, start=1):
            if earlier and rng.random() < REPEAT_SHARE:
                name, phone, county, klass, text = rng.choice(earlier[-5000:])
            else:
                phone = f"138{rng.randint(0, 99999999):08d}" if rng.random() < 0.7 else ""
                name = person_name(rng) if rng.random() < 0.5 else ""
                county, klass = rng.choice(counties), rng.choice(classes)
                # A message's title and sentences of two others: mostly unique texts, as in
                # a real ledger (the corpus alone would repeat each text a hundred times).
                title, body = rng.choice(texts)
                others = [rng.choice(texts)[1].split("。")[0][:60] for _ in range(2)]
                text = f"{title}。{body[:100]}。{'。'.join(others)}"
                earlier.append((name, phone, county, klass, text))
            out.writerow([
                f"L-{n:07d}", day.isoformat(), rng.choices(names, weights)[0], rng.choice("1112"),
                "县", "否", "否", county, klass, text, "", name, "", phone,
            ])  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-machine", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.run import BENCH_VAR, machine
    from bench.seed import ensure_reference, shared_texts, synthetic_texts
    from xinfang.intake.importing import import_ledger
    from xinfang.petitions.models import Petition

    if not args.no_machine:
        print(f"machine: {machine()}")
    vendor = connection.vendor
    if vendor == "sqlite":
        # A fresh file: flushing an earlier run's million rows one table at a time takes
        # longer than the import being measured.
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        for leftover in (name, Path(f"{name}-wal"), Path(f"{name}-shm")):
            leftover.unlink(missing_ok=True)
    else:
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM petition_search")  # not a model: flush leaves it
    user, counties, classes = ensure_reference()
    texts = shared_texts() or synthetic_texts(random.Random(5))
    path = BENCH_VAR / f"ledger-{args.rows}.csv"
    if not path.exists():
        write_ledger(path, args.rows, [c.code for c in counties], [c.code for c in classes], texts)
    phases = time_phases()
    statements: dict[str, float] = {}
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(functools.partial(time_statement, statements)):
        outcome = import_ledger(path, user, today=dt.date(2026, 1, 1))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if outcome.errors:
        print(f"[{vendor}] {len(outcome.errors)} row errors, first: {outcome.errors[:3]}")
        return 1
    assert Petition.objects.count() == outcome.imported == args.rows
    print(
        f"[{vendor}] import of a {args.rows:,}-row ledger ({outcome.repeats:,} repeats): "
        f"{seconds:.0f} s, {args.rows / seconds:,.0f} rows/s "
        f"(1,000,000 rows at this rate: {1_000_000 / (args.rows / seconds) / 60:.0f} min)",
        flush=True,
    )
    print(f"[{vendor}]   of which " + ", ".join(f"{k} {v:.0f} s" for k, v in phases.items()))
    busiest = sorted(statements.items(), key=lambda kv: -kv[1])[:8]
    print(f"[{vendor}]   SQL by statement: " + ", ".join(f"{k} {v:.1f} s" for k, v in busiest))
    # The machine is shared: the importer's own CPU time shows how much of the wall time
    # was spent waiting for a core (PostgreSQL's server time is not in it). The process
    # preparing rows is a child: its time is counted once it has ended.
    load = os.getloadavg()[0]
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"[{vendor}]   importer CPU {cpu:.0f} s writing ({args.rows / cpu:,.0f} rows per CPU "
          f"second), {child.ru_utime + child.ru_stime:.0f} s preparing rows in a second "
          f"process; load average {load:.1f} on {os.cpu_count()} cores")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{vendor}]   peak memory: importer {peak:,.0f} MiB, preparing process "
          f"{child.ru_maxrss / 1024:,.0f} MiB")  # fmt: skip
    return 0


TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)', re.IGNORECASE)


def time_statement(totals: dict[str, float], execute, sql, params, many, context):
    """Seconds spent in the database (and the driver) per kind of statement: its verb and
    table ("INSERT petitions_petition", "SELECT insight_repeatkey", "COMMIT" is not one)."""
    verb = sql.split(None, 1)[0].upper() if sql.strip() else ""
    table = TABLE.search(sql)
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        label = f"{verb} {table.group(1) if table else ''}".strip()
        totals[label] = totals.get(label, 0.0) + time.perf_counter() - started


def time_phases() -> dict[str, float]:
    """Where the time goes: wrap the importer's steps with timers (seconds, summed)."""
    from xinfang.intake import importing

    phases: dict[str, float] = {}

    def timer(owner, name: str, label: str) -> None:
        real = getattr(owner, name)

        def wrapped(*args, **kwargs):
            started = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                phases[label] = phases.get(label, 0.0) + time.perf_counter() - started

        phases.setdefault(label, 0.0)  # printed in this order
        setattr(owner, name, wrapped)

    timer(importing, "validate", "validation pass")
    timer(importing.index, "postings_of_many", "repeat look-up (SQL)")
    timer(importing._Writer, "_link_repeats", "repeat rule (incl. look-up)")
    timer(importing._Writer, "_create", "writing rows")
    # PostgreSQL builds these at once at the end, each on a connection of its own: their sum
    # is more than the wall time of the step, which is timed whole as well.
    timer(importing, "_finish_bulk", "built at the end (wall time)")
    timer(importing.index, "finish_bulk", "  of which repeat keys' primary and foreign key")
    timer(importing.search, "_build_part", "  full-text index parts (summed)")
    timer(importing.search, "finish_bulk", "  full-text index merge or parts joined")
    timer(importing.stats, "rebuild", "count tables rebuild")
    timer(importing.cohorts, "rebuild", "rates rollup rebuild")
    return phases


if __name__ == "__main__":
    sys.exit(main())
