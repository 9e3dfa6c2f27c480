"""Partitioning by year, measured: one PostgreSQL database before and after `xinfang partition`.

The bench petitions (bench.seed) get a history of timeline events spread over five years and
notifications for a fifth of them; the same reads and writes are timed on the plain tables,
then the conversion itself, then the same again on the partitioned ones. Run by bench.run
on a database it empties first (`--part partitions`), or alone on an empty database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinfang_bench_partitions \
        XINFANG_VAR_DIR=var/bench python -m bench.partitions --petitions 40000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from bench.core import p95  # noqa: E402
from bench.seed import seed  # noqa: E402
from xinfang.accounts.models import User  # noqa: E402
from xinfang.events.actions import record, record_all  # noqa: E402
from xinfang.events.models import Event, EventKind, Notification  # noqa: E402
from xinfang.events.queries import timeline  # noqa: E402
from xinfang.lib import timesource  # noqa: E402
from xinfang.lib.bulk import insert_rows  # noqa: E402
from xinfang.ops import partitions  # noqa: E402
from xinfang.petitions.models import Matter, Petition  # noqa: E402

HISTORY_FROM = "2022-01-01 00:00:00+08"
HISTORY_DAYS = 5 * 365


def sql(statement: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def add_history(per_matter: int) -> None:
    """`per_matter` events a matter over five years, and a leader notified of a fifth."""
    leader = User.objects.get(username="bench-leader").pk
    started = time.perf_counter()
    sql(
        "INSERT INTO events_event (created_at, actor_id, kind, matter_id, petition_id, summary,"
        " data) SELECT %s::timestamptz + make_interval(days => ((p.id * 7919 + g * 104729) %% %s)::int,"
        " secs => ((p.id * 31 + g) %% 86400)::float8), NULL, 'clock_warning', p.matter_id, p.id,"
        " '即将到期', '{}' FROM petitions_petition p, generate_series(1, %s) g",
        [HISTORY_FROM, HISTORY_DAYS, per_matter],
    )
    sql(
        "INSERT INTO events_notification (recipient_id, event_id, created_at)"
        " SELECT %s, id, created_at FROM events_event WHERE id %% 5 = 0",
        [leader],
    )
    sql("ANALYZE")
    events, notes = Event.objects.count(), Notification.objects.count()
    print(
        f"  history: {events:,} events, {notes:,} notifications"
        f" in {time.perf_counter() - started:.1f} s"
    )


def summary(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"  {name:<52} n={len(ms):>4}  p50={statistics.median(ms):8.2f} ms  p95={p95(ms):8.2f} ms"
    )


def timed(work, times: int) -> list[float]:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return samples


def rolled_back(work):
    """Run `work` with every constraint checked at once (the plain table's deferred foreign
    keys included), then roll it back: the next run measures the same table."""

    def run():
        with transaction.atomic():
            sql("SET CONSTRAINTS ALL IMMEDIATE")
            work()
            transaction.set_rollback(True)

    return run


def measure(label: str, rng: random.Random, repeat: int) -> None:
    print(f"\n  -- {label} --", flush=True)
    matters = list(Matter.objects.order_by("pk").values_list("pk", flat=True))
    sample = [Matter(pk=pk) for pk in rng.sample(matters, 300)]
    picks = iter(sample * repeat)
    print(
        summary(
            "timeline of a matter (about 11 events)",
            timed(lambda: list(timeline(next(picks))), 300),
        )
    )
    client = Client()
    client.force_login(User.objects.get(username="bench-registrar"))
    numbers = list(
        Petition.objects.filter(matter__in=sample[:100]).values_list("number", flat=True)
    )
    pages = iter(numbers * repeat)
    client.get(f"/petitions/{numbers[0]}/")  # warm
    print(
        summary(
            "petition page, whole request",
            timed(lambda: client.get(f"/petitions/{next(pages)}/"), 100),
        )
    )
    steps = iter(sample * repeat)
    print(summary("one event, committed (as a step writes it)", timed(
        lambda: record(EventKind.CLOCK_WARNING, matter=next(steps), summary="基准"), 300
    )))  # fmt: skip
    batch = [{"kind": EventKind.CLOCK_WARNING, "matter_id": m.pk} for m in sample] * 84
    print(summary(f"{len(batch):,} events in one INSERT (a catch-up tick)", timed(
        rolled_back(lambda: record_all(batch, at=timesource.now())), 5
    )))  # fmt: skip
    housing = User.objects.get(username="bench-housing").pk
    events = list(Event.objects.order_by("-pk").values_list("pk", flat=True)[:50_000])
    pairs = [(housing, pk) for pk in events]
    print(summary(f"{len(pairs):,} notifications in one INSERT, checked", timed(
        rolled_back(lambda: insert_rows(
            Notification, ("recipient", "event"), pairs, same={"created_at": timesource.now()}
        )), 5,
    )))  # fmt: skip
    month = (
        dt.datetime(2024, 3, 1, tzinfo=timesource.SHANGHAI),
        dt.datetime(2024, 4, 1, tzinfo=timesource.SHANGHAI),
    )
    print(summary("events of one month, counted (audit)", timed(
        lambda: Event.objects.filter(created_at__gte=month[0], created_at__lt=month[1]).count(), 20
    )))  # fmt: skip
    by_id = iter(rng.sample(events, 300))
    print(summary("one event by id", timed(lambda: Event.objects.get(pk=next(by_id)), 300)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=40_000)
    parser.add_argument("--events-per-matter", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("  partitioning is PostgreSQL's; nothing to measure on", connection.vendor)
        return
    call_command("migrate", verbosity=0)
    if partitions.inspect("events_event").partitioned:
        print("  events_event is partitioned already: run on an empty database")
        return
    started = time.perf_counter()
    if seed(args.petitions):
        print(
            f"  seeded {Petition.objects.count():,} petitions in {time.perf_counter() - started:.1f} s"
        )
    if Event.objects.count() < args.petitions * args.events_per_matter:
        add_history(args.events_per_matter)
    measure("plain tables", random.Random(5), args.repeat)
    started = time.perf_counter()
    statements = partitions.plan("events_event")
    partitions.apply(statements)
    sql("ANALYZE events_event")
    took = time.perf_counter() - started
    held = ", ".join(
        f"{name.rsplit('_', 1)[-1]} {rows:,}" for name, rows in partitions.layout("events_event")
    )
    print(f"\n  xinfang partition events_event: {took:.1f} s ({held})")
    measure("partitioned by year", random.Random(5), args.repeat)


if __name__ == "__main__":
    main()
