"""The full-text search table behind petitions.search (one per database vendor)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            # No foreign key: Django's flush truncates model tables without CASCADE.
            "CREATE TABLE petition_search (petition_id bigint PRIMARY KEY, document tsvector NOT NULL)"
        )
        schema_editor.execute(
            "CREATE INDEX petition_search_document ON petition_search USING gin (document)"
        )
    else:
        # detail=none: queries only ask "which rows hold all these bigrams", never for
        # positions, so the index stays small. (contentless_delete needs SQLite 3.43.)
        schema_editor.execute(
            "CREATE VIRTUAL TABLE petition_search USING fts5(body, detail=none, tokenize='unicode61')"
        )


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS petition_search")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
