"""Reports read from a read replica; everything else stays on the primary.

A streaming replica (DATABASE_REPLICA_URL) lags the primary by up to a few seconds and refuses
writes. Reports can live with the lag; a registration or a step cannot: it must see its own
writes and those of the step before it. So reads are sent to the replica only inside an
explicit `reading_reports()` block (the statistics pages, the report API, `xinfang report` and
`xinfang export`), never by model: the statistics rollup writes on the first read of a day,
and a rule by model would send that read's neighbours to a database that cannot see it.

Inside a block a read still goes to the primary when
1. no replica is configured;
2. the primary has a transaction open: the read belongs to a write (the rollup's advance);
3. the block has written anything through the ORM: it must see its own writes;
4. the replica could not be reached when the block first read (logged; reports stay up).
Writes go to the primary always, whatever database an instance was read from.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"

logger = logging.getLogger("xinfang.replica")


@dataclass
class _Block:
    on_primary: bool = False  # pinned: it wrote, or the replica is unreachable
    checked: bool = False  # the replica's connection was tried once


_block: ContextVar[_Block | None] = ContextVar("xinfang_reading_reports", default=None)


@contextmanager
def reading_reports() -> Iterator[None]:
    """Within this block (or the function it decorates) reads may go to the replica."""
    token = _block.set(_Block())
    try:
        yield
    finally:
        _block.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def _replica_reachable(block: _Block) -> bool:
    if not block.checked:
        block.checked = True
        try:
            connections[REPLICA].ensure_connection()
        except DatabaseError:
            logger.warning("read replica unreachable; reports read the primary", exc_info=True)
            block.on_primary = True
    return not block.on_primary


class ReportReplicaRouter:
    """DATABASE_ROUTERS entry: the rules in this module's docstring."""

    def db_for_read(self, model, **hints) -> str:
        block = _block.get()
        if block is None or block.on_primary or not replica_configured():
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            block.on_primary = True  # a transaction here is a write's: read what it wrote
            return PRIMARY
        return REPLICA if _replica_reachable(block) else PRIMARY

    def db_for_write(self, model, **hints) -> str:
        block = _block.get()
        if block is not None:
            block.on_primary = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the primary's rows: an object read from either may point at one
        # read from the other.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints) -> bool | None:
        # A replica receives its schema from the primary's write-ahead log.
        return False if db == REPLICA else None
