"""Reads over the event log and notifications."""

from __future__ import annotations

from django.db.models import Count, F, Max, Q, QuerySet

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


def notification_groups(user, *, unread_only: bool = False):
    """The user's notifications grouped by matter and kind, newest group first: a catch-up
    tick's thousand reminders of one kind on one matter are one row. Each group is a dict
    with `matter`, `kind`, `total`, `unread` and `last` (the newest notification's id)."""
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return (
        qs.values(matter=F("event__matter_id"), kind=F("event__kind"))
        .annotate(
            total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)), last=Max("pk")
        )
        .order_by("-last")
    )


def newest_of(groups) -> list[dict]:
    """The groups of a page with their newest notification (`notification`), in one query."""
    groups = list(groups)
    found = notifications_for_ids([g["last"] for g in groups])
    for group in groups:
        group["notification"] = found[group["last"]]
    return groups


def notifications_for_ids(ids: list[int]) -> dict[int, Notification]:
    return {
        n.pk: n
        for n in Notification.objects.filter(pk__in=ids).select_related(
            "event", "event__actor", "event__petition", "event__matter"
        )
    }


def in_group(user, matter_id: int | None, kind: str) -> QuerySet[Notification]:
    """The user's notifications of one group (see notification_groups)."""
    return Notification.objects.filter(recipient=user, event__matter_id=matter_id, event__kind=kind)
