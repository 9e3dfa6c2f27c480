"""The repeat index table: write a petition's keys, read bounded posting lists.

Reads are one SQL statement of per-key subqueries, each capped at `PER_KEY` newest
postings, so a common name or a boilerplate phrase cannot make a lookup slow.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np
from django.db import connection, transaction

from xinfang.insight.fingerprint import Person, Probe
from xinfang.insight.models import RepeatKey
from xinfang.lib.bulk import pg_array, rows_up_to
from xinfang.petitions.models import Petition

PER_KEY = 100


def probe_of(item, people: Iterable) -> Probe:
    """The probe of a petition or of a draft (people: its Petitioner rows or drafts)."""
    return Probe(
        title=item.title or "",
        content=item.content or "",
        region_code=item.region.code if item.region is not None else "",
        people=[Person(p.name, p.id_number, p.phone, p.address) for p in people],
        accused_name=item.accused_name or "",
    )


def write(petition_id: int, keys: list[int]) -> int:
    """Add a petition's keys: one INSERT … ON CONFLICT DO NOTHING (SQLite and PostgreSQL).

    Plain SQL, as registration writes some forty keys each time: bulk_create(...,
    ignore_conflicts=True) builds the same statement but its model instances and compiling
    cost 2.3 ms a registration against 0.61 ms here on SQLite (3.3 against 1.3 ms on
    PostgreSQL): bench/writes.py, `python -m bench.run --part writes`, 2026-12-04.
    """
    keys = list(dict.fromkeys(keys))
    if keys:
        table = connection.ops.quote_name(RepeatKey._meta.db_table)
        values = ", ".join(["(%s, %s)"] * len(keys))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, petition_id) VALUES {values} ON CONFLICT DO NOTHING",
                [value for key in keys for value in (key, petition_id)],
            )
    return len(keys)


def set_aside_constraints(adding: int) -> list[str]:
    """PostgreSQL, before a bulk import of `adding` petitions: what of the keys' table to drop
    and make once in `finish_bulk` rather than key by key (some 20 keys a petition). Returns
    what it dropped.

    - Into a database holding fewer petitions than `adding`: the foreign key to the
      petitions, checked in one pass at the end (5.5 µs a key when checked one by one: 2 ×
      950,000 keys inserted with and without it, psql on the bench's 1,000,000 rows).
    - Into one holding none, which the import then looks nothing up in: the primary key
      too, built in one sort at the end (its inserts were 173 s of SQL at 1,000,000 rows,
      bench/imports.py). Repeat suggestions at the counter read the whole table meanwhile.
      A run killed meanwhile leaves it dropped: the next run, finding petitions stored,
      builds it before it looks anything up.
    """
    if connection.vendor != "postgresql":
        return []
    held = rows_up_to(Petition._meta.db_table, max(adding, 1))
    primary, foreign = _constraints()
    if held and primary is None:
        _add_primary_key()
    dropped = []
    with connection.cursor() as cursor:
        if held < adding:
            for name in foreign:
                cursor.execute(f"ALTER TABLE {_table()} DROP CONSTRAINT {_quoted(name)}")
                dropped.append("foreign key")
        if not held and primary is not None:
            cursor.execute(f"ALTER TABLE {_table()} DROP CONSTRAINT {_quoted(primary)}")
            dropped.append("primary key")
    return dropped


def finish_bulk() -> None:
    """PostgreSQL, after a bulk import: put back what `set_aside_constraints` dropped (here or
    in a run that was killed), as the migration made it: the primary key in one sort, the
    foreign key checked in one pass (added unchecked first, so that petitions can be
    written while it is checked)."""
    if connection.vendor != "postgresql":
        return
    primary, foreign = _constraints()
    if primary is None:
        _add_primary_key()
    if foreign:
        return
    field = RepeatKey._meta.get_field("petition")
    with connection.schema_editor(atomic=False) as editor:
        # Django's own statement and name for it, as `migrate` created it.
        statement = editor._create_fk_sql(RepeatKey, field, "_fk_%(to_table)s_%(to_column)s")
        editor.execute(f"{statement} NOT VALID")
        name = statement.parts["name"]  # quoted already
        editor.execute(f"ALTER TABLE {_table()} VALIDATE CONSTRAINT {name}")


def _add_primary_key() -> None:
    columns = ", ".join(_quoted(f.column) for f in RepeatKey._meta.pk_fields)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem TO '256MB'")
        # Unnamed, as `migrate` created it: PostgreSQL names it <table>_pkey.
        cursor.execute(f"ALTER TABLE {_table()} ADD PRIMARY KEY ({columns})")


def _constraints() -> tuple[str | None, list[str]]:
    """The keys' table's primary key (its name, if it has one) and foreign keys."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, RepeatKey._meta.db_table)
    primary = next((name for name, facts in found.items() if facts["primary_key"]), None)
    return primary, [name for name, facts in found.items() if facts["foreign_key"]]


def _table() -> str:
    return _quoted(RepeatKey._meta.db_table)


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def postings(wanted: Iterable[int]) -> list[tuple[int, int]]:
    """(key, petition id) pairs for the wanted keys, newest petitions first per key."""
    wanted = list(wanted)
    if not wanted:
        return []
    table = connection.ops.quote_name(RepeatKey._meta.db_table)
    part = f"SELECT * FROM (SELECT key, petition_id FROM {table} WHERE key = %s ORDER BY petition_id DESC LIMIT {PER_KEY}) AS p{{n}}"  # noqa: E501
    sql = " UNION ALL ".join(part.format(n=n) for n in range(len(wanted)))
    with connection.cursor() as cursor:
        cursor.execute(sql, wanted)
        return cursor.fetchall()


def postings_of_many(
    wanted: Iterable[int], slice_size: int = 2000, last: int | None = None
) -> dict[int, list[int]]:
    """Petition ids by key for many keys at once (a bulk import's chunk), each list capped at
    `PER_KEY` newest as in `postings`, in one statement per backend (`last`: of petitions
    with ids up to it only, those stored before the import).

    Each key's list is read through the index, at most `PER_KEY` entries: a window over all
    of a key's postings (ROW_NUMBER … n <= 100) read every posting of a common key, and at
    400,000 imported rows it was a tenth of the import (py-spy, bench/imports.py). PostgreSQL
    does it with LATERAL; SQLite, which has none, finds each key's 100th newest id first.
    Other backends: the window, in slices of `slice_size` keys.
    """
    wanted = list(dict.fromkeys(wanted))
    found: dict[int, list[int]] = {}
    if not wanted:
        return found
    table = connection.ops.quote_name(RepeatKey._meta.db_table)
    # int(): safe to write into the statement itself.
    upto = "" if last is None else f" AND petition_id <= {int(last)}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array literal: psycopg parses a statement of 2,000 placeholders in Python
            # (3 s of a 20,000-row import; bench/imports.py).
            cursor.execute(
                f"SELECT k.key, p.petition_id FROM unnest(%s::bigint[]) AS k(key) "
                f"CROSS JOIN LATERAL (SELECT petition_id FROM {table} WHERE key = k.key{upto} "
                f"ORDER BY petition_id DESC LIMIT {PER_KEY}) AS p",
                [pg_array(wanted, "int")],
            )
            rows = cursor.fetchall()
        elif connection.vendor == "sqlite":
            cursor.execute(
                f"WITH wanted(key, low) AS (SELECT value, COALESCE((SELECT petition_id "
                f"FROM {table} WHERE key = value{upto} ORDER BY petition_id DESC "
                f"LIMIT 1 OFFSET {PER_KEY - 1}), -1) FROM json_each(%s)) "
                f"SELECT r.key, r.petition_id FROM wanted "
                f"JOIN {table} AS r ON r.key = wanted.key AND r.petition_id >= wanted.low"
                f"{upto.replace('petition_id', 'r.petition_id')}",
                [json.dumps(wanted)],
            )
            rows = cursor.fetchall()
        else:
            rows = []
            for start in range(0, len(wanted), slice_size):
                part = wanted[start : start + slice_size]
                marks = ", ".join(["%s"] * len(part))
                cursor.execute(
                    f"SELECT key, petition_id FROM (SELECT key, petition_id, ROW_NUMBER() OVER "
                    f"(PARTITION BY key ORDER BY petition_id DESC) AS n FROM {table} "
                    f"WHERE key IN ({marks}){upto}) AS ranked WHERE n <= {PER_KEY}",
                    part,
                )
                rows += cursor.fetchall()
    for key, petition_id in rows:
        found.setdefault(key, []).append(petition_id)
    return found


def write_many(rows: Iterable[tuple[int, list[int]]], slice_size: int = 5000) -> int:
    """Add many petitions' keys ((petition id, keys) pairs) in a few statements."""
    keys: list[int] = []
    petitions: list[int] = []
    for pk, its_keys in rows:
        distinct = dict.fromkeys(its_keys)
        keys.extend(distinct)
        petitions.extend([pk] * len(distinct))
    # In key order: each chunk's inserts reach the index's pages in one sweep, not at random.
    # numpy sorts a chunk's 40,000 pairs in a third of the time sorting tuples took.
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable").tolist()
    keys = [keys[i] for i in order]
    petitions = [petitions[i] for i in order]
    table = connection.ops.quote_name(RepeatKey._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and keys:
            # Two array literals, not 10,000 placeholders for psycopg to parse (see above).
            cursor.execute(
                f"INSERT INTO {table} (key, petition_id) SELECT * FROM "
                f"unnest(%s::bigint[], %s::bigint[]) ON CONFLICT DO NOTHING",
                [pg_array(keys, "int"), pg_array(petitions, "int")],
            )
            return len(keys)
        for start in range(0, len(keys), slice_size):
            part = range(start, min(start + slice_size, len(keys)))
            values = ", ".join(["(%s, %s)"] * len(part))
            cursor.execute(
                f"INSERT INTO {table} (key, petition_id) VALUES {values} ON CONFLICT DO NOTHING",
                [value for i in part for value in (keys[i], petitions[i])],
            )
    return len(keys)


def clear() -> None:
    RepeatKey.objects.all().delete()
