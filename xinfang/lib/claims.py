"""Claiming rows for a reminder, chunk by chunk (the tick's pattern, as healthchecks'
sendalerts): a conditional UPDATE stamps a token on the rows nobody has claimed yet, so two
workers never handle the same row and running again finds nothing left."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

from django.db import transaction
from django.db.models import Model, QuerySet

CHUNK = 500


def claim_in_chunks(
    candidates: QuerySet,
    *,
    order: Sequence[str],
    stamp: str,
    at: dt.datetime,
    handle: Callable[[list[Model]], None],
    related: Sequence[str] = (),
    chunk: int = CHUNK,
) -> int:
    """Claim `candidates` a chunk at a time, setting `stamp` to `at` (the filter of
    `candidates` must exclude stamped rows), and call `handle` with each chunk's rows inside
    the chunk's transaction: when `handle` fails, the claim is undone with it.
    The model needs a `claim` text field. Returns how many rows were handled."""
    handled = 0
    while True:
        with transaction.atomic():
            picked = list(candidates.order_by(*order).values_list("pk", flat=True)[:chunk])
            if not picked:
                return handled
            token = uuid.uuid4().hex
            candidates.filter(pk__in=picked).update(claim=token, **{stamp: at})
            rows = list(
                candidates.model.objects.filter(claim=token).select_related(*related).order_by("pk")
            )
            handle(rows)
            handled += len(rows)
