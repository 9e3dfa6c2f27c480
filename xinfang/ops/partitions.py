"""Range partitions by year for the tables that grow with history (PostgreSQL only).

`plan(table)` returns the SQL that turns a table into one partitioned by year on a date or
time column, or, for a table already partitioned, the SQL that adds the coming years;
`apply` runs it in one transaction. Years are Chinese calendar years (Asia/Shanghai), a
default partition takes any row outside them, and the next run moves such rows to their year.

What PostgreSQL asks, and what is done about it:
1. Every unique index of a partitioned table must contain the partition column. The primary
   key becomes (id, column); Django still finds rows by id (one index probe per year). A
   table with another unique column (a petition's 编号) is refused: its uniqueness could no
   longer be enforced across years.
2. A foreign key must point at a unique index, so one pointing at the table by id alone
   (a notification's event) cannot stay. It is replaced by statement triggers that refuse the
   same things: a row pointing at a missing one, and deleting a row still pointed at.
   TRUNCATE of the table alone is no longer refused (Django's flush truncates both at once).
3. Identity columns are refused on partitioned tables before PostgreSQL 17: the id takes its
   values from a sequence owned by the column, continuing the old one.
Indexes, check constraints and outgoing foreign keys are recreated under their own names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction

from xinfang.lib import timesource

# The column each table is partitioned on unless told otherwise.
DEFAULT_COLUMN = {
    "events_event": "created_at",
    "workflow_step": "created_at",
    "workflow_clock": "started_on",
    "petitions_petition": "received_on",  # refused: see inspect()
}
KINDS = {"timestamp with time zone": "timestamptz", "date": "date"}


class Refused(Exception):
    """The table cannot be partitioned as asked; the message says why, in Chinese."""


@dataclass
class Table:
    name: str
    column: str
    kind: str  # "timestamptz" or "date"
    partitioned: bool
    years: list[int] = field(default_factory=list)  # years of the rows held
    primary_key: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)  # CREATE INDEX statements
    foreign_keys: list[tuple[str, str]] = field(default_factory=list)  # (name, definition)
    referenced_by: list[tuple[str, str, str]] = field(default_factory=list)  # (name, table, col)
    sequence: str | None = None
    partitions: list[str] = field(default_factory=list)


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def inspect(name: str, column: str | None = None) -> Table:
    """What the conversion needs to know of `name`, read from PostgreSQL's catalogue."""
    if connection.vendor != "postgresql":
        raise Refused("按年分区只适用于 PostgreSQL（SQLite 没有分区表）")
    found = _rows("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [name])
    if not found:
        raise Refused(f"没有表 {name}")
    if found[0][0] == "p" and not column:
        key = _rows("SELECT pg_get_partkeydef(%s::regclass)", [name])[0][0]  # RANGE (column)
        column = key.split("(", 1)[1].rstrip(")")
    column = column or DEFAULT_COLUMN.get(name)
    if not column:
        raise Refused(f"{name} 没有默认的分区列，请用 --by 指定")
    typed = _rows(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
        " WHERE attrelid = %s::regclass AND attname = %s AND NOT attisdropped",
        [name, column],
    )
    if not typed or typed[0][0] not in KINDS:
        raise Refused(f"{name}.{column} 不是日期或时间列，不能按年分区")
    table = Table(name, column, KINDS[typed[0][0]], partitioned=found[0][0] == "p")
    table.partitions = [
        r[0]
        for r in _rows(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass ORDER BY 1",
            [name],
        )
    ]
    table.years = _years(table)
    if table.partitioned:
        return table
    unique = _rows(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE i.indrelid = %s::regclass AND i.indisunique AND NOT i.indisprimary",
        [name],
    )
    if unique:
        what = "；".join(
            f"{index}（{definition.split(' USING ')[-1]}）" for index, definition in unique
        )
        raise Refused(
            f"{name} 有跨年也须唯一的列：{what}。PostgreSQL 分区表的唯一约束必须包含分区列"
            f" {column}，分区后这些唯一性无法再由数据库保证，故不分区"
        )
    table.primary_key = [
        r[0]
        for r in _rows(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
            " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            " WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
            [name],
        )
    ]
    table.indexes = [
        r[0]
        for r in _rows(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = %s::regclass AND NOT indisprimary ORDER BY indexrelid",
            [name],
        )
    ]
    table.foreign_keys = _rows(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [name],
    )
    table.referenced_by = _rows(
        "SELECT c.conname, c.conrelid::regclass::text, a.attname FROM pg_constraint c"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " WHERE c.confrelid = %s::regclass AND c.contype = 'f' AND c.conparentid = 0"
        " ORDER BY c.conname",
        [name],
    )
    if table.primary_key != ["id"]:
        raise Refused(f"{name} 的主键不是 id，本命令只处理 Django 的自增主键表")
    triggers = _rows(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
        [name],
    )
    if triggers:
        raise Refused(f"{name} 有触发器（{', '.join(r[0] for r in triggers)}），本命令不迁移触发器")
    table.sequence = _rows("SELECT pg_get_serial_sequence(%s, 'id')", [name])[0][0]
    return table


def _years(table: Table) -> list[int]:
    local = f"{table.column} AT TIME ZONE %s" if table.kind == "timestamptz" else f"{table.column}"
    params = [settings.TIME_ZONE] * 2 if table.kind == "timestamptz" else []
    row = _rows(
        f"SELECT extract(year FROM min({local}))::int, extract(year FROM max({local}))::int"
        f" FROM {table.name}",
        params,
    )[0]
    return list(range(row[0], row[1] + 1)) if row[0] is not None else []


def _bound(table: Table, year: int) -> str:
    if table.kind == "date":
        return f"'{year}-01-01'"
    offset = dt.datetime(year, 1, 1, tzinfo=timesource.SHANGHAI).strftime("%z")
    return f"'{year}-01-01 00:00:00{offset[:3]}:{offset[3:]}'"


def _partition(table: Table, year: int) -> str:
    return f"{table.name}_y{year}"


def _wanted_years(table: Table, ahead: int) -> list[int]:
    this_year = timesource.today().year
    first = min([*table.years, this_year])
    last = max([*table.years, this_year + ahead])
    return list(range(first, last + 1))


def plan(name: str, column: str | None = None, *, ahead: int = 2) -> list[str]:
    """The statements that partition `name` by year, or add the years it lacks."""
    table = inspect(name, column)
    if table.partitioned:
        return _add_years(table, ahead)
    return _convert(table, ahead)


def _convert(table: Table, ahead: int) -> list[str]:
    t, col = table.name, table.column
    old = f"{t}_unpartitioned"
    seq = f"{t}_id_seq"
    sql = [
        "SET CONSTRAINTS ALL IMMEDIATE",
        f"LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE",
        f"ALTER TABLE {t} RENAME TO {old}",
    ]
    if table.sequence:
        sql.append(f"ALTER SEQUENCE {table.sequence} RENAME TO {old}_id_seq")
    sql += [
        f"CREATE TABLE {t} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
        f" INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ({col})",
        f"CREATE SEQUENCE {seq} OWNED BY {t}.id",
        f"ALTER TABLE {t} ALTER COLUMN id SET DEFAULT nextval('{seq}')",
    ]
    if table.sequence:
        # Continue where the old sequence stood (a sequence ignores rollbacks: not max(id)).
        sql.append(f"SELECT setval('{seq}', last_value, is_called) FROM {old}_id_seq")
    for year in _wanted_years(table, ahead):
        sql.append(
            f"CREATE TABLE {_partition(table, year)} PARTITION OF {t}"
            f" FOR VALUES FROM ({_bound(table, year)}) TO ({_bound(table, year + 1)})"
        )
    sql += [
        f"CREATE TABLE {t}_default PARTITION OF {t} DEFAULT",
        f"INSERT INTO {t} SELECT * FROM {old}",
    ]
    for constraint, referencing, ref_column in table.referenced_by:
        sql.append(f"ALTER TABLE {referencing} DROP CONSTRAINT {constraint}")
        sql += _reference_triggers(t, referencing, ref_column)
    sql += [
        f"DROP TABLE {old}",
        f"ALTER TABLE {t} ADD CONSTRAINT {t}_pkey PRIMARY KEY (id, {col})",
        *table.indexes,
        *(f"ALTER TABLE {t} ADD CONSTRAINT {n} {d}" for n, d in table.foreign_keys),
        f"ANALYZE {t}",
    ]
    return sql


def _reference_triggers(target: str, referencing: str, column: str) -> list[str]:
    """A foreign key's two checks as statement triggers (one query per statement, not per
    row: the tick writes tens of thousands of notifications in one INSERT)."""
    name = f"{referencing}_{column}_fk"
    exists = f"{name}_exists"
    kept = f"{name}_kept"
    missing = (
        f"SELECT 1 FROM new_rows n WHERE n.{column} IS NOT NULL"
        f" AND NOT EXISTS (SELECT 1 FROM {target} t WHERE t.id = n.{column})"
    )
    still = f"SELECT 1 FROM old_rows o JOIN {referencing} r ON r.{column} = o.id"
    sql = [
        f"CREATE FUNCTION {exists}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" IF EXISTS ({missing}) THEN RAISE foreign_key_violation USING MESSAGE ="
        f" '{referencing}.{column} refers to a row missing from {target}'; END IF;"
        f" RETURN NULL; END $$",
        f"CREATE FUNCTION {kept}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" IF EXISTS ({still}) THEN RAISE foreign_key_violation USING MESSAGE ="
        f" 'a deleted {target} row is still referred to by {referencing}.{column}'; END IF;"
        f" RETURN NULL; END $$",
    ]
    for event in ("INSERT", "UPDATE"):
        sql.append(
            f"CREATE TRIGGER {name}_on_{event.lower()} AFTER {event} ON {referencing}"
            f" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {exists}()"
        )
    sql.append(
        f"CREATE TRIGGER {name}_on_delete AFTER DELETE ON {target}"
        f" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {kept}()"
    )
    return sql


def _add_years(table: Table, ahead: int) -> list[str]:
    """Partitions for the years that have none, taking their rows from the default one."""
    t, col = table.name, table.column
    sql = []
    default = f"{t}_default"
    held = set(_years_in_default(table)) if default in table.partitions else set()
    for year in sorted(set(_wanted_years(table, ahead)) | held):
        part = _partition(table, year)
        if part in table.partitions:
            continue
        bounds = f"FROM ({_bound(table, year)}) TO ({_bound(table, year + 1)})"
        if year not in held:
            sql.append(f"CREATE TABLE {part} PARTITION OF {t} FOR VALUES {bounds}")
            continue
        within = f"{col} >= {_bound(table, year)} AND {col} < {_bound(table, year + 1)}"
        sql += [
            f"LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE",
            f"CREATE TABLE {part} (LIKE {t} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
            f"INSERT INTO {part} SELECT * FROM {default} WHERE {within}",
            f"DELETE FROM {default} WHERE {within}",
            f"ALTER TABLE {t} ATTACH PARTITION {part} FOR VALUES {bounds}",
        ]
    return sql


def _years_in_default(table: Table) -> list[int]:
    holding = Table(f"{table.name}_default", table.column, table.kind, partitioned=False)
    return _years(holding)


def apply(statements: list[str]) -> None:
    """Run the plan in one transaction: on any failure nothing has changed."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def layout(name: str) -> list[tuple[str, int]]:
    """Each partition of `name` and the rows it holds, counted (for the command's report)."""
    counts = dict(_rows(f"SELECT tableoid::regclass::text, count(*) FROM {name} GROUP BY 1"))
    return [(part, counts.get(part, 0)) for part in inspect(name).partitions]
