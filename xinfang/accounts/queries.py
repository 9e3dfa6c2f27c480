"""Reads over staff accounts."""

from __future__ import annotations

from xinfang.accounts.models import User


def staff_covering(region, roles) -> list[User]:
    """Active users with one of `roles` whose region scope contains `region`."""
    candidates = User.objects.filter(
        is_active=True, role__in=roles, region__isnull=False
    ).select_related("region")
    return [u for u in candidates if region.path.startswith(u.region.path)]


def staff_of(unit) -> list[User]:
    return list(User.objects.filter(is_active=True, unit=unit))
