"""Reads for the supervisor's audit page (查看记录): who looked at which personal data, when,
and why. Only looks at petitions the reader may see are listed, so the audit page never
reveals an accusation (检举控告) or a case outside the reader's scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from xinfang.accounts.models import Role
from xinfang.events.models import Event, EventKind
from xinfang.lib import timesource
from xinfang.petitions.queries import in_scope

# A document carries the petitioner's name and address unmasked: its prints and downloads
# are looks at personal data like the others.
AUDIT_KINDS = (
    EventKind.PERSONAL_DATA_REVEALED,
    EventKind.ATTACHMENT_DOWNLOADED,
    EventKind.DOCUMENT_DOWNLOADED,
)


def may_audit(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.SUPERVISOR, Role.ADMIN)
    )


def looks(
    user, *, actor: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet[Event]:
    """Looks at personal data, downloads of attachments and exports of the case list, newest
    first. An export names no case: it is shown to whom its exporter's work is visible (a
    reader over the exporter's region, or of the same unit). A look at personal data kept on
    a matter rather than a petition (an aid record's recipient) is listed with the matter;
    one kept on no case at all is shown like an export."""
    scope = in_scope(user)
    events = Event.objects.filter(
        Q(kind__in=AUDIT_KINDS, petition__in=scope.values("pk"))
        | Q(kind__in=AUDIT_KINDS, petition__isnull=True, matter__in=scope.values("matter_id"))
        | Q(kind__in=AUDIT_KINDS, petition__isnull=True, matter__isnull=True) & _exporters(user)
        | Q(kind=EventKind.LIST_EXPORTED) & _exporters(user)
    )
    if actor:
        events = events.filter(
            Q(actor__username__icontains=actor) | Q(actor__full_name__icontains=actor)
        )
    if since:
        events = events.filter(created_at__gte=_start_of(since))
    if until:
        events = events.filter(created_at__lt=_start_of(until + dt.timedelta(days=1)))
    return events.select_related("actor", "petition", "matter").order_by("-created_at", "-pk")


def _exporters(user) -> Q:
    if user.is_superuser:
        return Q()
    mine = Q(actor__unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
    if user.region_id:
        mine |= Q(actor__region__path__startswith=user.region.path)
    return mine


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timesource.SHANGHAI)
