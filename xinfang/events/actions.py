"""Writing to the event log and notifying people of events.

Every other app's actions call `record` (and `notify`) inside their transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from xinfang.events.models import Event, EventKind, Notification
from xinfang.lib import clock


def record(
    kind: EventKind,
    *,
    actor=None,
    matter=None,
    petition=None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    item = {"kind": kind, "matter": matter, "petition": petition, "summary": summary, "data": data}
    return record_all([item], actor=actor)[0]


def record_all(items: list[dict[str, Any]], *, actor=None) -> list[Event]:
    """Several `record` calls by one actor in one INSERT (registration's hottest path)."""
    now = clock.now()
    events = []
    for item in items:
        matter, petition = item.get("matter"), item.get("petition")
        if matter is None and petition is not None:
            matter = petition.matter
        events.append(
            Event(
                created_at=now,
                actor=actor,
                kind=item["kind"],
                matter=matter,
                petition=petition,
                summary=item.get("summary") or item["kind"].label,
                data=item.get("data") or {},
            )  # fmt: skip
        )
    return Event.objects.bulk_create(events)


def audience() -> Callable[[Event, list], list]:
    """The rule deciding who may be told of an event: `settings.XINFANG_AUDIENCE`, the case
    core's access rule (petitions.queries.audience), which this app may not import.

    Without it nothing is sent: a notification must never reach someone who may not open
    the case it names (检举控告, 第30条).
    """
    path = getattr(settings, "XINFANG_AUDIENCE", "")
    if not path:
        raise ImproperlyConfigured("XINFANG_AUDIENCE must name the notification audience rule")
    return import_string(path)


def notify(event: Event, recipients: Iterable) -> int:
    """Put `event` in the notifications of each recipient who may see its case (never the
    actor's own), and hand them to the delivery backends once the transaction commits.

    The audience rule is applied here, not by the callers, so no step can forget it.
    """
    from xinfang.events import delivery

    now = clock.now()
    people = [u for u in {u.pk: u for u in recipients}.values() if u.pk != event.actor_id]
    rows = [
        Notification(recipient=user, event=event, created_at=now)
        for user in audience()(event, people)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    delivery.deliver_on_commit(rows)
    return len(rows)


def mark_read(user, notification_ids: list[int] | None = None) -> int:
    """Mark some (or all) of `user`'s unread notifications read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=clock.now())
