"""Reads over the event log."""

from __future__ import annotations

from django.db.models import QuerySet

from xinfang.events.models import Event


def timeline(matter) -> QuerySet[Event]:
    """Every event of a matter and its petitions, oldest first."""
    return Event.objects.filter(matter=matter).select_related("actor", "petition")
