"""Reads over the event log and notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from xinfang.events.models import Event, Notification


def timeline(matter) -> QuerySet[Event]:
    """Every event of a matter and its petitions, oldest first."""
    return Event.objects.filter(matter=matter).select_related("actor", "petition")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related(
        "event", "event__actor", "event__petition", "event__matter"
    )
