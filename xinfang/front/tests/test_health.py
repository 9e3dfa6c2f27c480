"""/healthz is ok only while the database accepts writes."""

from __future__ import annotations

import contextlib

import pytest
from django.db import connection


@contextlib.contextmanager
def read_only_database():
    """Make this connection refuse writes, as a read-only file or a standby would."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = 1")
        else:
            cursor.execute("SET default_transaction_read_only = on")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = 0")
            else:
                cursor.execute("SET default_transaction_read_only = off")


def test_it_is_ok_when_the_database_takes_writes(client, db):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"]["writable"] is True


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_when_the_database_refuses_writes(client):
    with read_only_database():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["writable"] is False
