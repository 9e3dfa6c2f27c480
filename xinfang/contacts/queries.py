"""The contact card (便民一卡通) of a place: its leaders and the units that receive the
public, with what the public may know (posts, duties, public phones, addresses, hours).

Only public facts: no staff names, no mobile numbers of individuals (a leader is named with
the post; the phone is the unit's)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xinfang.casework.models import Leader
from xinfang.regions.models import Level, Region, Unit, UnitKind
from xinfang.regions.queries import subtree


@dataclass
class Card:
    region: Region
    leaders: list[Leader] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.region.name}信访便民一卡通"


def card_for(region: Region) -> Card:
    """The place's own leaders, then its bureau first and the other units that receive the
    public, each with address, phone and hours when they have them."""
    leaders = Leader.objects.filter(region=region, is_active=True).order_by("level", "name")
    units = (
        Unit.objects.filter(region=region, is_active=True)
        .exclude(phone="", address="")
        .order_by("kind", "name")
    )
    bureaus = [u for u in units if u.kind == UnitKind.BUREAU]
    return Card(region, list(leaders), bureaus + [u for u in units if u.kind != UnitKind.BUREAU])


def card_places() -> list[Region]:
    """The places a card can be made for: the city and each county below it."""
    return list(Region.objects.filter(level__in=(Level.CITY, Level.COUNTY)).order_by("code"))


def counties_of(region: Region) -> list[Region]:
    return list(subtree(region).filter(level=Level.COUNTY).order_by("code"))
