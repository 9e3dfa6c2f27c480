"""The demo's logins: each bureau's staff, and one handler for every unit that gets matters."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from xinfang.accounts.models import Role, User
from xinfang.demo import mix, people
from xinfang.demo.places import (
    CITY_CODE,
    COUNTIES,
    RESETTLEMENT_UNIT,
    TOWNSHIP_SLUGS,
    TOWNSHIP_UNITS,
)
from xinfang.events import actions as events
from xinfang.regions.models import Region, Unit

PASSWORD = "xinfang2026"


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: str
    unit: str
    region: str | None  # region code
    may_handle_accusations: bool = False
    is_admin: bool = False


def user_specs(areas: list[Region]) -> list[UserSpec]:
    """Bureau staff first (the documented logins), then the units' handlers."""
    bureau = mix.CITY_BUREAU
    specs = [
        UserSpec("city-registrar", Role.REGISTRAR, bureau, CITY_CODE, may_handle_accusations=True),
        UserSpec("city-handler", Role.HANDLER, bureau, CITY_CODE),
        UserSpec("city-leader", Role.LEADER, bureau, CITY_CODE),
        UserSpec("city-supervisor", Role.SUPERVISOR, bureau, CITY_CODE),
        UserSpec("city-admin", Role.ADMIN, bureau, CITY_CODE, is_admin=True),
        UserSpec("city-discipline", Role.HANDLER, mix.CITY_DISCIPLINE, None, True),
        UserSpec("city-housing", Role.HANDLER, "怀化市住房和城乡建设局", None),
        UserSpec("city-hrss", Role.HANDLER, "怀化市人力资源和社会保障局", None),
    ]
    for county in areas:
        facts = COUNTIES.get(county.code)
        if facts is None:
            continue
        for suffix, role in (("registrar", Role.REGISTRAR), ("handler", Role.HANDLER),
                             ("leader", Role.LEADER), ("supervisor", Role.SUPERVISOR)):  # fmt: skip
            specs.append(
                UserSpec(f"{facts.slug}-{suffix}", role, f"{county.name}信访局", county.code)
            )
    taken = {s.username for s in specs}
    return specs + [s for s in unit_handler_specs(areas) if s.username not in taken]


def unit_handler_specs(areas: list[Region]) -> list[UserSpec]:
    """A 经办人 for each department, township, discipline and 政法 unit of the demo."""
    units = [(f"city-{slug}", name) for name, slug in mix.CITY_UNIT_SLUGS.items()]
    for county in areas:
        facts = COUNTIES.get(county.code)
        if facts is not None:
            units += [
                (f"{facts.slug}-{slug}", f"{county.name}{suffix}")
                for suffix, slug in mix.COUNTY_UNIT_SLUGS.items()
            ]
    codes = {c.code for c in areas}
    units += [
        (TOWNSHIP_SLUGS[name], name)
        for code, name in TOWNSHIP_UNITS
        if code in codes and name in TOWNSHIP_SLUGS
    ]
    code, name, username = RESETTLEMENT_UNIT
    if code in codes:
        units.append((username, name))
    return [
        UserSpec(username, Role.HANDLER, name, None, may_handle_accusations="纪律检查" in name)
        for username, name in units
    ]


def staff_name(username: str) -> str:
    """A plausible Chinese name, the same for a login whatever the seed."""
    rng = random.Random(f"staff:{username}")
    return people.full_name(rng, "M" if rng.random() < 0.55 else "F")


def ensure_users(specs: list[UserSpec], units: dict[str, Unit]) -> int:
    """Create the demo logins that do not exist yet; existing ones are left alone.

    They share one password, so it is hashed once (a hundred PBKDF2 hashes take half a minute).
    """
    regions = {r.code: r for r in Region.objects.all()}
    existing = set(
        User.objects.filter(username__in=[s.username for s in specs]).values_list(
            "username", flat=True
        )
    )
    missing = [s for s in specs if s.username not in existing]
    hashed = make_password(PASSWORD) if missing else ""
    for spec in missing:
        user = User(username=spec.username, password=hashed)
        user.full_name = staff_name(spec.username)
        user.role = spec.role
        user.unit = units[spec.unit]
        user.region = regions[spec.region] if spec.region else None
        user.may_handle_accusations = spec.may_handle_accusations
        user.is_staff = user.is_superuser = spec.is_admin
        user.save()
    return len(missing)


def handlers(specs: list[UserSpec]) -> dict[str, str]:
    """Unit name → the login that acts for it (its first handler)."""
    found: dict[str, str] = {}
    for spec in specs:
        if spec.role == Role.HANDLER:
            found.setdefault(spec.unit, spec.username)
    return found


# The bell shows what came in the last week: a year of notices left unread (some 1,650 for
# the city's registrar) is not how a bureau's staff look on a clerk's first morning.
READ_WITHIN = dt.timedelta(days=7)


def read_old_notifications(cutoff: dt.datetime) -> int:
    """Every login has read what reached it before the last week, as of its first day."""
    since = cutoff - READ_WITHIN
    return sum(
        events.mark_read(user, before=since, at=since)
        for user in User.objects.filter(notifications__read_at__isnull=True).distinct()
    )
