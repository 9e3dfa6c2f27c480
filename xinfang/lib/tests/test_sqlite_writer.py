"""SQLite writers wait for each other on a file lock, and a commit hands it over."""

from __future__ import annotations

import fcntl
import threading

import pytest
from django.db import connection

from xinfang.lib.sqlite.base import DatabaseWrapper


@pytest.fixture
def on_file(tmp_path, django_db_blocker):
    """Connections to one SQLite file, as two worker processes would open it."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backend")
    opened = []

    def open_one() -> DatabaseWrapper:
        settings = {**connection.settings_dict, "NAME": str(tmp_path / "db.sqlite3")}
        wrapper = DatabaseWrapper(settings, alias=f"file{len(opened)}")
        wrapper.ensure_connection()
        opened.append(wrapper)
        return wrapper

    with django_db_blocker.unblock():  # files of its own, not the test database
        yield open_one
        for wrapper in opened:
            wrapper.close()


def begin(wrapper: DatabaseWrapper) -> None:
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def test_a_second_writer_waits_until_the_first_commits(on_file):
    first, second = on_file(), on_file()
    first.inc_thread_sharing()
    second.inc_thread_sharing()
    begin(first)
    started = threading.Event()

    def write():
        begin(second)
        started.set()
        second.commit()
        second.set_autocommit(True)

    thread = threading.Thread(target=write)
    thread.start()
    assert not started.wait(0.3)  # queued behind the first writer
    first.commit()
    first.set_autocommit(True)
    assert started.wait(5)  # let in once the first commits (the file-lock tests below show how)
    thread.join()


def held(wrapper: DatabaseWrapper) -> bool:
    """Whether another process would have to wait for the writer lock."""
    with open(wrapper._writer_file.name) as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(other, fcntl.LOCK_UN)
        return False


def test_a_writer_holds_the_file_lock_from_begin_to_commit(on_file):
    writer = on_file()
    begin(writer)
    assert held(writer)
    writer.commit()
    writer.set_autocommit(True)
    assert not held(writer)


def test_a_rollback_releases_the_file_lock_too(on_file):
    writer = on_file()
    begin(writer)
    writer.rollback()
    writer.set_autocommit(True)
    assert not held(writer)


def test_an_in_memory_database_takes_no_lock():
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": ":memory:"}, alias="mem")
    assert wrapper._writer_lock() is None
