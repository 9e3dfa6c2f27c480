"""Reads over staff accounts: who works in a unit, who oversees a place."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from xinfang.accounts.models import User


def _active() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def staff_covering(region, roles) -> list[User]:
    """Active users with one of `roles` whose region scope contains `region`."""
    candidates = _active().filter(role__in=roles, region__isnull=False).select_related("region")
    return [u for u in candidates if region.path.startswith(u.region.path)]


def staff_of(unit) -> list[User]:
    return list(_active().filter(unit=unit))


class StaffDirectory:
    """`staff_of` and `staff_covering` for callers that ask thousands of times (the tick):
    every active user is read once (a few hundred rows at most) and the same rules are
    answered from memory, by ids and region paths instead of objects."""

    def __init__(self) -> None:
        self._by_unit: dict[int, list[User]] = defaultdict(list)
        self._by_region: dict[str, list[User]] = defaultdict(list)
        for user in _active().select_related("region"):
            if user.unit_id:
                self._by_unit[user.unit_id].append(user)
            if user.region_id:
                self._by_region[user.region.path].append(user)

    def of(self, unit_id: int, roles: Iterable[str] | None = None) -> list[User]:
        """Like `staff_of`, optionally only those with one of `roles`."""
        staff = self._by_unit.get(unit_id, [])
        if roles is None:
            return list(staff)
        wanted = set(roles)
        return [u for u in staff if u.role in wanted]

    def covering(self, region_path: str, roles: Iterable[str]) -> list[User]:
        """Like `staff_covering`: users with `roles` whose region is `region_path` or above it."""
        wanted = set(roles)
        found: list[User] = []
        parts = region_path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            scope = self._by_region.get("/" + "/".join(parts[:depth]) + "/", [])
            found += [u for u in scope if u.role in wanted]
        return found
