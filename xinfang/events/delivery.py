"""Handing notifications to the outside world: console log, e-mail, SMS gateway.

The in-app notification row is always written (the bell); delivery is extra, configured by
XINFANG_NOTIFY_BACKENDS (dotted paths), and runs only after the transaction that created the
rows commits, so nobody is told of a step that was rolled back. A failing backend is logged
and never breaks the step or the other backends.

A backend is any class with `send(user, notification)`. Messages carry the event summary and
the matter number only: no petition content leaves the system this way.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Iterable, Sequence
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string

from xinfang.events.models import Event, Notification
from xinfang.petitions.models import Matter

logger = logging.getLogger("xinfang.notify")

DEFAULT_BACKENDS = ["xinfang.events.delivery.ConsoleBackend"]
SMS_TIMEOUT = 5  # seconds


class Backend(Protocol):
    def send(self, user, notification: Notification) -> None: ...


def text_of(notification: Notification) -> str:
    """One line for a phone or a mail subject: summary and matter number."""
    event = notification.event
    matter = event.matter if event.matter_id else None
    suffix = f"（事项{matter.number}）" if matter is not None else ""
    return f"【信访】{event.summary}{suffix}"


class ConsoleBackend:
    """Writes one line per notification to the `xinfang.notify` logger (the default)."""

    def send(self, user, notification: Notification) -> None:
        logger.info("notify %s: %s", user.get_username(), text_of(notification))


class EmailBackend:
    """Django's send_mail to the user's address, when there is one (EMAIL_* settings)."""

    def send(self, user, notification: Notification) -> None:
        if not user.email:
            return
        text = text_of(notification)
        send_mail(text[:78], f"{text}\n\n请登录信访业务系统查看。", None, [user.email])


class HttpSmsBackend:
    """POSTs {"phone", "text"} as JSON to XINFANG_SMS_GATEWAY_URL.

    Users carry no phone field yet; one added later (or a profile exposing `phone`) is used
    as is. Users without a phone are skipped. Gateway errors are logged, not raised.
    """

    def send(self, user, notification: Notification) -> None:
        phone = getattr(user, "phone", "") or ""
        url = getattr(settings, "XINFANG_SMS_GATEWAY_URL", "")
        if not phone or not url:
            return
        body = json.dumps({"phone": phone, "text": text_of(notification)}, ensure_ascii=False)
        request = urllib.request.Request(
            url,
            data=body.encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=SMS_TIMEOUT) as response:
                response.read()
        except Exception as exc:  # the gateway's trouble must not become ours
            logger.warning("sms to user %s failed: %s", user.pk, exc)


def backends() -> list[Backend]:
    """The configured backends, read from settings at call time."""
    paths = getattr(settings, "XINFANG_NOTIFY_BACKENDS", DEFAULT_BACKENDS)
    return [import_string(path)() for path in paths]


def deliver(notifications: Iterable[Notification]) -> int:
    """Send each notification through every backend; returns how many sends succeeded."""
    active = backends()
    if not active:
        return 0
    notifications = list(notifications)
    _attach_matters(notifications)
    sent = 0
    for notification in notifications:
        for backend in active:
            try:
                backend.send(notification.recipient, notification)
                sent += 1
            except Exception:
                logger.exception(
                    "%s failed for notification of event %s",
                    type(backend).__name__,
                    notification.event_id,
                )
    return sent


def deliver_on_commit(notifications: Iterable[Notification]) -> None:
    """Deliver these notifications once the current transaction commits (now if none).

    `notifications` may be lazy (a generator): it is walked only after the commit, and only
    when some backend is configured.
    """
    transaction.on_commit(lambda: deliver(notifications))


def _attach_matters(notifications: Sequence[Notification]) -> None:
    """Load the events' matter numbers in one query, not one per message."""
    missing = {
        n.event.matter_id
        for n in notifications
        if n.event.matter_id and not Event.matter.is_cached(n.event)
    }
    if not missing:
        return
    matters = Matter.objects.only("pk", "number").in_bulk(list(missing))
    for n in notifications:
        if n.event.matter_id in matters and not Event.matter.is_cached(n.event):
            n.event.matter = matters[n.event.matter_id]
