"""Registration's hand-written upserts against the ORM calls that would replace them.

Usage: python -m bench.writes [--petitions 2000]   (bench.run sets DATABASE_URL)

Per registered petition, inside one transaction that is rolled back at the end:
1. repeat keys (insight.index.write): 40 keys in one INSERT … ON CONFLICT DO NOTHING, against
   `RepeatKey.objects.bulk_create(..., ignore_conflicts=True)`.
2. count rows (stats.actions.bump): the month and the year rows of VolumeCount incremented in
   one INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n, against the ORM's way of
   adding to a row that may not exist yet: UPDATE … SET n = F(n) + 1, and INSERT when no
   row matched. (`bulk_create(update_conflicts=True)` cannot add: it overwrites.)
Prints the mean time per petition of each way, in ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402

from xinfang.insight import index  # noqa: E402
from xinfang.insight.models import RepeatKey  # noqa: E402
from xinfang.stats.actions import bump  # noqa: E402
from xinfang.stats.models import Span, VolumeCount  # noqa: E402

KEYS = 40
FIRST_ID = 900_000_000  # petitions that do not exist: the transaction is rolled back


class Rollback(Exception):
    pass


def timed(work, petitions: int) -> float:
    """Mean ms per petition of `work(i)`, in a transaction rolled back afterwards."""
    started = 0.0
    try:
        with transaction.atomic():
            started = time.perf_counter()
            for i in range(petitions):
                work(i)
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return elapsed * 1000 / petitions


def keys_of(i: int) -> list[int]:
    rng = random.Random(i)
    return [rng.getrandbits(62) for _ in range(KEYS)]


def orm_keys(i: int) -> None:
    RepeatKey.objects.bulk_create(
        [RepeatKey(key=k, petition_id=FIRST_ID + i) for k in keys_of(i)], ignore_conflicts=True
    )


def count_keys(i: int, region_id: int) -> list[dict]:
    day = dt.date(2026, 1, 1) + dt.timedelta(days=i % 365)
    channel = ("letter", "visit", "online")[i % 3]
    return [
        {"span": span, "start": start, "region_id": region_id, "channel": channel}
        for span, start in ((Span.MONTH, day.replace(day=1)), (Span.YEAR, day.replace(month=1)))
    ]


def orm_bump(keys: list[dict], values: dict[str, int]) -> None:
    for key in keys:
        updated = VolumeCount.objects.filter(**key).update(
            **{name: F(name) + value for name, value in values.items()}
        )
        if not updated:
            VolumeCount.objects.create(**key, **values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=2000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    n = args.petitions
    vendor = connection.vendor
    values = {"petitions": 1, "persons": 1, "new_matters": 1}
    region_id = 1
    for label, sql, orm in (
        (
            f"repeat keys ({KEYS} a petition)",
            lambda i: index.write(FIRST_ID + i, keys_of(i)),
            orm_keys,
        ),
        (
            "count rows (month and year)",
            lambda i: bump(VolumeCount, count_keys(i, region_id), values),
            lambda i: orm_bump(count_keys(i, region_id), values),
        ),
    ):
        # Alternate, twice each, so a busy neighbour on the machine weighs on both alike.
        runs = {"sql": [], "orm": []}
        for _ in range(2):
            runs["sql"].append(timed(sql, n))
            runs["orm"].append(timed(orm, n))
        print(
            f"[{vendor}] {label}: plain SQL {min(runs['sql']):.3f} ms, "
            f"ORM {min(runs['orm']):.3f} ms a petition (best of 2, {n} petitions)",
            flush=True,
        )


if __name__ == "__main__":
    main()
