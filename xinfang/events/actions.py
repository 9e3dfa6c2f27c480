"""Writing to the event log and notifying people of events.

Every other app's actions call `record` (and `notify`) inside their transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from xinfang.events import delivery
from xinfang.events.models import Event, EventKind, Notification, OutboxMessage, OutboxState
from xinfang.lib import clock
from xinfang.lib.bulk import insert_rows

logger = logging.getLogger("xinfang.notify")

EVENT_FIELDS = ("created_at", "actor", "kind", "matter", "petition", "summary", "data")
NOTIFICATION_FIELDS = ("recipient", "event", "created_at")


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


def record_all(
    items: Iterable[dict[str, Any]], *, actor=None, at: dt.datetime | None = None
) -> list[Event]:
    """Write several events by one actor at one moment in one INSERT; the one way events
    are written (`record`, registration, the tick's thousands of reminders).

    Each item has `kind` and optionally `matter` (or `matter_id`), `petition`, `summary`
    (the kind's label when empty) and `data`. Returns the events with their primary keys.
    """
    now = at or clock.now()
    events = []
    for item in items:
        matter, petition = item.get("matter"), item.get("petition")
        if matter is None and petition is not None:
            matter = petition.matter
        event = Event(
            created_at=now, actor=actor, kind=item["kind"], petition=petition,
            summary=item.get("summary") or item["kind"].label, data=item.get("data") or {},
        )  # fmt: skip
        if matter is not None:
            event.matter = matter
        else:
            event.matter_id = item.get("matter_id")
        events.append(event)
    rows = [
        (e.created_at, e.actor_id, str(e.kind), e.matter_id, e.petition_id, e.summary, e.data)
        for e in events
    ]
    ids = insert_rows(Event, EVENT_FIELDS, rows, returning=["id"])
    # One statement takes its ids from the sequence in row order; sorting them does not
    # depend on the order the database reports them in.
    for event, (pk,) in zip(events, sorted(ids), strict=True):
        event.pk = pk
        event._state.adding = False
        event._state.db = connection.alias
    return events


def notify(event: Event, recipients: Iterable) -> int:
    """Put `event` in each recipient's notifications (never the actor's own) and queue
    their e-mail / SMS messages in the outbox, in the caller's transaction."""
    return notify_all([(event, recipients)])


def notify_all(pairs: Iterable[tuple[Event, Iterable]], *, at: dt.datetime | None = None) -> int:
    """`notify` for many events at once (the tick's reminders): one INSERT of notifications
    and one of outbox messages. Returns how many notifications were written.

    A recipient is told of an event once (a second notify of the same event skips them),
    and never of their own action. The messages are sent by the worker
    (xinfang.events.outbox) after this transaction commits; nothing leaves the system here.
    """
    now = at or clock.now()
    wanted: dict[tuple[int, int], Any] = {}
    for event, recipients in pairs:
        for user in recipients:
            if user.pk != event.actor_id:
                wanted.setdefault((user.pk, event.pk), user)
    created = insert_rows(
        Notification,
        NOTIFICATION_FIELDS,
        [(user_id, event_id, now) for user_id, event_id in wanted],
        returning=["id", "recipient", "event"],
        ignore_conflicts=True,
    )
    delivery.enqueue([(pk, wanted[(user_id, event_id)]) for pk, user_id, event_id in created], now)
    return len(created)


def mark_read(user, notification_ids: list[int] | None = None) -> int:
    """Mark some (or all) of `user`'s unread notifications read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=clock.now())


def retry_messages(actor, message_ids: list[int]) -> int:
    """Queue failed outbox messages again, as new (an admin's fix after an outage).

    Only failed rows move; sent or pending ones are left alone. Logged with the actor, as
    the outbox is not a case record and has no timeline.
    """
    with transaction.atomic():
        count = OutboxMessage.objects.filter(
            pk__in=message_ids, state=OutboxState.FAILED
        ).update(
            state=OutboxState.PENDING, attempts=0, next_attempt_at=clock.now(), claim="",
            claimed_at=None,
        )  # fmt: skip
    logger.info("user %s queued %s failed outbox message(s) again", actor.pk, count)
    return count
