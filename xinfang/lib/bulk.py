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
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

Row = Sequence[Any]


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Row],
    *,
    returning: Sequence[str] = (),
    ignore_conflicts: bool = False,
) -> list[tuple]:
    """INSERT `rows` (values in the order of `fields`, foreign keys as ids) into `model`'s
    table; returns the `returning` columns of each inserted row, in insertion order.

    With `ignore_conflicts`, rows that break a unique constraint are skipped (and absent
    from the result). Model defaults are not applied: every NOT NULL column is in `fields`.
    """
    if not rows:
        return []
    if connection.vendor not in ("postgresql", "sqlite"):
        return _orm_insert(model, fields, rows, returning, ignore_conflicts)
    meta, quote = model._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    names = ", ".join(quote(field.column) for field in columns)
    insert = f"INSERT INTO {quote(meta.db_table)} ({names})"
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if returning:
        tail += " RETURNING " + ", ".join(quote(meta.get_field(n).column) for n in returning)
    adapt = [_adapter(field) for field in columns]
    values = [
        [convert(value) for convert, value in zip(adapt, row, strict=True)] for row in rows
    ]  # fmt: skip
    result: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column: the statement's size does not grow with the rows.
            arrays, picks = [], []
            for i, field in enumerate(columns):
                json_column = isinstance(field, models.JSONField)
                arrays.append(f"%s::{'text' if json_column else field.db_type(connection)}[]")
                picks.append(f"c{i}::jsonb" if json_column else f"c{i}")
            aliases = ", ".join(f"c{i}" for i in range(len(columns)))
            cursor.execute(
                f"{insert} SELECT {', '.join(picks)} FROM unnest({', '.join(arrays)})"
                f" AS t({aliases}){tail}",
                [list(column) for column in zip(*values, strict=True)],
            )
            if returning:
                result = [tuple(row) for row in cursor.fetchall()]
        else:
            size = max(1, connection.features.max_query_params // len(columns))
            marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
            for at in range(0, len(values), size):
                batch = values[at : at + size]
                params = [value for row in batch for value in row]
                cursor.execute(f"{insert} VALUES {', '.join([marks] * len(batch))}{tail}", params)
                if returning:
                    result += [tuple(row) for row in cursor.fetchall()]
    return result


def _adapter(field: models.Field) -> Callable[[Any], Any]:
    """How one column's Python values become parameters (chosen once per column)."""
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value, ensure_ascii=False)
    if isinstance(field, models.DateTimeField) and connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value
    return lambda value: value


def _orm_insert(model, fields, rows, returning, ignore_conflicts) -> list[tuple]:
    """Other databases: bulk_create (slower, same rows)."""
    attnames = [model._meta.get_field(name).attname for name in fields]
    objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
    created = model.objects.bulk_create(objects, ignore_conflicts=ignore_conflicts)
    if not returning:
        return []
    wanted = [model._meta.get_field(name).attname for name in returning]
    return [tuple(getattr(obj, name) for name in wanted) for obj in created if obj.pk]
