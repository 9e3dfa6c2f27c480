"""Telling people outside the system: console log, e-mail, SMS gateway.

The in-app notification row is always written (the bell); messages are extra, configured by
XINFANG_NOTIFY_BACKENDS (dotted paths). `notify` queues one outbox row per notification and
backend that can reach the recipient (`enqueue`), in the transaction of the step, so nobody
is told of a step that was rolled back and no request ever waits on a mail server; the
worker sends the rows later (xinfang.events.outbox).

A backend is any class with `address(user)` ("" when it cannot reach that user) and
`send(address, text)`, which raises when the message did not go out (the worker then tries
again later). Messages carry the event summary and the matter number only: no petition
content leaves the system this way.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.request
from collections.abc import Sequence
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from xinfang.events.models import Notification, OutboxMessage, OutboxState
from xinfang.lib import timesource
from xinfang.lib.bulk import insert_rows

logger = logging.getLogger("xinfang.notify")

DEFAULT_BACKENDS = ["xinfang.events.delivery.ConsoleBackend"]
SMS_TIMEOUT = 5  # seconds
OUTBOX_FIELDS = ("notification", "address")
DIGEST_LINES = 10  # lines of a digest message; the rest are counted


class Backend(Protocol):
    def address(self, user) -> str: ...

    def send(self, address: str, text: str) -> None: ...


def text_of(notification: Notification) -> str:
    """One line for a phone or a mail subject: summary and matter number."""
    event = notification.event
    matter = event.matter if event.matter_id else None
    suffix = f"（事项{matter.number}）" if matter is not None else ""
    return f"【信访】{event.summary}{suffix}"


class ConsoleBackend:
    """Writes one line per notification to the `xinfang.notify` logger (the default)."""

    def address(self, user) -> str:
        return user.get_username()

    def send(self, address: str, text: str) -> None:
        logger.info("notify %s: %s", address, text)


class EmailBackend:
    """Django's send_mail to the user's address, when there is one (EMAIL_* settings;
    EMAIL_TIMEOUT bounds how long one worker waits for a dead server)."""

    def address(self, user) -> str:
        return user.email or ""

    def send(self, address: str, text: str) -> None:
        send_mail(text[:78], f"{text}\n\n请登录信访业务系统查看。", None, [address])


class HttpSmsBackend:
    """POSTs {"phone", "text"} as JSON to XINFANG_SMS_GATEWAY_URL, to the staff member's
    phone (User.phone, E.164). Users without a phone are not sent to."""

    def address(self, user) -> str:
        if not getattr(settings, "XINFANG_SMS_GATEWAY_URL", ""):
            return ""
        return getattr(user, "phone", "") or ""

    def send(self, address: str, text: str) -> None:
        body = json.dumps({"phone": address, "text": text}, ensure_ascii=False)
        request = urllib.request.Request(
            settings.XINFANG_SMS_GATEWAY_URL,
            data=body.encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        # An HTTP error status raises here too (urllib's HTTPError): the message stays queued.
        with urllib.request.urlopen(request, timeout=SMS_TIMEOUT) as response:
            response.read()


def backend_paths() -> list[str]:
    """The configured backends' dotted paths, read from settings at call time."""
    return list(getattr(settings, "XINFANG_NOTIFY_BACKENDS", DEFAULT_BACKENDS))


def load(path: str) -> Backend:
    return import_string(path)()


def next_digest_at(now: dt.datetime) -> dt.datetime:
    """The next digest moment after `now`: XINFANG_DIGEST_HOUR o'clock, Beijing time."""
    hour = getattr(settings, "XINFANG_DIGEST_HOUR", 8)
    local = now.astimezone(timesource.SHANGHAI)
    at = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return at if at > local else at + dt.timedelta(days=1)


def enqueue(notifications: Sequence[tuple[int, object]], now: dt.datetime) -> int:
    """Queue one outbox message per (notification id, recipient) and configured backend
    that can reach the recipient; one INSERT per backend and sending time. Returns how many
    were queued. A recipient who chose the daily digest (User.daily_digest) has theirs held
    until the next digest moment, to go out as one message (outbox.send_due).

    Called by `notify_all` in the transaction that writes the notifications, so messages
    and notifications commit (or roll back) together.
    """
    if not notifications:
        return 0
    queued = 0
    digest_at = next_digest_at(now)
    for path in backend_paths():
        backend = load(path)
        for digest in (False, True):
            rows = [
                (pk, address)
                for pk, user in notifications
                if bool(getattr(user, "daily_digest", False)) == digest
                and (address := backend.address(user))
            ]
            if not rows:
                continue
            # One INSERT per backend and time, whose path (like the times and the state) is
            # sent once.
            same = {
                "backend": path, "state": OutboxState.PENDING.value, "attempts": 0,
                "created_at": now, "next_attempt_at": digest_at if digest else now,
                "claim": "", "last_error": "", "digest": digest,
            }  # fmt: skip
            insert_rows(OutboxMessage, OUTBOX_FIELDS, rows, same=same)
            queued += len(rows)
    return queued


def digest_text(notifications: Sequence[Notification]) -> str:
    """One message for a day's notifications: a count and the first lines."""
    lines = [text_of(n).removeprefix("【信访】") for n in notifications[:DIGEST_LINES]]
    more = len(notifications) - len(lines)
    tail = f"\n……另有{more}条，请登录系统查看" if more > 0 else ""
    body = "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))
    return f"【信访】每日通知汇总（{len(notifications)}条）\n{body}{tail}"
