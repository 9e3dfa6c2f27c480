"""The reference stamp and the triggers that change it (PostgreSQL and SQLite)."""

from django.db import migrations, models

# The tables the reference snapshot keeps; a table added later gets its triggers in a new
# migration.
WATCHED = (
    ("regions", "Region"),
    ("regions", "Unit"),
    ("classes", "ContentClass"),
    ("holidays", "DayOverride"),
    ("holidays", "OfficialYear"),
    ("workflow", "TimeLimit"),
    ("insight", "AttentionWord"),
)

PG_FUNCTION = """
CREATE SEQUENCE reference_stamp_seq;
CREATE FUNCTION reference_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO reference_stamp (id, value) VALUES (1, nextval('reference_stamp_seq'))
    ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;
    RETURN NULL;
END $$;
"""
PG_TRIGGER = """
CREATE TRIGGER reference_stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION reference_stamp_bump();
"""
# SQLite has row triggers only, one per event.
SQLITE_TRIGGER = """
CREATE TRIGGER reference_stamp_{table}_{event} AFTER {event} ON "{table}" BEGIN
    INSERT INTO reference_stamp (id, value) VALUES (1, random())
    ON CONFLICT (id) DO UPDATE SET value = excluded.value;
END;
"""


def tables(apps) -> list[str]:
    return [apps.get_model(app, model)._meta.db_table for app, model in WATCHED]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table in tables(apps):
            schema_editor.execute(PG_TRIGGER.format(table=table))
        schema_editor.execute(
            "INSERT INTO reference_stamp (id, value) VALUES (1, nextval('reference_stamp_seq'))"
        )
    elif vendor == "sqlite":
        for table in tables(apps):
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event))
        schema_editor.execute("INSERT INTO reference_stamp (id, value) VALUES (1, random())")
    # Another database gets no triggers and no row: every read then loads afresh.


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in tables(apps):
        if vendor == "postgresql":
            schema_editor.execute(f'DROP TRIGGER reference_stamp_{table} ON "{table}"')
        elif vendor == "sqlite":
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(f"DROP TRIGGER reference_stamp_{table}_{event}")
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION reference_stamp_bump(); DROP SEQUENCE reference_stamp_seq"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("regions", "0001_initial"),
        ("classes", "0001_initial"),
        ("holidays", "0001_initial"),
        ("workflow", "0002_default_limits"),
        ("insight", "0003_attentionword"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferenceStamp",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("value", models.BigIntegerField()),
            ],
            options={"verbose_name": "基础数据版本", "db_table": "reference_stamp"},
        ),
        migrations.RunPython(install, uninstall),
    ]
