"""The health check's one write."""

from __future__ import annotations

from django.db import transaction

from xinfang.front.models import Heartbeat
from xinfang.lib import timesource

HEARTBEAT_ID = 1


def beat() -> None:
    """Rewrite the heartbeat row and commit: raises DatabaseError when writes fail."""
    with transaction.atomic():
        Heartbeat.objects.update_or_create(pk=HEARTBEAT_ID, defaults={"beat_at": timesource.now()})
