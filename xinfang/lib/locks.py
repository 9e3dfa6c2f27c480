"""A named lock held until the current transaction ends, for work that must not interleave
across processes (replacing a snapshot whole).

PostgreSQL: a transaction-level advisory lock on the name's hash. SQLite needs none: its
transactions begin IMMEDIATE, so writers already run one at a time.
"""

from __future__ import annotations

from django.db import connection


def hold_until_commit(name: str) -> None:
    """Wait for, then hold, the lock `name` until the surrounding transaction ends."""
    if not connection.in_atomic_block:
        raise RuntimeError("hold_until_commit() needs a transaction to hold the lock in")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
