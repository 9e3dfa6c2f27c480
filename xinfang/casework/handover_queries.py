"""Reads over 交办 batches: what a user may see of them and how far each has come.

An item is seen by whoever may see its matter (the one rule of petitions.queries); a batch
is seen by whoever sees one of its items, and its figures count only the items they see, so
a county leader's page shows the county's part of a city batch and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, When
from django.db.models.functions import TruncDate
from django.http import Http404

from xinfang.casework.models import Handover, HandoverItem, Leader, LeaderLevel
from xinfang.casework.queries import _shown_title, leader_of, settled_date
from xinfang.casework.queries import visible_handover_items as visible_items
from xinfang.lib import timesource
from xinfang.petitions.models import Matter
from xinfang.petitions.queries import visible_petitions

RANKS = {level: i for i, level in enumerate(LeaderLevel.values)}


def handovers_for(user) -> QuerySet[Handover]:
    """The batches `user` sees, newest first, each with `items`, `reported` and `settled`
    counted over the items they see."""
    mine = Q(items__in=visible_items(user))
    return (
        Handover.objects.filter(pk__in=visible_items(user).values("handover_id"))
        .annotate(
            item_count=Count("items", filter=mine),
            reported=Count("items", filter=mine & Q(items__reported_at__isnull=False)),
        )
        .select_related("leader")
        .order_by("-created_at", "-pk")
    )


def access_handover(user, pk: int) -> Handover:
    """The batch if `user` sees one of its items; else 404."""
    found = handovers_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该交办批次")
    return found


def access_item(user, pk: int) -> HandoverItem:
    found = (
        visible_items(user).select_related("handover__leader", "matter", "leader").filter(pk=pk)
    ).first()
    if found is None:
        raise Http404("没有找到该交办事项")
    return found


def items_of(user, handover: Handover) -> QuerySet[HandoverItem]:
    """The batch's items `user` sees, each with `settled_on`, `reported_day` and the
    title `user` may read."""
    return (
        visible_items(user)
        .filter(handover=handover)
        .annotate(
            settled_on=settled_date(),
            reported_day=TruncDate("reported_at", tzinfo=timesource.SHANGHAI),
            shown_title=_shown_title(user),
        )
        .select_related("matter", "matter__region", "leader", "leader__region")
        .order_by("leader__region__code", "leader__name", "pk")
    )


def waiting_reports(user) -> QuerySet[HandoverItem]:
    """The user's leader's 交办 matters still to report on, earliest date first."""
    leader = leader_of(user)
    if leader is None:
        return HandoverItem.objects.none()
    return (
        visible_items(user)
        .filter(leader=leader, reported_at__isnull=True)
        .annotate(shown_title=_shown_title(user))
        .select_related("matter", "handover__leader")
        .order_by("handover__report_by", "pk")
    )


@dataclass
class Progress:
    """How far a set of 交办 matters has come: reported (on time) and settled."""

    leader: Leader | None = None
    total: int = 0
    reported: int = 0
    on_time: int = 0
    settled: int = 0
    items: list[HandoverItem] = field(default_factory=list)

    def add(self, item: HandoverItem, report_by: dt.date) -> None:
        self.total += 1
        self.items.append(item)
        if item.reported_at is not None:
            self.reported += 1
            self.on_time += item.reported_day <= report_by
        self.settled += item.settled_on is not None

    @property
    def report_rate(self) -> str:
        return f"{self.reported * 100 / self.total:.1f}%" if self.total else "—"


def progress(user, handover: Handover) -> tuple[Progress, list[Progress]]:
    """The batch's progress over the items `user` sees, in all and per receiving leader."""
    overall, per = Progress(), {}
    for item in items_of(user, handover):
        overall.add(item, handover.report_by)
        per.setdefault(item.leader_id, Progress(leader=item.leader)).add(item, handover.report_by)
    return overall, list(per.values())


def receivers(me: Leader, matter) -> QuerySet[Leader]:
    """The leaders `me` may hand `matter` to: active, below `me`, over the matter's place;
    the nearest level first (a city leader hands to the county's leaders)."""
    paths = [matter.region.path[:i] for i in range(1, len(matter.region.path) + 1)]
    below = [level for level in LeaderLevel.values if RANKS[level] > RANKS[me.level]]
    order = Case(*(When(level=lv, then=RANKS[lv]) for lv in below), output_field=IntegerField())
    return (
        Leader.objects.filter(is_active=True, level__in=below, region__path__in=paths)
        .select_related("region")
        .annotate(rank=order)
        .order_by("rank", "name", "pk")
    )


MAX_PICKED = 200


def picked_matters(user, numbers: list[str]) -> tuple[list[Matter], list[str]]:
    """The matters of `numbers` (matter numbers, as the case list's checkboxes send them)
    that `user` may see, in the order given, and the numbers not found or not visible."""
    numbers = list(dict.fromkeys(n.strip().upper() for n in numbers if n.strip()))[:MAX_PICKED]
    found = {
        m.number: m
        for m in Matter.objects.filter(
            number__in=numbers, pk__in=visible_petitions(user).values("matter_id")
        ).select_related("region")
    }
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]
