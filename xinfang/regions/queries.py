"""Reads over regions and units."""

from __future__ import annotations

import copy

from django.db.models import QuerySet

from xinfang.reference.queries import snapshot
from xinfang.regions.models import Region, Unit


def region_by_code(code: str) -> Region | None:
    """The region with this code (from memory while current, see `xinfang.reference`)."""
    found = snapshot().get("regions", _read_regions).get(code)
    return None if found is None else copy.copy(found)  # the kept one stays as it was read


def _read_regions() -> dict[str, Region]:
    return {region.code: region for region in Region.objects.all()}


def subtree(region: Region) -> QuerySet[Region]:
    """The region and every region below it (one prefix query on the materialised path)."""
    return Region.objects.filter(path__startswith=region.path)


def region_choices() -> list[tuple[int, str]]:
    """Regions for a select box, indented by depth."""
    rows = Region.objects.order_by("path").values_list("pk", "name", "code", "path")
    return [
        (pk, f"{'　' * (path.count('/') - 2)}{name}（{code}）") for pk, name, code, path in rows
    ]


def active_units() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).select_related("region")
