"""Two refreshes at once leave one snapshot (PostgreSQL, where they can overlap)."""

from __future__ import annotations

import pytest
from django.db import connection

from xinfang.conftest import at_once
from xinfang.hotspots.actions import refresh_hot_issues
from xinfang.hotspots.models import Snapshot

from .texts import ELEVATOR


@pytest.mark.django_db(transaction=True)
def test_two_refreshes_at_once_leave_one_snapshot(petition):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the refreshes cannot overlap")
    for text in ELEVATOR[:2]:
        petition(text, days_ago=1)
    for _ in range(3):
        results, errors = at_once(refresh_hot_issues, times=4)
        assert not errors
        assert list(Snapshot.objects.values_list("pk", flat=True)) == [max(s.pk for s in results)]
