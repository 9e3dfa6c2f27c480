"""Sending the outbox (待发消息): the worker's half of notification delivery.

`notify` queues an OutboxMessage per notification and backend in the step's transaction;
`send_due` (run by `xinfang tick` and, every few seconds, by `xinfang worker`) sends them.
It claims rows the way the tick claims clocks (the healthchecks `sendalerts` shape):
1. pick up to BATCH pending rows whose time has come and which nobody holds, or whose
   holder's claim is older than the claim timeout (that worker died mid-delivery);
2. claim them with one conditional UPDATE that re-checks that condition, writing a fresh
   token and the time into the row and counting the attempt, and commit: the claim outlives
   a crash, and a second worker's UPDATE no longer matches, so it never sends them too;
3. read back exactly the rows carrying the token and send them one by one, outside any
   transaction (a slow server holds no lock), recording each outcome as soon as it is known,
   so a kill resends at most the message that was in flight.
A failed send is tried again after a doubling delay (1 min, 2 min, 4 min …); after
max attempts the row is marked failed, which the admin lists (待发消息, filter 发送失败).
A backend that fails once is left alone for the rest of the run: its other claimed rows
are released untried, so a dead mail server costs one timeout per run, not one per message.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from time import perf_counter

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet

from xinfang.events.delivery import Backend, digest_text, load, text_of
from xinfang.events.models import OutboxMessage, OutboxState
from xinfang.lib import timesource

logger = logging.getLogger("xinfang.notify")

BATCH = 50  # rows claimed at once: small, so a batch is sent well within the claim timeout
MAX_BACKOFF = dt.timedelta(hours=6)


def max_attempts() -> int:
    return getattr(settings, "XINFANG_OUTBOX_MAX_ATTEMPTS", 8)


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed try: the base, doubling, at most 6 hours."""
    base = getattr(settings, "XINFANG_OUTBOX_RETRY_SECONDS", 60)
    return min(dt.timedelta(seconds=base * 2 ** (attempts - 1)), MAX_BACKOFF)


def keep_sent() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "XINFANG_OUTBOX_KEEP_DAYS", 30))


def claim_timeout() -> dt.timedelta:
    """How long a claim holds; longer than a batch can take with every send timing out."""
    return dt.timedelta(seconds=getattr(settings, "XINFANG_OUTBOX_CLAIM_SECONDS", 900))


@dataclass
class OutboxReport:
    """What one run of the outbox did (counts of messages)."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"outbox sent={self.sent} retrying={self.retrying} failed={self.failed}"
            f" in {self.seconds:.2f}s"
        )


def due(now: dt.datetime, skip: set[str] | frozenset[str] = frozenset()) -> QuerySet[OutboxMessage]:
    """Pending rows that may be sent now: unclaimed, or claimed by a worker long gone."""
    qs = OutboxMessage.objects.filter(
        Q(claim="") | Q(claimed_at__lt=now - claim_timeout()),
        state=OutboxState.PENDING,
        next_attempt_at__lte=now,
    )
    return qs.exclude(backend__in=skip) if skip else qs


def send_due() -> OutboxReport:
    """Send every message whose time has come; safe alongside other workers."""
    started = perf_counter()
    report = OutboxReport()
    backends: dict[str, Backend] = {}
    down: set[str] = set()  # backends that failed in this run
    while True:
        messages = _claim(down)
        if not messages:
            break
        for group in _sendings(messages):
            first = group[0]
            if first.backend in down:
                for message in group:
                    _release(message)
                continue
            try:
                if first.backend not in backends:
                    backends[first.backend] = load(first.backend)
                text = (
                    digest_text([m.notification for m in group])
                    if first.digest
                    else text_of(first.notification)
                )
                backends[first.backend].send(first.address, text)
            except Exception as exc:  # whatever the backend raised, the messages stay queued
                down.add(first.backend)
                for message in group:
                    if _failed(message, exc):
                        report.failed += 1
                    else:
                        report.retrying += 1
            else:
                for message in group:
                    _sent(message)
                    report.sent += 1
    report.seconds = perf_counter() - started
    return report


def _sendings(messages: list[OutboxMessage]) -> list[list[OutboxMessage]]:
    """What goes out as one message: each ordinary row alone; a recipient's digest rows
    (same backend and address) together, in the order they were queued."""
    groups: dict[tuple, list[OutboxMessage]] = {}
    for message in messages:
        key = (message.backend, message.address) if message.digest else ("", message.pk)
        groups.setdefault(key, []).append(message)
    return list(groups.values())


def purge_sent() -> int:
    """Delete messages sent more than XINFANG_OUTBOX_KEEP_DAYS ago (the notification, the
    bell's record, stays); failed ones are kept until an admin queues them again."""
    cutoff = timesource.now() - keep_sent()
    deleted, _ = OutboxMessage.objects.filter(state=OutboxState.SENT, sent_at__lt=cutoff).delete()
    return deleted


def _claim(skip: set[str]) -> list[OutboxMessage]:
    now = timesource.now()
    with transaction.atomic():
        candidates = due(now, skip)
        picked = list(candidates.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:BATCH])  # fmt: skip
        if not picked:
            return []
        token = uuid.uuid4().hex
        # The condition is evaluated again on each row as it is updated, so a row another
        # worker claimed meanwhile is skipped (PostgreSQL re-reads it after its lock).
        candidates.filter(pk__in=picked).update(
            claim=token, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(
        OutboxMessage.objects.filter(claim=token)
        .select_related("notification__event__matter")
        .order_by("pk")
    )


def _mine(message: OutboxMessage) -> QuerySet[OutboxMessage]:
    """The row, while this worker's claim on it still holds."""
    return OutboxMessage.objects.filter(pk=message.pk, claim=message.claim)


def _sent(message: OutboxMessage) -> None:
    _mine(message).update(
        state=OutboxState.SENT, sent_at=timesource.now(), claim="", claimed_at=None, last_error=""
    )


def _failed(message: OutboxMessage, exc: Exception) -> bool:
    """Record a failed try; True when it was the last one (the row is then failed)."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    last = message.attempts >= max_attempts()
    logger.warning(
        "outbox message %s via %s to %s failed (attempt %s of %s): %s",
        message.pk, message.backend, message.address, message.attempts, max_attempts(), error,
    )  # fmt: skip
    if last:
        _mine(message).update(state=OutboxState.FAILED, claim="", claimed_at=None, last_error=error)
    else:
        _mine(message).update(
            claim="", claimed_at=None, last_error=error,
            next_attempt_at=timesource.now() + retry_delay(message.attempts),
        )  # fmt: skip
    return last


def _release(message: OutboxMessage) -> None:
    """Give back a claimed row untried (its backend is down in this run)."""
    _mine(message).update(claim="", claimed_at=None, attempts=F("attempts") - 1)
