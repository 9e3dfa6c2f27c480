"""On PostgreSQL a statement run again and again on a connection is prepared once."""

from __future__ import annotations

import pytest
from django.db import connection

from xinfang.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")


def prepared_count() -> int:
    connection.ensure_connection()
    raw = connection.connection  # psycopg's own, to ask for no preparation of this one
    return raw.execute("SELECT count(*) FROM pg_prepared_statements", prepare=False).fetchone()[0]


def test_it_prepares_a_query_after_the_threshold():
    """Only server-side binding prepares: with client-side binding nothing would be."""
    before = prepared_count()
    threshold = connection.connection.prepare_threshold
    for _ in range(threshold + 1):
        list(Region.objects.filter(code="431202").values_list("name", flat=True))
    assert prepared_count() == before + 1
