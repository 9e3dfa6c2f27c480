"""The tick's measurements on one backend; run by bench.run with DATABASE_URL set.

Each tick runs for real, committing chunk by chunk as the worker does (on PostgreSQL the
foreign-key checks run at those commits), and the database is then put back as it was:
the rows the tick wrote are deleted and the clocks and matters it changed are restored, so
the next run measures the same work. Delivery backends are switched off (no outbox messages
are queued) unless --notify-backends names some: the tick then also queues their outbox
messages, as in production (it never sends them; the worker does).

1. catch-up: the first tick over seeded clocks nobody has looked at yet (an import, or a
   worker down for weeks: the worst case), the same tick again (nothing left to do), and
   the next day's tick (one day's worth of work);
2. the same with every second open matter closed (is it linear in open matters?);
3. the same with 100,000 closed matters added (closed matters must cost nothing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from collections import defaultdict

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import OuterRef, Q, Subquery  # noqa: E402

from bench.core import p95  # noqa: E402
from bench.seed import ensure_clocks, seed, seeded_matters  # noqa: E402
from xinfang.accounts.models import User  # noqa: E402
from xinfang.events.models import Event, EventKind, Notification, OutboxMessage  # noqa: E402
from xinfang.lib import timesource  # noqa: E402
from xinfang.petitions.models import OPEN_STATUSES, Matter, MatterStatus, Urgency  # noqa: E402
from xinfang.workflow.models import (  # noqa: E402
    WINDOW_KINDS,
    Clock,
    ClockKind,
    ClockState,
    SupervisionNotice,
)
from xinfang.workflow.tick import TickReport, run_tick  # noqa: E402

CLOSED_PREFIX = "SXC-"
BENCH_CLOSED = "bench:"
TICK_EVENTS = (
    EventKind.CLOCK_WARNING,
    EventKind.CLOCK_LATE,
    EventKind.SUPERVISION,
    EventKind.WORKFLOW_STEP,
)


def reset(*, reopen: bool = True) -> None:
    """Put the bench database back as seeded: as if no tick had run.

    In the bench database every clock of an open matter starts out running (seeding and the
    registration action only start clocks) and only the tick and close_half() move them on,
    so this is exact, and it also repairs a run that was killed half-way. The closed
    matters of add_closed() are left alone; with reopen=False so are close_half()'s.
    Only for a benchmark database: it deletes every system event of the tick's kinds.
    """
    q = connection.ops.quote_name
    with transaction.atomic():
        SupervisionNotice.objects.all().delete()
        with connection.cursor() as cursor:
            # Plain SQL: the ORM would collect the notifications (and their outbox rows) by
            # primary key first. Events are append-only for the application; the bench
            # removes its own.
            kinds = ", ".join(["%s"] * len(TICK_EVENTS))
            tick_events = (
                f"SELECT id FROM {q(Event._meta.db_table)} WHERE actor_id IS NULL"
                f" AND kind IN ({kinds})"
            )
            notifications = (
                f"SELECT id FROM {q(Notification._meta.db_table)} WHERE event_id IN ({tick_events})"
            )
            cursor.execute(
                f"DELETE FROM {q(OutboxMessage._meta.db_table)}"
                f" WHERE notification_id IN ({notifications})",
                list(TICK_EVENTS),
            )
            cursor.execute(
                f"DELETE FROM {q(Notification._meta.db_table)} WHERE event_id IN ({tick_events})",
                list(TICK_EVENTS),
            )
            cursor.execute(
                f"DELETE FROM {q(Event._meta.db_table)} WHERE id IN ({tick_events})",
                list(TICK_EVENTS),
            )
        # What the tick moves (and, with reopen, what close_half() closed); nothing else.
        moved = (
            Q(state__in=(ClockState.LATE, ClockState.LAPSED))
            | Q(warned_at__isnull=False)
            | Q(late_at__isnull=False)
            | Q(escalated_at__isnull=False)
        )
        if reopen:
            moved |= Q(matter__termination__startswith=BENCH_CLOSED)
        else:
            moved &= ~Q(matter__termination__startswith=BENCH_CLOSED)
        Clock.objects.filter(moved).exclude(matter__number__startswith=CLOSED_PREFIX).update(
            state=ClockState.RUNNING, met_on=None, warned_at=None, late_at=None,
            escalated_at=None, claim="",
        )  # fmt: skip
        if reopen:
            nearest = (
                Clock.objects.filter(matter=OuterRef("pk"))
                .exclude(kind__in=WINDOW_KINDS)
                .order_by("due_on")
                .values("due_on")[:1]
            )
            for status in OPEN_STATUSES:
                Matter.objects.filter(termination=BENCH_CLOSED + status).update(
                    status=status, closed_on=None, termination="", next_due_on=Subquery(nearest)
                )
        # Closed by a lapsed review window: all bench matters of that kind were answered.
        seeded_matters().filter(status=MatterStatus.CLOSED, termination="").update(
            status=MatterStatus.ANSWERED, closed_on=None
        )
        Matter.objects.exclude(urgency=Urgency.NONE).filter(status__in=OPEN_STATUSES).update(
            urgency=Urgency.NONE
        )
    if connection.vendor == "postgresql":
        # Each run leaves some 200,000 dead rows; without a vacuum (this server runs no
        # autovacuum) every repetition would be measured on a more bloated table.
        models = (Event, Notification, OutboxMessage, SupervisionNotice, Clock, Matter)
        tables = [m._meta.db_table for m in models]
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {', '.join(q(t) for t in tables)}")


def sizes() -> str:
    open_ = Matter.objects.filter(status__in=OPEN_STATUSES).count()
    closed = Matter.objects.exclude(status__in=OPEN_STATUSES).count()
    running = Clock.objects.filter(state=ClockState.RUNNING).count()
    late = Clock.objects.filter(state=ClockState.LATE).count()
    total = Clock.objects.count()
    return (
        f"matters open={open_:,} closed={closed:,} · clocks running={running:,} "
        f"late={late:,} all={total:,}"
    )


def tick_line(name: str, samples: list[float], report: TickReport) -> str:
    ms = [s * 1000 for s in samples]
    acted = report.warned + report.late + report.escalated + report.lapsed
    return (
        f"  {name:<44} n={len(ms):>4}  mean={statistics.mean(ms):8.1f} ms  "
        f"p95={p95(ms):8.1f} ms  clocks={acted:,}  [{report.counts()}]"
    )


def measure(label: str, repeat: int, *, reopen: bool = True) -> list[str]:
    """Catch-up, again, next day: `repeat` times, the database put back after each."""
    today, now = timesource.today(), timesource.now()
    samples: dict[str, list[float]] = defaultdict(list)
    reports: dict[str, TickReport] = {}
    for _ in range(repeat):
        try:
            for name, day, moment in (
                ("catch-up", today, now),
                ("again", today, now),
                ("next day", today + dt.timedelta(days=1), now + dt.timedelta(days=1)),
            ):
                reports[name] = run_tick(today=day, now=moment)
                samples[name].append(reports[name].seconds)
        finally:
            reset(reopen=reopen)
    return [tick_line(f"tick {name} {label}", samples[name], reports[name]) for name in reports]


def close_half() -> int:
    """Close every second open matter, as their last steps would (clocks met or lapsed).

    The old status is kept in `termination` ("bench:accepted") so reset() can reopen it.
    """
    rows = list(
        Matter.objects.filter(status__in=OPEN_STATUSES).order_by("pk").values_list("pk", "status")
    )[::2]
    by_status: dict[str, list[int]] = defaultdict(list)
    for pk, status in rows:
        by_status[status].append(pk)
    today = timesource.today()
    with transaction.atomic():
        for status, ids in by_status.items():
            for at in range(0, len(ids), 900):
                chunk = ids[at : at + 900]
                Matter.objects.filter(pk__in=chunk).update(
                    status=MatterStatus.CLOSED, closed_on=today, next_due_on=None,
                    urgency=Urgency.NONE, termination=BENCH_CLOSED + status,
                )  # fmt: skip
                running = Clock.objects.filter(matter_id__in=chunk, state=ClockState.RUNNING)
                running.filter(kind__in=WINDOW_KINDS).update(state=ClockState.LAPSED)
                running.update(state=ClockState.MET, met_on=today)
    return len(rows)


def add_closed(count: int, batch: int = 5000) -> None:
    """Add `count` closed matters with the clocks a finished case leaves behind."""
    rng = random.Random(3)
    template = seeded_matters().first()
    today, now = timesource.today(), timesource.now()
    for start in range(0, count, batch):
        matters = []
        for i in range(start, min(start + batch, count)):
            opened = today - dt.timedelta(days=rng.randint(60, 700))
            matters.append(Matter(
                number=f"{CLOSED_PREFIX}{i:07d}", title="已办结事项", region_id=template.region_id,
                content_class_id=template.content_class_id, status=MatterStatus.CLOSED,
                registering_unit_id=template.registering_unit_id, opened_on=opened,
                last_received_on=opened, created_at=now, answered_on=opened + dt.timedelta(days=50),
                closed_on=opened + dt.timedelta(days=81),
            ))  # fmt: skip
        with transaction.atomic():
            Matter.objects.bulk_create(matters, batch_size=1000)
            clocks = []
            for m in matters:
                for kind, offset, amount, state in (
                    (ClockKind.DISPOSE, 15, 15, ClockState.MET),
                    (ClockKind.HANDLE, 75, 60, ClockState.LATE_MET),
                    (ClockKind.REVIEW_WINDOW, 80, 30, ClockState.LAPSED),
                ):
                    due = m.opened_on + dt.timedelta(days=offset)
                    clocks.append(Clock(
                        matter=m, kind=kind, amount=amount, measure="day", state=state,
                        started_on=due - dt.timedelta(days=amount), due_on=due,
                    ))  # fmt: skip
            Clock.objects.bulk_create(clocks, batch_size=2000)


def remove_closed() -> None:
    """Delete what add_closed added (plain SQL: the ORM would load 300,000 clocks first)."""
    q = connection.ops.quote_name
    matters = f"SELECT id FROM {q(Matter._meta.db_table)} WHERE number LIKE %s"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {q(Clock._meta.db_table)} WHERE matter_id IN ({matters})",
            [CLOSED_PREFIX + "%"],
        )
        cursor.execute(
            f"DELETE FROM {q(Matter._meta.db_table)} WHERE number LIKE %s", [CLOSED_PREFIX + "%"]
        )


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=100_000)
    parser.add_argument("--closed", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--notify-backends",
        default="",
        help="comma-separated backends: the tick then also queues their outbox messages",
    )
    args, _ = parser.parse_known_args()
    settings.XINFANG_NOTIFY_BACKENDS = [b for b in args.notify_backends.split(",") if b]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    remove_closed()  # left behind by an interrupted run, as reset() repairs the rest
    reset()
    added = seed(args.petitions) + ensure_clocks()
    if added:
        print(f"  seeded clocks in {time.perf_counter() - started:.1f} s")
    analyze()
    staff = User.objects.filter(is_active=True).count()
    print(f"  backend={connection.vendor} {sizes()} · staff={staff}")
    open_now = Matter.objects.filter(status__in=OPEN_STATUSES).count()
    for row in measure(f"{open_now:,} open", args.repeat):
        print(row, flush=True)
    try:
        half = close_half()
        analyze()
        print(f"  closed {half:,} of them: {sizes()}")
        for row in measure(f"{open_now - half:,} open", args.repeat, reopen=False):
            print(row, flush=True)
    finally:
        reset()
    try:
        added_at = time.perf_counter()
        add_closed(args.closed)
        analyze()
        print(
            f"  added {args.closed:,} closed matters in {time.perf_counter() - added_at:.1f} s: "
            f"{sizes()}"
        )
        for row in measure(f"{open_now:,} open+{args.closed:,} closed", args.repeat):
            print(row, flush=True)
    finally:
        remove_closed()
        analyze()


if __name__ == "__main__":
    main()
