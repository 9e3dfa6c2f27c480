"""Reads over the content class tree."""

from __future__ import annotations

import copy
import datetime as dt

from django.db.models import Q, QuerySet

from xinfang.classes.models import ContentClass
from xinfang.reference.queries import snapshot


def class_by_code(code: str) -> ContentClass | None:
    """The class with this code, its parents attached (from memory while current, see
    `xinfang.reference`). Whether it is valid on a day is the caller's question."""
    found = snapshot().get("classes", _read_classes).get(code)
    return None if found is None else copy.copy(found)  # the kept one stays as it was read


def _read_classes() -> dict[str, ContentClass]:
    nodes = list(ContentClass.objects.all())
    by_id = {node.pk: node for node in nodes}
    for node in nodes:
        node.parent = by_id.get(node.parent_id)  # so `parent.parent` needs no query
    return {node.code: node for node in nodes}


def valid_on(day: dt.date) -> QuerySet[ContentClass]:
    return ContentClass.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def class_choices(day: dt.date) -> list[tuple[int, str]]:
    """Every class valid on `day`, labelled with its full path, in tree order."""
    nodes = {c.pk: c for c in ContentClass.objects.all()}
    valid = set(valid_on(day).values_list("pk", flat=True))

    def label(node: ContentClass) -> list[str]:
        names = [node.name]
        while node.parent_id:
            node = nodes[node.parent_id]
            names.append(node.name)
        return list(reversed(names))

    def sort_key(node: ContentClass) -> list[tuple[int, str]]:
        chain = [node]
        while chain[-1].parent_id:
            chain.append(nodes[chain[-1].parent_id])
        return [(n.sort, n.code) for n in reversed(chain)]

    rows = sorted((n for pk, n in nodes.items() if pk in valid), key=sort_key)
    return [(n.pk, " / ".join(label(n))) for n in rows]


def subtree_ids(node: ContentClass) -> list[int]:
    """The class and all classes below it (the tree has three levels at most)."""
    ids = [node.pk]
    frontier = [node.pk]
    while frontier:
        frontier = list(
            ContentClass.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids
