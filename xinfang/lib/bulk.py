"""Inserting many rows of one model in one statement, without building model instances.

A catch-up tick (the first after an import or an outage) writes tens of thousands of events,
notifications and outbox messages; bulk_create's per-value preparation then costs more than
the insert itself (measured on PostgreSQL: 25,000 events 1.1 s against 0.45 s, 50,000
notifications 1.4 s against 0.26 s). `insert_rows` writes the same rows with one statement:
on PostgreSQL one INSERT … SELECT FROM unnest(arrays), one array per column, whatever the
number of rows; on SQLite multi-row VALUES in batches of the parameter limit.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL

Row = Sequence[Any]


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Row],
    *,
    same: dict[str, Any] | None = None,
    returning: Sequence[str] = (),
    ignore_conflicts: bool = False,
) -> list[tuple]:
    """INSERT `rows` (values in the order of `fields`, foreign keys as ids) into `model`'s
    table; returns the `returning` columns of each inserted row, in insertion order.

    `same` holds columns whose value is the same in every row (a timestamp, a state): on
    PostgreSQL they are sent once, not once per row. With `ignore_conflicts`, rows that break
    a unique constraint are skipped (and absent from the result). Model defaults are not
    applied: every NOT NULL column is in `fields` or `same`.
    """
    if not rows:
        return []
    same = dict(same or {})
    if connection.vendor not in ("postgresql", "sqlite"):
        fields = [*fields, *same]
        rows = [(*row, *same.values()) for row in rows]
        return _orm_insert(model, fields, rows, returning, ignore_conflicts)
    meta, quote = model._meta, connection.ops.quote_name
    # Column by column: each column's values are adapted in one pass, and a column that is
    # NULL in every row (an event without petition) is sent once like the constants.
    varying: list[tuple[models.Field, list]] = []
    columns = list(zip(fields, zip(*rows, strict=True), strict=True))
    for i, (name, values) in enumerate(columns):
        last_chance = not varying and i == len(columns) - 1  # unnest needs one array
        if not last_chance and all(value is None for value in values):
            same[name] = None
        else:
            field = meta.get_field(name)
            varying.append((field, _adapt_all(field, values)))
    constants = [
        (meta.get_field(name), _adapt(meta.get_field(name), v)) for name, v in same.items()
    ]
    everything = [field for field, _ in varying] + [field for field, _ in constants]
    insert = (
        f"INSERT INTO {quote(meta.db_table)}"
        f" ({', '.join(quote(field.column) for field in everything)})"
    )
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if returning:
        tail += " RETURNING " + ", ".join(quote(meta.get_field(n).column) for n in returning)
    result: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column: the statement's size does not grow with the rows.
            arrays = [f"%s::{_array_type(field)}[]" for field, _ in varying]
            picks = [
                f"c{i}::jsonb" if isinstance(field, models.JSONField) else f"c{i}"
                for i, (field, _) in enumerate(varying)
            ]
            # The constants' placeholders come first in the text (in the SELECT list).
            params = [value for _, value in constants] + [
                pg_array(values, _literal_kind(field)) for field, values in varying
            ]
            picks += [f"%s::{field.db_type(connection)}" for field, _ in constants]
            aliases = ", ".join(f"c{i}" for i in range(len(varying)))
            cursor.execute(
                f"{insert} SELECT {', '.join(picks)} FROM unnest({', '.join(arrays)})"
                f" AS t({aliases}){tail}",
                params,
            )
            if returning:
                result = [tuple(row) for row in cursor.fetchall()]
        else:
            fixed = tuple(value for _, value in constants)
            width = len(everything)
            size = max(1, _sqlite_parameter_limit() // width)
            marks = "(" + ", ".join(["%s"] * width) + ")"
            by_row = list(zip(*(values for _, values in varying), strict=True))
            for at in range(0, len(by_row), size):
                batch = by_row[at : at + size]
                params = [value for row in batch for value in (*row, *fixed)]
                cursor.execute(f"{insert} VALUES {', '.join([marks] * len(batch))}{tail}", params)
                if returning:
                    result += [tuple(row) for row in cursor.fetchall()]
    return result


def insert_dicts(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, returning: Sequence[str] = ()
) -> list[tuple]:
    """`insert_rows` for rows given as attname → value dicts (every row with the keys of the
    first); the columns no row names take their field's default, as bulk_create gives them
    (a callable default is called once: the value is the same in every row)."""
    if not rows:
        return []
    names = list(rows[0])
    same = {
        field.attname: field.get_default()
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated and field.attname not in rows[0]
    }
    values = [tuple(row[name] for name in names) for row in rows]
    return insert_rows(model, names, values, same=same, returning=returning)


def pg_array(values: Sequence[Any], kind: str = "text") -> str:
    """A PostgreSQL array literal of one column's values ('{1,2,NULL}', '{"a","b"}'), for a
    parameter cast to the column's array type. Made with str.join: psycopg adapts a list
    element by element in Python, 8 s of a 20,000-row ledger import's 61 (profiled,
    bench/imports.py). `kind`: "int", "bool" or "text" (anything else, as its str())."""
    if kind == "int":
        joined = ",".join(map(str, values))  # in C; checked, else value by value below
        if _INTEGERS.fullmatch(joined):
            return "{" + joined + "}"
        return "{" + ",".join("NULL" if v is None else str(int(v)) for v in values) + "}"
    if kind == "bool":
        return "{" + ",".join("NULL" if v is None else "t" if v else "f" for v in values) + "}"
    return "{" + ",".join("NULL" if v is None else _quoted(str(v)) for v in values) + "}"


_INTEGERS = re.compile(r"-?[0-9]+(?:,-?[0-9]+)*")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _literal_kind(field: models.Field) -> str:
    target = field.target_field if field.is_relation else field
    if isinstance(target, models.BooleanField):
        return "bool"
    if isinstance(target, (models.IntegerField, models.AutoField)):
        return "int"
    return "text"


def id_list(ids: Sequence[int]):
    """`ids` for a `pk__in=` filter as one parameter (a JSON list on SQLite, an array on
    PostgreSQL) instead of one per id: Django prepares an IN list's values one by one, 8 s
    of a 100,000-row ledger import's reads of earlier petitions (bench/imports.py)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [pg_array(ids, "int")])
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps([int(i) for i in ids])])
    return list(ids)


def rows_up_to(table: str, limit: int) -> int:
    """How many rows `table` holds, counted no further than `limit` (whether a bulk load is
    larger than what is there, without counting a large table to the end)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT %s) AS t",
            [limit],
        )
        return cursor.fetchone()[0]


def _sqlite_parameter_limit() -> int:
    """The compiled limit (32,766 since SQLite 3.32), not Django's portable 999: fewer,
    larger statements."""
    connection.ensure_connection()
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _array_type(field: models.Field) -> str:
    """The element type a column's values are sent as (strings as text: the column's own
    type still checks their length on insert)."""
    if isinstance(field, (models.JSONField, models.CharField, models.TextField)):
        return "text"
    return field.db_type(connection)


def _adapt(field: models.Field, value: Any) -> Any:
    return _adapt_all(field, (value,))[0]


def _adapt_all(field: models.Field, values: Sequence[Any]) -> list:
    """One column's Python values as parameters."""
    if isinstance(field, models.JSONField):
        return [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
    if isinstance(field, models.DateTimeField) and connection.vendor == "sqlite":
        # Each distinct value once: a bulk import's rows share a few hundred timestamps, and
        # Django's adaptation was a third of its inserts' time (bench/imports.py).
        adapted: dict[Any, Any] = {}
        adapt = connection.ops.adapt_datetimefield_value
        return [adapted[v] if v in adapted else adapted.setdefault(v, adapt(v)) for v in values]
    return list(values)


def _orm_insert(model, fields, rows, returning, ignore_conflicts) -> list[tuple]:
    """Other databases: bulk_create (slower, same rows)."""
    attnames = [model._meta.get_field(name).attname for name in fields]
    objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
    created = model.objects.bulk_create(objects, ignore_conflicts=ignore_conflicts)
    if not returning:
        return []
    wanted = [model._meta.get_field(name).attname for name in returning]
    return [tuple(getattr(obj, name) for name in wanted) for obj in created if obj.pk]
