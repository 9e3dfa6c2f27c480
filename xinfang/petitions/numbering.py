"""Petition and matter numbers: `<region>-<year>-<sequence>`, gapless per prefix and year."""

from __future__ import annotations

import hashlib
import secrets

from django.db import IntegrityError, connection, transaction

from xinfang.petitions.models import NumberSequence

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read over the phone
QUERY_CODE_LENGTH = 8


def next_values(keys: list[str]) -> dict[str, int]:
    """Increment and return the counters `keys`; call inside the registering transaction.

    One statement for all of them locks the rows (PostgreSQL) or the database (SQLite) until
    commit, so two registrations never draw the same number. On PostgreSQL the rows are
    locked in key order first: a plain UPDATE takes them in the order they lie on disk, which
    changes as they are rewritten, and two registrations holding one row each would deadlock.
    A counter's first use of its year creates its row.
    """
    table = NumberSequence._meta.db_table
    marks = ", ".join(["%s"] * len(keys))
    if connection.vendor == "postgresql":
        sql = (
            f'WITH locked AS (SELECT "key" FROM "{table}" WHERE "key" IN ({marks}) '
            f'ORDER BY "key" FOR UPDATE) '
            f'UPDATE "{table}" AS s SET "last" = s."last" + 1 FROM locked '
            f'WHERE s."key" = locked."key" RETURNING s."key", s."last"'
        )
    else:
        sql = (
            f'UPDATE "{table}" SET "last" = "last" + 1 WHERE "key" IN ({marks}) '
            f'RETURNING "key", "last"'
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, keys)
        found = dict(cursor.fetchall())
    for key in keys:
        if key not in found:
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(key=key, last=1)
                found[key] = 1
            except IntegrityError:  # another registration created it meanwhile
                found[key] = next_values([key])[key]
    return found


def reserve(counts: dict[str, int]) -> dict[str, int]:
    """Draw a block of `count` numbers from each counter at once (a bulk import); returns
    each counter's first number of its block. Call inside the importing transaction: as in
    `next_values`, the rows stay locked until commit, and a rollback returns the block, so
    numbers stay gapless.
    """
    table = NumberSequence._meta.db_table
    first: dict[str, int] = {}
    # In key order, so two importers never hold one row each and wait for the other's.
    for key in sorted(counts):
        count = counts[key]
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{table}" SET "last" = "last" + %s WHERE "key" = %s RETURNING "last"',
                [count, key],
            )
            row = cursor.fetchone()
        if row is None:
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(key=key, last=count)
                first[key] = 1
                continue
            except IntegrityError:  # another registration created it meanwhile
                first[key] = reserve({key: count})[key]
                continue
        first[key] = row[0] - count + 1
    return first


def numbers(region_code: str, year: int, *, new_matter: bool) -> tuple[str | None, str]:
    """(matter number or None, petition number) for a registration, drawn together."""
    m_key, p_key = f"M{region_code}-{year}", f"P{region_code}-{year}"
    drawn = next_values([m_key, p_key] if new_matter else [p_key])
    matter = f"SX{region_code}-{year}-{drawn[m_key]:06d}" if new_matter else None
    return matter, f"{region_code}-{year}-{drawn[p_key]:06d}"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def hash_query_code(code: str) -> str:
    """Only the hash is stored; a lost code is reissued, never read back."""
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()
