"""Reads over regions and units."""

from __future__ import annotations

from django.db.models import QuerySet

from xinfang.regions.models import Region, Unit


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
