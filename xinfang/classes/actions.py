"""Writes to the content class tree."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from xinfang.classes.models import ContentClass

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def load_classes(path: Path = FIXTURES / "content_classes.json") -> int:
    """Create or update classes from a fixture file, keyed by code (idempotent)."""
    rows = json.loads(path.read_text(encoding="utf-8"))["classes"]
    by_code: dict[str, ContentClass] = {}
    for row in rows:
        node = ContentClass.objects.filter(code=row["code"]).first() or ContentClass(
            code=row["code"]
        )
        node.name = row["name"]
        node.parent = by_code.get(row["parent"]) if row["parent"] else None
        node.valid_from = _date(row["valid_from"])
        node.valid_to = _date(row["valid_to"])
        node.keywords = row["keywords"]
        node.sort = row["sort"]
        node.save()
        by_code[node.code] = node
    return len(rows)
