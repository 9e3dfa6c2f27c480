"""Reference data kept in each worker process until the database says it changed.

The tables the migrations watch (regions and units, content classes, the holiday calendar, the
time limits, the attention words) are read by every registration and workflow step and change
a few times a year. A process keeps what it read
under the stamp it saw (`ReferenceStamp`, changed by triggers in the writing transaction) and
reads the stamp again, one primary-key query, before it trusts that copy:

1. inside a request, once, at the first look (`ReferenceMiddleware`): a request sees the
   reference data as they were when it first needed them, as if it had read them then;
2. outside a request (commands, the tick, tests calling actions), at every look.

So no worker ever uses a calendar or a time limit that another has already changed: the
staleness the calendar module refuses (a statutory deadline computed on an old calendar) cannot
happen, while an API registration saves four queries and its token three joins.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")


class Snapshot:
    """The reference data as of one stamp value, loaded part by part on first use."""

    def __init__(self, stamp: int | None):
        self.stamp = stamp  # None: no stamp row (a database just flushed); nothing is kept
        self._parts: dict[str, Any] = {}

    def get(self, name: str, load: Callable[[], T]) -> T:
        """The part `name`, loaded by `load()` the first time. Callers must not change it."""
        try:
            return self._parts[name]
        except KeyError:
            value = self._parts[name] = load()
            return value


_latest: Snapshot | None = None  # this process's; replaced whole, so threads need no lock
# Inside a request: a list holding the request's snapshot once it has looked (see the middleware).
_request: contextvars.ContextVar[list[Snapshot] | None] = contextvars.ContextVar(
    "reference_snapshot", default=None
)


def read_stamp() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM reference_stamp WHERE id = 1")
        row = cursor.fetchone()
    return None if row is None else row[0]


def snapshot() -> Snapshot:
    """The current reference data (see the module's docstring for when the stamp is read)."""
    global _latest
    held = _request.get()
    if held:
        return held[0]
    stamp = read_stamp()
    latest = _latest
    if latest is None or stamp is None or latest.stamp != stamp:
        latest = Snapshot(stamp)
        if stamp is not None:
            _latest = latest
    if held is not None:
        held.append(latest)
    return latest


@contextlib.contextmanager
def in_request() -> Iterator[None]:
    """Within it, `snapshot()` reads the stamp once, at the first look (one request)."""
    token = _request.set([])
    try:
        yield
    finally:
        _request.reset(token)
