"""Writes to regions and units: loading the reference tree, creating units."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from xinfang.regions.models import Region, Unit

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@transaction.atomic
def load_regions(path: Path = FIXTURES / "huaihua.json") -> int:
    """Create or update regions from a fixture file (parents listed before children)."""
    rows = json.loads(path.read_text(encoding="utf-8"))["regions"]
    by_code: dict[str, Region] = {}
    for row in rows:
        parent = by_code.get(row["parent"]) or (
            Region.objects.get(code=row["parent"]) if row["parent"] else None
        )
        region = Region.objects.filter(code=row["code"]).first() or Region(code=row["code"])
        region.name = row["name"]
        region.level = row["level"]
        region.parent = parent
        region.population = row["population"]
        region.is_standard = row["is_standard"]
        region.save()
        by_code[region.code] = region
    return len(rows)


def create_unit(
    name: str, kind: str, region: Region, level: str | None = None, phone: str = ""
) -> Unit:
    """Create a unit (or return the existing one with that name)."""
    unit, _ = Unit.objects.get_or_create(
        name=name,
        defaults={"kind": kind, "region": region, "level": level or region.level, "phone": phone},
    )
    return unit
