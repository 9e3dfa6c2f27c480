"""Backup and restore: a restore into a fresh database holds every row of the original, and
a damaged backup restores nothing."""

from __future__ import annotations

import json
import sqlite3
import uuid

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from xinfang.ops import backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def filled(register, places):
    """Two petitions, one with an attachment, and what the workflow wrote for them."""
    scan = SimpleUploadedFile("信件扫描.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    register(attachments=[scan])
    register(title="工资拖欠三个月", content_class=places.wages)


def _rows(cursor, tables):
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
        found[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return found


@pytest.fixture
def fresh_target(tmp_path):
    """A new, empty database of the same kind as the test database; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"restore_{uuid.uuid4().hex[:8]}"
    params = backup._pg_params(connection.settings_dict)
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    host = params.get("host", "127.0.0.1")
    port = params.get("port", 5432)
    yield f"postgres://{params.get('user', 'postgres')}@{host}:{port}/{name}"
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _target_connection(url):
    target = backup.target_from(url, None)
    if target.vendor == "sqlite":
        return sqlite3.connect(
            target.database["NAME"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
    return psycopg.connect(**backup._pg_params(target.database))


def test_a_restore_into_a_fresh_database_holds_every_row(filled, tmp_path, fresh_target):
    folder = backup.create_backup(tmp_path / "backups")
    restored_files = tmp_path / "restored-attachments"
    call_command(
        "restore", str(folder), database_url=fresh_target, attachments=str(restored_files),
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )  # fmt: skip
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    # Both sides through the raw driver, so values come back in the same Python types.
    if connection.vendor == "sqlite":
        original = _rows(connection.connection.cursor(), tables)
    else:
        with psycopg.connect(**backup._pg_params(connection.settings_dict)) as source:
            original = _rows(source.cursor(), tables)
    target = _target_connection(fresh_target)
    try:
        restored = _rows(target.cursor(), tables)
    finally:
        target.close()
    assert restored == original
    assert sum(len(rows) for rows in original.values()) > 20
    manifest = backup.read_manifest(folder)
    assert len(manifest["attachments"]) == 1
    (name,) = manifest["attachments"]
    assert backup.sha256_of(restored_files / name) == manifest["attachments"][name]


def test_a_damaged_backup_restores_nothing(filled, tmp_path, fresh_target):
    folder = backup.create_backup(tmp_path / "backups")
    manifest = backup.read_manifest(folder)
    (name,) = manifest["attachments"]
    (folder / "attachments" / name).write_bytes(b"tampered")
    with pytest.raises(CommandError, match="校验不符"):
        call_command("restore", str(folder), database_url=fresh_target)
    target = backup.target_from(fresh_target, None)
    assert not backup._holds_petitions(target)


def test_it_refuses_to_overwrite_a_database_with_petitions_unless_forced(filled, tmp_path):
    folder = backup.create_backup(tmp_path / "backups")
    here = backup.Target(dict(connection.settings_dict), tmp_path / "files")
    if connection.vendor == "sqlite":
        pytest.skip("the SQLite test database lives in memory: nothing to overwrite on disk")
    with pytest.raises(backup.BackupError, match="--force"):
        backup.restore(folder, here)


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="缺少 manifest.json"):
        call_command("restore", str(tmp_path))


def test_the_manifest_counts_every_table(filled, tmp_path):
    folder = backup.create_backup(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["rows"]["petitions_petition"] == 2
    assert manifest["migrations"]["petitions"]
