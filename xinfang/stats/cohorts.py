"""The rates' rollup: statutory clocks counted by the month their deadline falls in.

A rate clock (受理告知, 办理, 延期, 评价期限) enters the rates of its deadline's month once the
deadline has come: a finished clock from its due day, an open one from the day after (on its
due day it may still be met in time). `RateCount` holds, per deadline month × 问题属地 ×
unit × part, the sum of every clock's contribution (`_contribution`) as of `RateState.as_of`.
Reports sum a year's rows (a few hundred) instead of scanning millions of clocks.

Three writers keep it exact, each adding differences of contributions:

1. `Change`: a workflow step (or a repeat joining a matter, which can make it no longer 初信初访)
   takes its matters' contributions before and after and adds the difference.
2. `advance`: when the day changes, only the clocks due between the old and the new day change
   contribution. The tick calls it, and so does the first read or step of a new day.
3. `rebuild`: recomputes every row from the clocks (after a bulk load, a restore or a repair).

On PostgreSQL a step holds `RateState` FOR SHARE and `advance` holds it FOR UPDATE, so a day
never advances under a step's feet; SQLite runs one writer at a time anyway.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery

from xinfang.lib import timesource
from xinfang.stats.actions import bump
from xinfang.stats.models import RATE_MEASURES, RateCount, RatePart, RateState
from xinfang.workflow.models import Clock, ClockKind, ClockState, Rating, RatingTarget

RATE_KINDS = (
    ClockKind.ACCEPT_NOTICE,
    ClockKind.HANDLE,
    ClockKind.HANDLE_FAST,
    ClockKind.EXTENSION,
    ClockKind.RATING_WINDOW,
)
PART = {ClockKind.ACCEPT_NOTICE: RatePart.ACCEPT, ClockKind.RATING_WINDOW: RatePart.RATING}
DONE = (ClockState.MET, ClockState.LATE_MET)
FINISHED = (*DONE, ClockState.LATE, ClockState.LAPSED)
OPEN = (ClockState.RUNNING, ClockState.PAUSED)
GOOD = ("satisfied", "basically")
STATE_ID = 1

Cell = tuple[dt.date, int, int, str]
Sums = dict[Cell, list[int]]


def _rows(clocks: QuerySet[Clock]) -> Iterable[tuple]:
    """What a contribution needs of each rate clock: the clock, its matter, the unit rating."""
    unit_rating = Rating.objects.filter(
        matter_id=OuterRef("matter_id"), target=RatingTarget.UNIT
    ).values("level")[:1]
    return (
        clocks.filter(kind__in=RATE_KINDS)
        .annotate(unit_level=Subquery(unit_rating))
        .values_list(
            "kind",
            "state",
            "started_on",
            "due_on",
            "met_on",
            "unit_id",
            "matter__region_id",
            "matter__petition_count",
            "matter__is_settled",
            "matter__petitioner_stopped",
            "unit_level",
        )  # fmt: skip
        .order_by()
    )


def _contribution(row: tuple, today: dt.date) -> tuple[Cell, list[int]] | None:
    """One clock's part in its deadline month's rates on `today` (None: it does not count yet)."""
    kind, state, started, due, met_on, unit_id, region_id, petitions, settled, stopped, level = row
    if due > today or not (state in FINISHED or (state in OPEN and due < today)):
        return None
    part = PART.get(kind, RatePart.HANDLE)
    done = state in DONE
    met = state == ClockState.MET
    first = petitions == 1
    rated = done and part == RatePart.RATING and level is not None
    values = [
        1, met, first, met and first, done, done and settled, done and (settled or stopped),
        (met_on - started).days if done else 0, rated, rated and level in GOOD,
    ]  # fmt: skip
    return (due.replace(day=1), region_id, unit_id or 0, part), [int(v) for v in values]


def _sums(rows: Iterable[tuple], today: dt.date, sums: Sums | None = None, sign: int = 1) -> Sums:
    sums = defaultdict(lambda: [0] * len(RATE_MEASURES)) if sums is None else sums
    for row in rows:
        found = _contribution(row, today)
        if found is not None:
            totals = sums[found[0]]
            for i, value in enumerate(found[1]):
                totals[i] += sign * value
    return sums


def _add(sums: Sums) -> None:
    """Add the non-zero differences to their rows, in key order (no deadlock between steps)."""
    cells = sorted((cell, values) for cell, values in sums.items() if any(values))
    for cell, values in cells:
        key = dict(zip(RateCount.KEY, cell, strict=True))
        bump(RateCount, [key], dict(zip(RATE_MEASURES, values, strict=True)))


def _as_of(lock: str = "") -> dt.date | None:
    """The day the rollup is current for; `lock` "SHARE" or "UPDATE" holds the row (PostgreSQL)."""
    if lock and connection.vendor == "postgresql":
        table = connection.ops.quote_name(RateState._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT as_of FROM {table} WHERE id = %s FOR {lock}", [STATE_ID])
            row = cursor.fetchone()
        return row[0] if row else None
    return RateState.objects.filter(pk=STATE_ID).values_list("as_of", flat=True).first()


def _current(today: dt.date | None = None) -> dt.date:
    """Bring the rollup to `today` (by default today) within the caller's transaction, and
    hold the day; return it.

    Read first without a lock: upgrading a held SHARE lock to advance could deadlock two steps
    taken in the first moments of a day.
    """
    today = today or timesource.today()
    if _as_of() == today and (connection.vendor != "postgresql" or _as_of("SHARE") == today):
        return today
    advance(today)
    return today


def _lock_for_update() -> dt.date | None:
    # The row must exist to be locked; a NULL date means "rebuild first".
    RateState.objects.bulk_create([RateState(pk=STATE_ID, as_of=None)], ignore_conflicts=True)
    return _as_of(lock="UPDATE")


@transaction.atomic
def advance(today: dt.date | None = None) -> int:
    """Move the rollup to `today` (either way): re-count the clocks due in between.

    Returns how many clocks were looked at. Without a date (a new install, an upgrade from
    before this table, a flushed test database) the rollup is rebuilt from the clocks.
    """
    today = today or timesource.today()
    old = _lock_for_update()
    if old is None:
        return rebuild(today)
    if old == today:
        return 0
    rows = list(_rows(Clock.objects.filter(due_on__range=(min(old, today), max(old, today)))))
    sums = _sums(rows, today)
    _sums(rows, old, sums, sign=-1)
    _add(sums)
    RateState.objects.filter(pk=STATE_ID).update(as_of=today)
    return len(rows)


def ensure_current() -> None:
    """For readers: bring the rollup to today if the day changed since it was last moved."""
    if _as_of() != timesource.today():
        advance()


class Change:
    """Wrap a change to matters' clocks, flags or ratings: `Change(ids)`, change, `.save()`.

    Both halves run inside the step's transaction; `today` is the day of the change (by
    default today), the day the rollup is brought to.
    """

    def __init__(self, matter_ids: Iterable[int], today: dt.date | None = None):
        self.matter_ids = list(matter_ids)
        self.today = _current(today)
        self.before = list(_rows(Clock.objects.filter(matter_id__in=self.matter_ids)))

    def save(self) -> None:
        after = _rows(Clock.objects.filter(matter_id__in=self.matter_ids))
        sums = _sums(after, self.today)
        _add(_sums(self.before, self.today, sums, sign=-1))


def changing(matter_ids: Iterable[int], today: dt.date) -> Callable[[], None]:
    """The `matters_changing` hook (xinfang.petitions.hooks): take the matters' clocks now,
    add the difference when the change is done."""
    return Change(matter_ids, today).save


def day_started(today: dt.date, at: dt.datetime) -> None:
    """The `day_started` hook: move the rollup to the tick's day (its moment is not needed)."""
    advance(today)


@transaction.atomic
def rebuild(today: dt.date | None = None, batch: int = 20000) -> int:
    """Recompute every row from the clocks as of `today`. Returns the clocks that count."""
    today = today or timesource.today()
    _lock_for_update()
    sums = _sums(_rows(Clock.objects.all()).iterator(chunk_size=batch), today)
    RateCount.objects.all().delete()
    RateCount.objects.bulk_create(
        (
            RateCount(
                **dict(zip(RateCount.KEY, cell, strict=True)),
                **dict(zip(RATE_MEASURES, values, strict=True)),
            )
            for cell, values in sorted(sums.items())
        ),
        batch_size=2000,
    )
    RateState.objects.update_or_create(pk=STATE_ID, defaults={"as_of": today})
    return sum(values[0] for values in sums.values())
