"""Writing to the event log and notifying people of events.

Every other app's actions call `record` (and `notify`) inside their transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils.module_loading import import_string

from xinfang.events import delivery
from xinfang.events.models import Event, EventKind, Notification, OutboxMessage, OutboxState
from xinfang.lib import timesource
from xinfang.lib.bulk import insert_rows

logger = logging.getLogger("xinfang.notify")

EVENT_FIELDS = ("kind", "matter", "petition", "summary", "data")
NOTIFICATION_FIELDS = ("recipient", "event")


def record(
    kind: EventKind,
    *,
    actor=None,
    matter=None,
    petition=None,
    summary: str = "",
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Write one event, at `at` (the action's moment; now by default)."""
    item = {"kind": kind, "matter": matter, "petition": petition, "summary": summary, "data": data}
    return record_all([item], actor=actor, at=at)[0]


def record_all(
    items: Iterable[dict[str, Any]], *, actor=None, at: dt.datetime | None = None
) -> list[Event]:
    """Write several events by one actor at one moment in one INSERT; the one way events
    are written (`record`, registration, the tick's thousands of reminders).

    Each item has `kind` and optionally `matter` (or `matter_id`), `petition`, `summary`
    (the kind's label when empty) and `data`. Returns the events with their primary keys.
    """
    now = at or timesource.now()
    actor_id = actor.pk if actor is not None else None
    events = []
    for item in items:
        matter, petition = item.get("matter"), item.get("petition")
        if matter is None and petition is not None:
            matter = petition.matter
        # Built by ids (the relation descriptors cost more than the insert for a catch-up
        # tick's tens of thousands); objects the caller passed are kept as cached relations.
        event = Event(
            created_at=now, actor_id=actor_id, kind=item["kind"],
            matter_id=matter.pk if matter is not None else item.get("matter_id"),
            petition_id=petition.pk if petition is not None else None,
            summary=item.get("summary") or item["kind"].label, data=item.get("data") or {},
        )  # fmt: skip
        for field, value in (("actor", actor), ("matter", matter), ("petition", petition)):
            if value is not None:
                Event._meta.get_field(field).set_cached_value(event, value)
        events.append(event)
    rows = [(str(e.kind), e.matter_id, e.petition_id, e.summary, e.data) for e in events]
    same = {"created_at": now, "actor": actor.pk if actor is not None else None}
    ids = insert_rows(Event, EVENT_FIELDS, rows, same=same, returning=["id"])
    # One statement takes its ids from the sequence in row order; sorting them does not
    # depend on the order the database reports them in.
    for event, (pk,) in zip(events, sorted(ids), strict=True):
        event.pk = pk
        event._state.adding = False
        event._state.db = connection.alias
    return events


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


def notify(event: Event, recipients: Iterable, *, at: dt.datetime | None = None) -> int:
    """Put `event` in the notifications of each recipient who may see its case (never the
    actor's own), and queue their e-mail / SMS messages in the outbox, in the caller's
    transaction; `at` is the action's moment (now by default).

    The audience rule is applied here, not by the callers, so no step can forget it.
    """
    people = [u for u in {u.pk: u for u in recipients}.values() if u.pk != event.actor_id]
    return notify_all([(event, audience()(event, people))], at=at)


def notify_all(pairs: Iterable[tuple[Event, Iterable]], *, at: dt.datetime | None = None) -> int:
    """`notify` for many events at once (the tick's reminders): one INSERT of notifications
    and one of outbox messages. Returns how many notifications were written.

    Called once per event, right after it was recorded (a second call for the same event
    and user breaks the one-notification-per-event constraint). A recipient is told once and
    never of their own action. The audience rule is the caller's: `notify` applies it, the
    tick applies the same rule (who_may_know) to its 检举控告 rows. The messages are sent by the worker (xinfang.events.outbox)
    after this transaction commits; nothing leaves the system here.
    """
    now = at or timesource.now()
    wanted: dict[tuple[int, int], Any] = {}
    for event, recipients in pairs:
        for user in recipients:
            if user.pk != event.actor_id:
                wanted.setdefault((user.pk, event.pk), user)
    queue = delivery.backend_paths()
    ids = insert_rows(
        Notification,
        NOTIFICATION_FIELDS,
        list(wanted),
        same={"created_at": now},
        returning=["id"] if queue else (),
    )
    if queue:
        # One statement takes its ids from the sequence in row order.
        created = [(pk, user) for (pk,), user in zip(sorted(ids), wanted.values(), strict=True)]
        delivery.enqueue(created, now)
    return len(wanted)


def mark_read(
    user,
    notification_ids: list[int] | None = None,
    *,
    before: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Mark some (or all) of `user`'s unread notifications read: those named, or those that
    came before `before`; read now, or `at` (the demo's staff read theirs in the past)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    if before is not None:
        qs = qs.filter(created_at__lt=before)
    return qs.update(read_at=at or timesource.now())


def set_daily_digest(user, on: bool) -> None:
    """The user's own choice: SMS and e-mail once a day as one digest, or as they come.
    Messages already queued keep their time; new ones follow the choice."""
    get_user_model().objects.filter(pk=user.pk).update(daily_digest=bool(on))
    user.daily_digest = bool(on)


def retry_messages(actor, message_ids: list[int]) -> int:
    """Queue failed outbox messages again, as new (an admin's fix after an outage).

    Only failed rows move; sent or pending ones are left alone. Logged with the actor, as
    the outbox is not a case record and has no timeline.
    """
    with transaction.atomic():
        count = OutboxMessage.objects.filter(
            pk__in=message_ids, state=OutboxState.FAILED
        ).update(
            state=OutboxState.PENDING, attempts=0, next_attempt_at=timesource.now(), claim="",
            claimed_at=None,
        )  # fmt: skip
    logger.info("user %s queued %s failed outbox message(s) again", actor.pk, count)
    return count
