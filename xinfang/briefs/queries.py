"""Reads over briefs: who may write and read them, and the year's count against the target."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.briefs.models import Brief

WRITERS = (Role.REGISTRAR, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN)
READERS = (*WRITERS, Role.LEADER)


def may_write(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.region_id
        and (user.role in WRITERS or user.is_superuser) and user.unit and user.unit.is_bureau
    )  # fmt: skip


def may_read(user) -> bool:
    """Briefs belong to a region: staff without one (a department's or a township's) have none
    to read, and the menu does not offer them the page."""
    return bool(
        user.is_authenticated and user.region_id and (user.role in READERS or user.is_superuser)
    )


def visible_briefs(user) -> QuerySet[Brief]:
    """Briefs of the user's region and the places below it; drafts only for writers."""
    if not may_read(user):
        return Brief.objects.none()
    qs = Brief.objects.filter(region__path__startswith=user.region.path).select_related("region")
    return qs if may_write(user) else qs.filter(published_at__isnull=False)


def access_brief(user, pk: int) -> Brief:
    found = visible_briefs(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该简报")
    return found


def year_target() -> int:
    """The seed's target: “全年编写《接访信息》、《呈阅件》50期以上”."""
    return getattr(settings, "XINFANG_BRIEFS_PER_YEAR", 50)


def published_count(region, year: int) -> int:
    return Brief.objects.filter(region=region, year=year, published_at__isnull=False).count()
