"""Reads over the content class tree."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

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


LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级"}
MAX_LEVEL = 3


@dataclass(frozen=True)
class TreeRow:
    """One class as the administrators' tree shows it."""

    node: ContentClass
    retired: bool  # its last valid day has passed
    matched: bool  # it matched the search itself (its ancestors are shown for context)

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.node.level, f"{self.node.level}级")


def is_retired(node: ContentClass, day: dt.date) -> bool:
    """停用: its last valid day is before `day` (a future last day is still in use)."""
    return node.valid_to is not None and node.valid_to < day


def tree(day: dt.date, *, search: str = "", hide_retired: bool = False) -> list[TreeRow]:
    """The whole tree in its order (sort, then code, level by level). With `search`, the
    classes whose name contains it or whose code starts with it, under their ancestors;
    with `hide_retired`, no retired class (nor anything below one)."""
    nodes = list(ContentClass.objects.all())
    by_id = {node.pk: node for node in nodes}
    children: dict[int | None, list[ContentClass]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    search = search.strip()
    matched = {
        node.pk
        for node in nodes
        if not search or search in node.name or node.code.startswith(search)
    }
    shown = set(matched)
    for pk in matched:  # a match is shown under its ancestors
        node = by_id[pk]
        while node.parent_id:
            shown.add(node.parent_id)
            node = by_id[node.parent_id]
    rows: list[TreeRow] = []

    def walk(parent_id: int | None) -> None:
        for node in sorted(children.get(parent_id, []), key=lambda n: (n.sort, n.code)):
            retired = is_retired(node, day)
            if node.pk not in shown or (hide_retired and retired):
                continue
            rows.append(TreeRow(node, retired, bool(search) and node.pk in matched))
            walk(node.pk)

    walk(None)
    return rows


def next_child_code(parent: ContentClass | None) -> str:
    """A free code for a new class: the parent's code and the next two digits."""
    prefix = parent.code if parent is not None else ""
    siblings = ContentClass.objects.filter(parent=parent).values_list("code", flat=True)
    numbers = [int(code[len(prefix) :]) for code in siblings if code[len(prefix) :].isdigit()]
    number = max(numbers, default=0) + 1
    return f"{prefix}{number:02d}" if number < 100 else ""


def next_sort(parent: ContentClass | None) -> int:
    sorts = ContentClass.objects.filter(parent=parent).values_list("sort", flat=True)
    return max(sorts, default=0) + 1


def users_of(node: ContentClass) -> list[str]:
    """What refers to the class (its sub-classes, petitions, matters, routing rules …), by
    name: a class anything refers to is never deleted, only retired."""
    found = []
    for relation in ContentClass._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        if relation.related_model is ContentClass:
            if node.children.exists():
                found.append("下级分类")
            continue
        model = relation.related_model
        if model._default_manager.filter(**{relation.field.name: node}).exists():
            found.append(str(model._meta.verbose_name))
    return found
