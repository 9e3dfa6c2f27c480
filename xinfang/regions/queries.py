"""Reads over regions and units."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.db.models import QuerySet

from xinfang.lib.errors import DomainError
from xinfang.reference.queries import snapshot
from xinfang.regions.models import Region, Unit, UnitKind


@dataclass(frozen=True)
class _Places:
    by_code: dict[str, Region]
    by_id: dict[int, Region]
    units: dict[int, Unit]  # each with its region attached


def _places() -> _Places:
    """Regions and units from memory while current (see `xinfang.reference`)."""
    return snapshot().get("places", _read_places)


def _read_places() -> _Places:
    regions = list(Region.objects.all())
    by_id = {region.pk: region for region in regions}
    units = {}
    for unit in Unit.objects.all():
        unit.region = by_id[unit.region_id]
        units[unit.pk] = unit
    return _Places({region.code: region for region in regions}, by_id, units)


def _handed_out(found):
    return None if found is None else copy.copy(found)  # the kept one stays as it was read


def region_by_code(code: str) -> Region | None:
    return _handed_out(_places().by_code.get(code))


def region_by_id(pk: int) -> Region | None:
    return _handed_out(_places().by_id.get(pk))


def unit_by_id(pk: int) -> Unit | None:
    """The unit with its region (`unit.region` needs no query)."""
    return _handed_out(_places().units.get(pk))


def subtree(region: Region) -> QuerySet[Region]:
    """The region and every region below it (one prefix query on the materialised path)."""
    return Region.objects.filter(path__startswith=region.path)


def region_choices() -> list[tuple[int, str]]:
    """Regions for a select box, indented by depth."""
    rows = Region.objects.order_by("path").values_list("pk", "name", "code", "path")
    return [
        (pk, f"{'　' * (path.count('/') - 2)}{name}（{code}）") for pk, name, code, path in rows
    ]


def regions_under(roots) -> list[tuple[int, str]]:
    """Regions at or below any of `roots`, indented by depth, for a select box."""
    paths = [r.path for r in roots]
    rows = Region.objects.order_by("path").values_list("pk", "name", "path")
    return [
        (pk, f"{'　' * (path.count('/') - 2)}{name}")
        for pk, name, path in rows
        if any(path.startswith(p) for p in paths)
    ]


def receiving_bureau(region: Region) -> Unit:
    """The petition bureau responsible for a 问题属地: the nearest active 信访局 at the region
    or above it (a township's county bureau, the city bureau for the city itself)."""
    codes = [c for c in region.path.strip("/").split("/") if c]
    bureaus = {
        u.region.code: u
        for u in Unit.objects.filter(
            kind=UnitKind.BUREAU, is_active=True, region__code__in=codes
        ).select_related("region")
    }
    for code in reversed(codes):
        if code in bureaus:
            return bureaus[code]
    raise DomainError("该属地暂无受理网上信访的信访部门", field="region")


def bureau_above(unit: Unit) -> Unit | None:
    """The petition bureau one level above `unit`'s region (上一级), if there is one."""
    region = unit.region
    if not region.parent_id:
        return None
    try:
        return receiving_bureau(region.parent)
    except DomainError:
        return None
