"""SQLite whose writers queue in the kernel instead of in SQLite's sleeping busy handler.

SQLite lets one writer in at a time. A worker process that finds the write lock taken
sleeps in the busy handler (1, 2, 5, 10, 15 … ms) and is not woken when the lock frees, so
with two worker processes the lock often lies idle while the other one sleeps. An
exclusive `flock` on a file beside the database, taken just before BEGIN IMMEDIATE and
released by COMMIT or ROLLBACK, wakes the next writer as soon as the lock is free.
Writes outside a transaction (autocommit) do not take it and still meet the busy handler.

Every transaction takes it, reads included: with transaction_mode IMMEDIATE (settings) a
read-only atomic block holds SQLite's write lock too, so the file lock only changes how the
waiters are woken. Kept because bench/api.py (`python -m bench.run --part api --backend
sqlite`, 2 gunicorn workers, 8 clients, 20 s runs, alternated, 2026-12-04 on a busy 2-core
machine) registered 43 and 51 petitions/s with it against 36 and 37/s with Django's own
backend; the portal look-up's p95 moved with the machine's load either way (1.6–1.9 s with
it, 1.4–1.7 s without, 50 clients on 2 cores), so no gain there.
"""

from __future__ import annotations

import fcntl

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_file = None
    _writing = False

    def _writer_lock(self):
        """The lock file, or None for an in-memory database (one process only)."""
        name = str(self.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            return None
        if self._writer_file is None:
            self._writer_file = open(f"{name}-writer.lock", "a")  # noqa: SIM115 (kept open)
        return self._writer_file

    def _start_transaction_under_autocommit(self):
        lock = self._writer_lock()
        if lock is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._writing = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer()
            raise

    def _release_writer(self):
        if self._writing:
            fcntl.flock(self._writer_file, fcntl.LOCK_UN)
            self._writing = False

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writer()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_writer()
