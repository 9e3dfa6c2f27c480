"""The writes of the staff site's own: the health check's heartbeat and saved searches."""

from __future__ import annotations

from django.db import transaction
from django.http import QueryDict

from xinfang.front.models import Heartbeat, SavedSearch
from xinfang.lib import timesource
from xinfang.lib.errors import Invalid

HEARTBEAT_ID = 1


def beat() -> None:
    """Rewrite the heartbeat row and commit: raises DatabaseError when writes fail."""
    with transaction.atomic():
        Heartbeat.objects.update_or_create(pk=HEARTBEAT_ID, defaults={"beat_at": timesource.now()})


MAX_SAVED = 20  # a user's saved searches; more is a filing system, not a shortcut


def save_search(user, *, name: str, query: str, at=None) -> SavedSearch:
    """Save (or replace, by name) the user's case-list filter. Only the list's own query
    string is kept, without its page; refused with a Chinese message when unusable."""
    name = (name or "").strip()
    if not 1 <= len(name) <= 30:
        raise Invalid({"name": ["请填写查询名称（1至30字），如：本月超期件"]})
    params = QueryDict(query or "", mutable=True)
    params.pop("page", None)
    query = params.urlencode()
    if not query:
        raise Invalid({"name": ["当前没有筛选条件，无需保存"]})
    if len(query) > 1000:
        raise Invalid({"name": ["筛选条件过长，无法保存"]})
    with transaction.atomic():
        found = SavedSearch.objects.filter(user=user, name=name).first()
        if found is None and SavedSearch.objects.filter(user=user).count() >= MAX_SAVED:
            raise Invalid({"name": [f"最多保存{MAX_SAVED}个常用查询，请先删除不用的"]})
        found = found or SavedSearch(user=user, name=name)
        found.query, found.created_at = query, at or timesource.now()
        found.save()
    return found


def delete_search(user, pk: int) -> bool:
    """Delete one of the user's own saved searches (another user's is not found)."""
    deleted, _ = SavedSearch.objects.filter(user=user, pk=pk).delete()
    return bool(deleted)
