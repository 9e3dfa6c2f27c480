"""Writes to the content class tree: loading the fixture, and administrators' changes.

The administrators' screen (系统管理 → 内容分类, `xinfang.console`) checks that the actor is
an administrator before it calls these, as it does for the holiday calendar: this app sits
below the accounts in the layers. Like the calendar's and the units' edits, a change records
no Event (the timeline's kinds are about cases); the reference stamp's triggers make every
process read the changed tree at once.

The tree keeps one rule throughout: a class is never in use after its parent is retired
(a child's last valid day is never later than its parent's), so the registration picker never
offers a class under a retired one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from xinfang.classes.models import ContentClass
from xinfang.classes.queries import MAX_LEVEL, subtree_ids, users_of
from xinfang.lib.errors import DomainError, Invalid

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NAME_MAX = ContentClass._meta.get_field("name").max_length
CODE_MAX = ContentClass._meta.get_field("code").max_length
SORT_MAX = 9999


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


def _locked(node: ContentClass) -> ContentClass:
    """The class read again under a row lock (two administrators at once: the later one
    decides on what the earlier one saved)."""
    return ContentClass.objects.select_for_update().get(pk=node.pk)


def _details(name: str, keywords: str, sort: int | None, errors: dict) -> tuple[str, str, int]:
    name = (name or "").strip()
    if not name:
        errors["name"] = ["请填写分类名称"]
    elif len(name) > NAME_MAX:
        errors["name"] = [f"分类名称不能超过{NAME_MAX}字"]
    keywords = " ".join(
        (keywords or "").split()
    )  # one space between words, as the classifier splits
    if sort is None:
        sort = 0
    if not 0 <= sort <= SORT_MAX:
        errors["sort"] = [f"排序应为0至{SORT_MAX}之间的整数"]
    return name, keywords, sort


def _same_name_sibling(parent_id: int | None, name: str, exclude: int | None = None) -> bool:
    """Another class in use under the same parent has this name (the picker could not tell
    them apart)."""
    siblings = ContentClass.objects.filter(parent_id=parent_id, name=name, valid_to__isnull=True)
    return siblings.exclude(pk=exclude).exists()


def add_class(
    *,
    parent: ContentClass | None,
    code: str,
    name: str,
    keywords: str = "",
    sort: int | None = None,
) -> ContentClass:
    """A new class under `parent` (None: a new 一级分类), in use from now on, with no first
    day so that a letter received before today may be registered under it."""
    code = (code or "").strip()
    errors: dict[str, list[str]] = {}
    name, keywords, sort = _details(name, keywords, sort, errors)
    with transaction.atomic():
        if parent is not None:
            parent = _locked(parent)
            if parent.level >= MAX_LEVEL:
                errors["parent"] = ["三级分类下不能再设下级分类（分类最多三级）"]
            elif parent.valid_to is not None:
                errors["parent"] = [f"上级分类“{parent.name}”已停用或已定停用日期，不能在其下新增"]
        prefix = parent.code if parent is not None else ""
        if not code:
            errors["code"] = ["请填写分类代码"]
        elif (
            not (code.isascii() and code.isdigit())
            or len(code) != len(prefix) + 2
            or (not code.startswith(prefix))
        ):
            errors["code"] = [
                f"代码应为上级代码“{prefix}”加两位数字，如{prefix}01"
                if prefix
                else "一级分类的代码应为两位数字，如01"
            ]
        elif len(code) > CODE_MAX:
            errors["code"] = [f"代码不能超过{CODE_MAX}位"]
        elif ContentClass.objects.filter(code=code).exists():
            errors["code"] = [f"代码{code}已被使用"]
        if "name" not in errors and _same_name_sibling(parent and parent.pk, name):
            errors["name"] = [f"同一上级下已有在用的分类“{name}”"]
        if errors:
            raise Invalid(errors)
        node = ContentClass(parent=parent, code=code, name=name, keywords=keywords, sort=sort)
        try:
            with transaction.atomic():
                node.save()
        except IntegrityError:  # the same code saved a moment ago by someone else
            raise Invalid({"code": [f"代码{code}已被使用"]}) from None
    return node


@transaction.atomic
def update_class(
    node: ContentClass, *, name: str, keywords: str = "", sort: int | None = None
) -> ContentClass:
    """Rename a class, change its keywords (自动分类的参考词) or its place among its siblings.

    A rename shows on every petition registered under it: a class whose meaning changes
    should be retired and a new one added instead, as the 2018 reorganisation was."""
    errors: dict[str, list[str]] = {}
    name, keywords, sort = _details(name, keywords, sort, errors)
    node = _locked(node)
    if "name" not in errors and _same_name_sibling(node.parent_id, name, exclude=node.pk):
        errors["name"] = [f"同一上级下已有在用的分类“{name}”"]
    if errors:
        raise Invalid(errors)
    node.name, node.keywords, node.sort = name, keywords, sort
    node.save(update_fields=["name", "keywords", "sort"])
    return node


@transaction.atomic
def retire_class(node: ContentClass, last_day: dt.date | None) -> ContentClass:
    """停用: `last_day` is the last day the class may be chosen (registration checks the day
    a petition was received). Its sub-classes must be retired by that day first."""
    if last_day is None:
        raise Invalid({"last_day": ["请填写停用日期"]})
    node = _locked(node)
    if node.valid_from is not None and last_day < node.valid_from:
        raise Invalid({"last_day": [f"停用日期不能早于启用日期{node.valid_from:%Y-%m-%d}"]})
    parent = node.parent
    if parent is not None and parent.valid_to is not None and last_day > parent.valid_to:
        raise Invalid(
            {
                "last_day": [
                    f"停用日期不能晚于上级分类“{parent.name}”的停用日期{parent.valid_to:%Y-%m-%d}"
                ]
            }
        )
    below = ContentClass.objects.filter(pk__in=subtree_ids(node)).exclude(pk=node.pk)
    still = [c.name for c in below if c.valid_to is None or c.valid_to > last_day]
    if still:
        listed = "、".join(f"“{name}”" for name in still[:3]) + (
            f"等{len(still)}个" if len(still) > 3 else ""
        )
        raise Invalid(
            {"last_day": [f"下级分类{listed}在{last_day:%Y-%m-%d}之后仍在使用，请先停用下级分类"]}
        )
    node.valid_to = last_day
    node.save(update_fields=["valid_to"])
    return node


@transaction.atomic
def restore_class(node: ContentClass) -> ContentClass:
    """重新启用: the class is in use again with no last day; only under a parent in use."""
    node = _locked(node)
    parent = node.parent
    if parent is not None and parent.valid_to is not None:
        raise DomainError(f"上级分类“{parent.name}”已停用或已定停用日期，请先重新启用上级分类")
    if _same_name_sibling(node.parent_id, node.name, exclude=node.pk):
        raise DomainError(f"同一上级下已有在用的分类“{node.name}”，不能重新启用同名分类")
    node.valid_to = None
    node.save(update_fields=["valid_to"])
    return node


@transaction.atomic
def delete_class(node: ContentClass) -> None:
    """Delete a class nothing refers to (one added by mistake). A class that petitions,
    sub-classes or rules use is never deleted, only retired: the database refuses too."""
    node = _locked(node)
    users = users_of(node)
    if users:
        raise DomainError(
            f"该分类已被{'、'.join(users)}使用，不能删除（已使用的分类系统禁止删除），"
            "不再使用请停用"
        )
    try:
        with transaction.atomic():
            node.delete()
    except ProtectedError:  # referred to a moment ago
        raise DomainError("该分类已被信访件等记录使用，不能删除，不再使用请停用") from None
