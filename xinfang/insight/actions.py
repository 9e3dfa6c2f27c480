"""Every write of the insight app: the repeat index and dismissed suggestions."""

from __future__ import annotations

from django.db import transaction

from xinfang.events.actions import record
from xinfang.events.models import EventKind
from xinfang.insight import index
from xinfang.insight.models import DismissedMatch, RepeatKey
from xinfang.lib import clock
from xinfang.lib.errors import DomainError


def index_petition(petition, people) -> int:
    """Add a newly registered petition to the repeat index (called inside registration)."""
    return index.write(petition.pk, index.probe_of(petition, people))


def dismiss_match(actor, petition, matter) -> DismissedMatch:
    """Record that `petition` is not a repeat of `matter`, so it is not suggested again."""
    if matter.pk == petition.matter_id:
        raise DomainError("该信访件已属于这个事项", field="matter")
    with transaction.atomic():
        dismissal, created = DismissedMatch.objects.get_or_create(
            petition=petition,
            matter=matter,
            defaults={"dismissed_by": actor, "dismissed_at": clock.now()},
        )
        if created:
            record(
                EventKind.REPEAT_DISMISSED,
                actor=actor,
                petition=petition,
                summary=f"排除重复建议：与事项 {matter.number} 无关",
                data={"matter": matter.number},
            )
    return dismissal


def rebuild(petitions, *, chunk: int = 2000, progress=None) -> int:
    """Re-index `petitions` from scratch (after an import or a restore); returns keys written.

    Idempotent: each chunk's old keys go in the same transaction as its new ones.
    """
    from xinfang.petitions.models import Petition

    written = 0
    ids = list(petitions.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        batch = ids[start : start + chunk]
        rows = Petition.objects.filter(pk__in=batch).select_related("region")
        with transaction.atomic():
            RepeatKey.objects.filter(petition_id__in=batch).delete()
            for petition in rows.prefetch_related("petitioners"):
                written += index_petition(petition, petition.petitioners.all())
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))
    return written
