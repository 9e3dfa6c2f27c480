"""Suggest the responsible unit for a matter (分办建议), with the reason for each suggestion.

1. The bureau's routing rules: the most specific rule for the matter's class and place.
2. What similar earlier matters were forwarded to: a vote of their lead units, weighted by
   how similar each matter is.
A unit the matter accuses (检举控告, 第30条) or an inactive unit is never suggested.

`as_of` (a day) limits the second source to what was known before that day: matters received
earlier and the units they had been sent to by then. bench/routing.py measures the
suggestions month by month that way (train on the past, test on the next month). The routing
table is read as it is now: rules carry no dates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from xinfang.classes.models import ContentClass
from xinfang.insight import repeats
from xinfang.insight.index import probe_of
from xinfang.insight.models import RoutingRule
from xinfang.lib import timesource
from xinfang.petitions.models import Assignment, AssignmentRole, Matter
from xinfang.petitions.queries import accused_unit_ids
from xinfang.regions.models import Unit

MAX_SUGGESTIONS = 3


@dataclass
class Route:
    unit: Unit
    reason: str
    source: str  # "rule" or "history"


def suggest_units(user, matter: Matter, *, as_of: dt.date | None = None) -> list[Route]:
    """The rule's unit first, then the units similar earlier matters went to, at most three."""
    barred = accused_unit_ids(matter)  # read once for both sources
    routes = [route for route in (rule_route(matter, barred),) if route is not None]
    for route in history_routes(user, matter, as_of=as_of, barred=barred):
        if all(r.unit.pk != route.unit.pk for r in routes):
            routes.append(route)
    return routes[:MAX_SUGGESTIONS]


def rule_route(matter: Matter, barred: set[int] | None = None) -> Route | None:
    """Source 1: the routing table's unit for the matter's class and place, if allowed."""
    rule = best_rule(matter.content_class_id, matter.region)
    if rule is None:
        return None
    if rule.unit_id in (accused_unit_ids(matter) if barred is None else barred):
        return None
    return Route(rule.unit, f"分办规则：{rule}", "rule")


def best_rule(class_id: int, region) -> RoutingRule | None:
    """The most specific active rule for a class and a place: deepest class, then place."""
    lineage = _class_lineage(class_id)
    places = region.path.strip("/").split("/") if region else []
    best, best_rank = None, None
    rules = RoutingRule.objects.filter(is_active=True, unit__is_active=True).select_related(
        "unit", "content_class", "region"
    )
    for rule in rules:
        if rule.content_class_id is not None and rule.content_class_id not in lineage:
            continue
        if rule.region_id is not None and rule.region.code not in places:
            continue
        rank = (
            lineage.index(rule.content_class_id) + 1 if rule.content_class_id else 0,
            places.index(rule.region.code) + 1 if rule.region_id else 0,
        )
        if best_rank is None or rank > best_rank:
            best, best_rank = rule, rank
    return best


def _class_lineage(class_id: int) -> list[int]:
    """The class and its ancestors, root first."""
    parents = dict(ContentClass.objects.values_list("pk", "parent_id"))
    chain = []
    node = class_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return list(reversed(chain))


def history_routes(
    user, matter: Matter, *, as_of: dt.date | None = None, barred: set[int] | None = None
) -> list[Route]:
    """Source 2: the lead units of similar earlier matters, best-supported first.

    1. Find the matters `user` may see whose petitions resemble the matter's first one
       (insight's repeat scoring; with `as_of`, petitions received before that day only).
    2. Take each one's latest lead unit (with `as_of`, as assigned before that day).
    3. Add up the similarity scores per unit, leaving out barred and inactive units.
    """
    first = matter.petitions.select_related("region").order_by("pk").first()
    if first is None:
        return []
    probe = probe_of(first, first.petitioners.all())
    similar = repeats.find(
        user, probe, exclude_matter_id=matter.pk, limit=10, received_before=as_of
    )
    leads = Assignment.objects.filter(
        matter_id__in=[c.matter.pk for c in similar], role=AssignmentRole.LEAD
    ).select_related("unit")
    if as_of is not None:
        leads = leads.filter(assigned_at__lt=_start_of(as_of))
    latest: dict[int, Assignment] = {}
    for lead in leads.order_by("assigned_at"):
        latest[lead.matter_id] = lead
    barred = accused_unit_ids(matter) if barred is None else barred
    votes: dict[int, float] = defaultdict(float)
    examples: dict[int, list[str]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for candidate in similar:
        lead = latest.get(candidate.matter.pk)
        if lead is None or not lead.unit.is_active or lead.unit_id in barred:
            continue
        votes[lead.unit_id] += candidate.score
        examples[lead.unit_id].append(candidate.matter.number)
        units[lead.unit_id] = lead.unit
    ranked = sorted(votes, key=lambda u: -votes[u])
    return [
        Route(units[u], f"相似事项{'、'.join(examples[u][:2])}由该单位办理", "history")
        for u in ranked
    ]


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight in Beijing time: where a day begins for 'before that day'."""
    return dt.datetime.combine(day, dt.time(), tzinfo=timesource.SHANGHAI)
