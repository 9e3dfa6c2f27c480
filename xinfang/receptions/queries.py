"""Reads over leader receptions, and who may see or arrange them.

Receptions are seen by region: staff and leaders with a region see the receptions held in
it and below (a county sees its own, the city sees all); administrators without a region
see all; anyone else sees none. Anything out of reach is a 404. Petitions linked to a
reception show only when the reader may see them (petitions.queries.visible_petitions), so
a 检举控告 registered at a reception still reaches no one the rule keeps it from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.casework.models import Leader, LeaderLevel
from xinfang.casework.queries import leader_of, may_manage_leaders
from xinfang.petitions.queries import visible_petitions
from xinfang.receptions.models import (
    GRASSROOTS_FORMS,
    Booking,
    Reception,
    ReceptionPetition,
    Rota,
    Status,
)
from xinfang.regions.models import Region

ARRANGING_ROLES = (Role.REGISTRAR, Role.HANDLER, Role.ADMIN)
# The seed's names for the levels the days-at-the-grassroots rule speaks of.
TARGET_LABELS = {
    LeaderLevel.CITY: "市直处级",
    LeaderLevel.COUNTY: "县处级",
    LeaderLevel.TOWNSHIP: "科级",
}


def _sees_all(user) -> bool:
    return may_manage_leaders(user) and not user.region_id


def visible_receptions(user) -> QuerySet[Reception]:
    """The receptions held in `user`'s region or below (all for a region-less admin)."""
    if not (user.is_authenticated and user.is_active):
        return Reception.objects.none()
    if user.region_id:
        return Reception.objects.filter(region__path__startswith=user.region.path)
    if _sees_all(user):
        return Reception.objects.all()
    return Reception.objects.none()


def access_reception(user, pk: int) -> Reception:
    found = (
        visible_receptions(user)
        .select_related("leader", "leader__region", "leader__user", "region", "rota")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有找到该接访安排")
    return found


def visible_rotas(user) -> QuerySet[Rota]:
    if not (user.is_authenticated and user.is_active):
        return Rota.objects.none()
    if user.region_id:
        return Rota.objects.filter(region__path__startswith=user.region.path)
    return Rota.objects.all() if _sees_all(user) else Rota.objects.none()


def access_rota(user, pk: int) -> Rota:
    found = visible_rotas(user).select_related("region").filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该排班")
    return found


def is_arranger(user) -> bool:
    """Bureau staff (登记员, 经办人) and administrators arrange receptions for leaders."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role == Role.ADMIN or user.is_superuser:
        return True
    return user.role in ARRANGING_ROLES and user.unit_id is not None and user.unit.is_bureau


def may_arrange(user, leader: Leader) -> bool:
    """Whether `user` may schedule, publish, record or cancel `leader`'s receptions: the
    leader themselves, or an arranger whose region covers the leader's."""
    me = leader_of(user)
    if me is not None:
        return me.pk == leader.pk
    if not is_arranger(user):
        return False
    if user.region_id:
        return leader.region.path.startswith(user.region.path)
    return _sees_all(user)


def arrangeable_leaders(user) -> QuerySet[Leader]:
    """The active leaders `user` may schedule receptions for."""
    me = leader_of(user)
    if me is not None:
        return Leader.objects.filter(pk=me.pk).select_related("region")
    if not is_arranger(user):
        return Leader.objects.none()
    qs = Leader.objects.filter(is_active=True).select_related("region")
    if user.region_id:
        return qs.filter(region__path__startswith=user.region.path)
    return qs if _sees_all(user) else qs.none()


def receptions_list(user, *, first: dt.date | None = None, last: dt.date | None = None):
    qs = visible_receptions(user).select_related("leader", "region")
    if first is not None:
        qs = qs.filter(date__gte=first)
    if last is not None:
        qs = qs.filter(date__lte=last)
    return qs.annotate(
        linked=Count("petition_links", distinct=True), booked=Count("bookings", distinct=True)
    ).order_by("date", "starts_at", "pk")


def week_of(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def this_week(leader: Leader, today: dt.date) -> QuerySet[Reception]:
    """本周接访: the leader's receptions from Monday to Sunday of `today`'s week."""
    first, last = week_of(today)
    return (
        Reception.objects.filter(leader=leader, date__gte=first, date__lte=last)
        .exclude(status=Status.CANCELLED)
        .select_related("region")
        .annotate(booked=Count("bookings"))
        .order_by("date", "starts_at")
    )


def linked_petitions(user, reception: Reception) -> QuerySet[ReceptionPetition]:
    """The petitions registered at `reception` that `user` may see."""
    return (
        reception.petition_links.filter(petition__in=visible_petitions(user))
        .select_related("petition", "petition__matter")
        .order_by("linked_at", "pk")
    )


def linked_counts(reception: Reception) -> tuple[int, int]:
    """(批次, 人次) of the petitions registered at the reception, all of them: the counts
    reveal no case."""
    links = reception.petition_links.select_related("petition")
    return len(links), sum(link.petition.petitioner_count for link in links)


def bookings_of(reception: Reception) -> QuerySet[Booking]:
    return reception.bookings.order_by("created_at", "pk")


# The public schedule (portal): published, from today on; nothing staff-only.


def public_schedule(today: dt.date, region: Region | None = None) -> QuerySet[Reception]:
    """Published receptions from today on; for a `region`, those held in it or below it and
    those of the places above it (a city leader's reception is open to every county)."""
    found = Reception.objects.filter(status=Status.PUBLISHED, date__gte=today)
    if region is not None:
        codes = region.path.strip("/").split("/")
        above = ["/" + "/".join(codes[:depth]) + "/" for depth in range(1, len(codes))]
        found = found.filter(Q(region__path__startswith=region.path) | Q(region__path__in=above))
    return (
        found.select_related("leader", "region")
        .annotate(booked=Count("bookings"))
        .order_by("date", "starts_at", "pk")
    )


def public_reception(pk: int, today: dt.date) -> Reception:
    found = public_schedule(today).filter(pk=pk).first()
    if found is None:
        raise Http404("没有该接访安排")
    return found


def booking_for(pk: int) -> Booking | None:
    return (
        Booking.objects.select_related("reception", "reception__leader", "reception__region")
        .filter(pk=pk)
        .first()
    )


def slots_left(reception: Reception) -> int:
    # `public_schedule` counts the bookings in its own query: no query per reception listed.
    booked = getattr(reception, "booked", None)
    if booked is None:
        booked = reception.bookings.count()
    return max(reception.slots - booked, 0)


# Days at the grassroots (到基层天数).


def grassroots_target(level: str) -> int | None:
    """The yearly target of days at the grassroots for a leader level (settings)."""
    return settings.XINFANG_GRASSROOTS_DAYS.get(level)


@dataclass(frozen=True)
class Progress:
    leader: Leader
    days: int
    target: int | None

    @property
    def label(self) -> str:
        return TARGET_LABELS.get(self.leader.level, "")

    @property
    def percent(self) -> int:
        if not self.target:
            return 0
        return min(round(self.days * 100 / self.target), 100)

    @property
    def met(self) -> bool:
        return self.target is not None and self.days >= self.target


def grassroots_days(year: int, leaders: QuerySet[Leader]) -> dict[int, int]:
    """leader id → distinct days of held 下访 and 处访 receptions in `year`."""
    rows = (
        Reception.objects.filter(
            leader__in=leaders, status=Status.HELD, form__in=GRASSROOTS_FORMS, date__year=year
        )
        .values("leader_id")
        .annotate(days=Count("date", distinct=True))
        .order_by()
    )
    return {row["leader_id"]: row["days"] for row in rows}


def grassroots_progress(user, year: int) -> list[Progress]:
    """Each leader in `user`'s region with days at the grassroots against the target."""
    leaders = Leader.objects.filter(is_active=True).select_related("region")
    if user.region_id:
        leaders = leaders.filter(region__path__startswith=user.region.path)
    elif not _sees_all(user):
        leaders = leaders.none()
    days = grassroots_days(year, leaders)
    order = list(LeaderLevel.values)
    rows = [
        Progress(leader, days.get(leader.pk, 0), grassroots_target(leader.level))
        for leader in leaders
    ]
    rows.sort(key=lambda r: (order.index(r.leader.level), r.leader.region.code, r.leader.name))
    return rows


def rota_rows(rota: Rota) -> QuerySet[Reception]:
    return rota.receptions.select_related("leader").order_by("date")
