"""PostgreSQL: the search table split in two parts by petition id (hash), each with its own
GIN index under one partitioned index, so that a bulk import's build of the index at the end
runs one build per part at once (see `petitions.search.PARTS`). SQLite: nothing changes.

The names are spelled out here rather than read from `search`: a migration stays what it
was when it ran."""

from django.db import migrations

PARTS = 2


def split(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("DROP INDEX petition_search_document")
    _set_aside(run, "petition_search_whole")
    run(f"{_CREATE} PARTITION BY HASH (petition_id)")
    for part in range(PARTS):
        run(
            f"CREATE TABLE petition_search_p{part} PARTITION OF petition_search "
            f"FOR VALUES WITH (MODULUS {PARTS}, REMAINDER {part})"
        )
    _refill(run, "petition_search_whole")
    for part in range(PARTS):
        run(
            f"CREATE INDEX petition_search_p{part}_document ON petition_search_p{part} "
            "USING gin (document)"
        )
    run("CREATE INDEX petition_search_document ON ONLY petition_search USING gin (document)")
    for part in range(PARTS):
        run(
            f"ALTER INDEX petition_search_document ATTACH PARTITION petition_search_p{part}_document"
        )


def join(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    _set_aside(run, "petition_search_split")
    run("ALTER INDEX petition_search_document RENAME TO petition_search_split_document")
    run(_CREATE)
    _refill(run, "petition_search_split")
    run("CREATE INDEX petition_search_document ON petition_search USING gin (document)")


_CREATE = (
    "CREATE TABLE petition_search (petition_id bigint PRIMARY KEY, document tsvector NOT NULL)"
)


def _set_aside(run, name: str) -> None:
    """The table as it is, renamed with its primary key, for `_refill` to copy from."""
    run(f"ALTER TABLE petition_search RENAME TO {name}")
    run(f"ALTER INDEX petition_search_pkey RENAME TO {name}_pkey")


def _refill(run, name: str) -> None:
    run(f"INSERT INTO petition_search SELECT petition_id, document FROM {name}")
    run(f"DROP TABLE {name}")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0009_no_index_led_by_composite")]
    operations = [migrations.RunPython(split, join)]
