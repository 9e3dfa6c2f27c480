"""Backups that can be trusted: a consistent copy of the live database, the attachment
files, and a manifest with a checksum for every file and a row count for every table.

- SQLite: the online backup API copies a consistent snapshot while the system runs (a file
  copy of a live WAL database can miss committed pages or catch a half-written one).
- PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore`.
- Restore checks every checksum before it touches anything, refuses to overwrite a database
  that holds petitions unless forced, and reports the restored row counts against the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from xinfang.lib import timesource
from xinfang.petitions import storage

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


@dataclass(frozen=True)
class Target:
    """Where a restore writes: a database (settings-like dict) and an attachment folder."""

    database: dict
    attachments: Path

    @property
    def vendor(self) -> str:
        return "sqlite" if "sqlite" in self.database["ENGINE"] else "postgresql"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (names from introspection)
        counts[table] = cursor.fetchone()[0]
    return counts


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def create_backup(destination: Path) -> Path:
    """Write a new backup folder under `destination` and return it."""
    folder = (
        destination / f"xinfang-{timesource.now().astimezone(timesource.SHANGHAI):%Y%m%d-%H%M%S}"
    )
    folder.mkdir(parents=True, exist_ok=False)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        database = folder / SQLITE_FILE
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        database = folder / PG_FILE
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={database}"],
             connection.settings_dict)  # fmt: skip
    else:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库")
    files = _copy_attachments(storage.root(), folder / "attachments")
    with connection.cursor() as cursor:
        counts = table_counts(cursor, _tables())
    manifest = {
        "format": FORMAT,
        "created_at": timesource.now().isoformat(),
        "vendor": connection.vendor,
        "migrations": _migrations(),
        "database": {"file": database.name, "sha256": sha256_of(database)},
        "attachments": files,
        "rows": counts,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return folder


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _copy_attachments(source: Path, target: Path) -> dict[str, str]:
    files = {}
    if not source.exists():
        return files
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source).as_posix()
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        files[relative] = sha256_of(copy)
    return files


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{folder} 不是备份目录：缺少 {MANIFEST}") from exc
    except json.JSONDecodeError as exc:
        raise BackupError(f"{folder / MANIFEST} 已损坏：{exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式 {manifest.get('format')!r}")
    return manifest


def verify(folder: Path, manifest: dict) -> None:
    """Every checksum in the manifest, before anything is restored."""
    wrong = []
    database = folder / manifest["database"]["file"]
    if not database.exists() or sha256_of(database) != manifest["database"]["sha256"]:
        wrong.append(manifest["database"]["file"])
    for name, digest in manifest["attachments"].items():
        path = folder / "attachments" / name
        if not path.exists() or sha256_of(path) != digest:
            wrong.append(f"attachments/{name}")
    if wrong:
        raise BackupError("备份文件缺失或校验不符，未恢复任何数据：" + "、".join(wrong[:5]))


def target_from(url: str | None, attachments: str | None) -> Target:
    database = dj_database_url.parse(url) if url else dict(connections["default"].settings_dict)
    return Target(database, Path(attachments) if attachments else storage.root())


def restore(folder: Path, target: Target, *, force: bool = False) -> dict[str, int]:
    """Restore `folder` into `target`; returns the restored row counts per table."""
    manifest = read_manifest(folder)
    if manifest["vendor"] != target.vendor:
        raise BackupError(f"备份来自 {manifest['vendor']}，不能恢复到 {target.vendor}")
    verify(folder, manifest)
    if not force and _holds_petitions(target):
        raise BackupError("目标数据库已有信访件；确认要覆盖时加 --force")
    source = folder / manifest["database"]["file"]
    if target.vendor == "sqlite":
        if str(target.database["NAME"]) == str(connections["default"].settings_dict["NAME"]):
            connections.close_all()  # restoring over this process's own database
        restored = sqlite3.connect(target.database["NAME"])
        backup = sqlite3.connect(source)
        try:
            backup.backup(restored)
        finally:
            backup.close()
            restored.close()
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              str(source)], target.database, database_flag=True)  # fmt: skip
    for name in manifest["attachments"]:
        copy = target.attachments / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / "attachments" / name, copy)
    counts = _counts(target, list(manifest["rows"]))
    if counts != manifest["rows"]:
        different = [t for t in manifest["rows"] if counts.get(t) != manifest["rows"][t]]
        raise BackupError("恢复后的行数与备份清单不符：" + "、".join(different[:5]))
    return counts


def _connect(target: Target):
    if target.vendor == "sqlite":
        return sqlite3.connect(target.database["NAME"])
    import psycopg

    return psycopg.connect(**_pg_params(target.database))


def _holds_petitions(target: Target) -> bool:
    if target.vendor == "sqlite" and not Path(target.database["NAME"]).exists():
        return False
    conn = _connect(target)
    try:
        cursor = conn.cursor()
        tables = (
            "SELECT name FROM sqlite_master WHERE name = 'petitions_petition'"
            if target.vendor == "sqlite"
            else "SELECT tablename FROM pg_tables WHERE tablename = 'petitions_petition'"
        )
        cursor.execute(tables)
        if cursor.fetchone() is None:  # a fresh database
            return False
        cursor.execute("SELECT 1 FROM petitions_petition LIMIT 1")
        return cursor.fetchone() is not None
    finally:
        conn.close()


def _counts(target: Target, tables: list[str]) -> dict[str, int]:
    conn = _connect(target)
    try:
        return table_counts(conn.cursor(), tables)
    finally:
        conn.close()


def _pg_params(database: dict) -> dict:
    params = {"dbname": database["NAME"], "user": database.get("USER") or None,
              "host": database.get("HOST") or None, "port": database.get("PORT") or None,
              "password": database.get("PASSWORD") or None}  # fmt: skip
    return {key: value for key, value in params.items() if value}


def _run(command: list[str], database: dict, *, database_flag: bool = False) -> None:
    params = _pg_params(database)
    flags = [f"--{flag}={params[key]}" for key, flag in
             (("host", "host"), ("port", "port"), ("user", "username")) if key in params]  # fmt: skip
    name = [f"--dbname={params['dbname']}"] if database_flag else [params["dbname"]]
    env = {**os.environ, **({"PGPASSWORD": params["password"]} if "password" in params else {})}
    done = subprocess.run(
        [command[0], *flags, *command[1:], *name], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[:500]}")
