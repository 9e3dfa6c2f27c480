"""Writing to the event log. Every other app's actions call `record` inside their transaction."""

from __future__ import annotations

from typing import Any

from xinfang.events.models import Event, EventKind
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
    if matter is None and petition is not None:
        matter = petition.matter
    return Event.objects.create(
        created_at=clock.now(),
        actor=actor,
        kind=kind,
        matter=matter,
        petition=petition,
        summary=summary or kind.label,
        data=data or {},
    )
