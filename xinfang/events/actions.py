"""Writing to the event log and notifying people of events.

Every other app's actions call `record` (and `notify`) inside their transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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


def notify(event: Event, recipients: Iterable) -> int:
    """Put `event` in each recipient's notifications (never the actor's own), and hand them
    to the delivery backends once the transaction commits."""
    from xinfang.events import delivery

    now = clock.now()
    rows = [
        Notification(recipient=user, event=event, created_at=now)
        for user in {u.pk: u for u in recipients}.values()
        if user.pk != event.actor_id
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
