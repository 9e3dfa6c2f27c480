"""Reads over leaders, owned cases and instructions, and who may do what with them.

Access follows the one rule of petitions.queries: an ownership or an instruction is seen by
whoever may see its matter (a county leader sees the county's cases only; a 检举控告 reaches
no one the rule keeps it from). Anything else is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass, fields

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.http import Http404

from xinfang.accounts.models import Role, User
from xinfang.casework.models import HandoverItem, Instruction, Leader, LeaderLevel, Ownership
from xinfang.events.models import Event
from xinfang.holidays.calendar import Calendar
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource
from xinfang.petitions.models import Channel, Matter
from xinfang.petitions.queries import confined, visible_petitions
from xinfang.regions.models import Level
from xinfang.regions.queries import subtree
from xinfang.workflow.queries import is_bureau_side, unit_role

# The region level each leader level sits at.
REGION_LEVEL = {
    LeaderLevel.PROVINCE: Level.PROVINCE,
    LeaderLevel.CITY: Level.CITY,
    LeaderLevel.COUNTY: Level.COUNTY,
    LeaderLevel.TOWNSHIP: Level.TOWNSHIP,
}
ANSWERING_ROLES = (Role.HANDLER, Role.REGISTRAR)


def leader_of(user) -> Leader | None:
    """The active leader whose login `user` is, if any."""
    if not (user.is_authenticated and user.is_active and user.role == Role.LEADER):
        return None
    return Leader.objects.filter(user=user, is_active=True).select_related("region").first()


def may_manage_leaders(user) -> bool:
    return user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser)


def _visible_matters(user):
    return visible_petitions(user).values("matter_id")


def sees_matter(user, matter: Matter) -> bool:
    return visible_petitions(user).filter(matter=matter).exists()


def visible_ownerships(user) -> QuerySet[Ownership]:
    return Ownership.objects.filter(matter_id__in=_visible_matters(user))


def visible_instructions(user) -> QuerySet[Instruction]:
    """Instructions on matters `user` may see; a 批阅 only with its letter (see
    instructions_on)."""
    readable = Q(petition__isnull=True) | Q(petition__in=visible_petitions(user))
    return Instruction.objects.filter(matter_id__in=_visible_matters(user)).filter(readable)


def visible_handover_items(user) -> QuerySet[HandoverItem]:
    return HandoverItem.objects.filter(matter_id__in=_visible_matters(user))


def access_instruction(user, pk: int) -> Instruction:
    """The instruction if `user` may see its matter; else 404."""
    found = visible_instructions(user).select_related("matter", "leader").filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该批示")
    return found


def current_ownership(matter: Matter) -> Ownership | None:
    return (
        Ownership.objects.filter(matter=matter, ended_at__isnull=True)
        .select_related("leader", "unit")
        .first()
    )


def ownership_history(matter: Matter) -> QuerySet[Ownership]:
    return (
        Ownership.objects.filter(matter=matter)
        .select_related("leader", "unit")
        .order_by("-created_at", "-pk")
    )


def instructions_on(user, matter: Matter) -> QuerySet[Instruction]:
    """The matter's instructions `user` may read: a 批阅 of a letter kept from them (an
    accusation, 第30条) is left out with the letter."""
    return (
        visible_instructions(user)
        .filter(matter=matter)
        .select_related("leader", "answered_by", "petition")
    )


def letters_of(user, matter: Matter):
    """The matter's letters (来信) `user` may read: what a leader may 批阅."""
    return visible_petitions(user).filter(matter=matter, channel=Channel.LETTER).order_by("pk")


def is_handler(user, matter: Matter) -> bool:
    """Whether `user` handles `matter`: staff of a unit responsible for it, or the bureau's
    handlers and registrars over it (not for an accusation kept from them, 第30条)."""
    if not (user.is_authenticated and user.is_active and user.unit_id):
        return False
    if not sees_matter(user, matter):
        return False
    if unit_role(user, matter):
        return True
    return (
        user.role in ANSWERING_ROLES and is_bureau_side(user, matter) and not confined(user, matter)
    )


def handlers_of(matter: Matter) -> list[User]:
    """Whom an instruction is for: the staff of the matter's responsible units and the
    registering bureau's handlers (events.notify then drops anyone who may not see it)."""
    units = matter.assignments.filter(is_active=True).values("unit_id")
    staff = User.objects.filter(is_active=True).filter(
        Q(unit_id__in=units) | Q(unit_id=matter.registering_unit_id, role__in=ANSWERING_ROLES)
    )
    return list(staff.exclude(role=Role.LEADER))


def eligible_leaders(user, matter: Matter) -> QuerySet[Leader]:
    """Leaders who may own `matter`: active, over its place, within `user`'s own region."""
    paths = [matter.region.path[:i] for i in range(1, len(matter.region.path) + 1)]
    qs = Leader.objects.filter(is_active=True, region__path__in=paths)
    if user.region_id:
        qs = qs.filter(region__path__startswith=user.region.path)
    return qs.select_related("region")


# Settlement, as the counts and clocks read it.


def settled_date():
    """The day an owned matter was settled (办结): the earlier of its closing (办结, 终结 …)
    and its 案结事了; NULL while neither happened."""
    return Case(
        When(
            matter__closed_on__isnull=False,
            matter__is_settled=True,
            matter__settled_on__lt=F("matter__closed_on"),
            then=F("matter__settled_on"),
        ),
        When(matter__closed_on__isnull=False, then=F("matter__closed_on")),
        When(matter__is_settled=True, then=F("matter__settled_on")),
        default=None,
        output_field=DateField(),
    )


def _last_activity(user):
    """The newest timeline entry of the matter that `user` may read (see timeline_for)."""
    visible = visible_petitions(user).filter(matter_id=OuterRef("matter_id")).values("pk")
    events = Event.objects.filter(matter_id=OuterRef("matter_id")).filter(
        Q(petition__isnull=True) | Q(petition__in=visible)
    )
    newest = events.order_by("-created_at", "-pk")
    return Subquery(newest.values("created_at")[:1]), Subquery(newest.values("summary")[:1])


def _shown_title(user):
    """The title of the matter's earliest petition `user` may see (see with_shown_facts)."""
    visible = visible_petitions(user).filter(matter_id=OuterRef("matter_id"))
    return Subquery(visible.order_by("received_on", "id").values("title")[:1])


def owned_cases(user) -> QuerySet[Ownership]:
    """The user's leader's current cases they may see, nearest target first, each with
    `settled_on`, `last_at` and `last_summary`."""
    leader = leader_of(user)
    if leader is None:
        return Ownership.objects.none()
    last_at, last_summary = _last_activity(user)
    # The leader's own rows first, each checked for visibility (EXISTS on the matter's
    # petitions): a city leader's scope is every petition, which an IN list would read
    # whole (50 ms a query at 100,000 petitions; the bench's workbench).
    return (
        Ownership.objects.filter(leader=leader, ended_at__isnull=True)
        .filter(Exists(visible_petitions(user).filter(matter_id=OuterRef("matter_id"))))
        .annotate(
            settled_on=settled_date(),
            last_at=last_at,
            last_summary=last_summary,
            shown_title=_shown_title(user),
        )
        .select_related("matter", "matter__region", "unit")
        .order_by("target_on", "pk")
    )


def waiting_instructions(user) -> QuerySet[Instruction]:
    """The user's leader's instructions still waiting for an answer, oldest due first."""
    leader = leader_of(user)
    if leader is None:
        return Instruction.objects.none()
    return (
        visible_instructions(user)
        .filter(leader=leader, answered_at__isnull=True, answer_by__isnull=False)
        .annotate(shown_title=_shown_title(user))
        .select_related("matter")
        .order_by("answer_by", "pk")
    )


@dataclass(frozen=True)
class Clock:
    """An owner's target as the pages show it: working days left, or late by."""

    target_on: dt.date
    settled_on: dt.date | None
    workdays_left: int

    @property
    def state(self) -> str:
        if self.settled_on is not None:
            return "on_time" if self.settled_on <= self.target_on else "late_settled"
        return "late" if self.workdays_left < 0 else "soon" if self.workdays_left <= 3 else "ok"

    @property
    def label(self) -> str:
        match self.state:
            case "on_time":
                return "已如期办结"
            case "late_settled":
                return "已办结（超期）"
            case "late":
                return f"已超期{-self.workdays_left}个工作日"
            case _:
                return f"剩余{self.workdays_left}个工作日"


def clock_of(ownership: Ownership, calendar: Calendar, today: dt.date | None = None) -> Clock:
    today = today or timesource.today()
    settled = getattr(ownership, "settled_on", None)
    left = calendar.working_days_between(today, ownership.target_on)
    if left == 0 and ownership.target_on < today:
        left = -1  # late by a rest day or two only: still late
    return Clock(ownership.target_on, settled, left)


# Counts for a year: owned, settled, settled on time, instructions.


@dataclass(frozen=True)
class Counts:
    owned: int = 0
    settled: int = 0
    on_time: int = 0
    instructions: int = 0  # 批示 on matters
    readings: int = 0  # 批阅: letters read and instructed on
    handed: int = 0  # matters handed down (交办)
    received: int = 0  # matters received from a leader above

    @property
    def on_time_rate(self) -> str:
        """如期办结率 = on time ÷ owned, one decimal, as the other rates."""
        return f"{self.on_time * 100 / self.owned:.1f}%" if self.owned else "—"


def year_bounds(year: int) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.datetime(year, 1, 1, tzinfo=timesource.SHANGHAI)
    end = dt.datetime(year + 1, 1, 1, tzinfo=timesource.SHANGHAI)
    return first, last, start, end


def _ownership_counts(qs: QuerySet[Ownership], year: int, by: str | None):
    first, last, _, _ = year_bounds(year)
    settled = Q(ended_at__isnull=True, settled_on__isnull=False)
    rows = qs.filter(started_on__gte=first, started_on__lte=last).annotate(
        settled_on=settled_date()
    )
    rows = rows.values(by) if by else rows.values()
    return rows.annotate(
        owned=Count("pk"),
        settled=Count("pk", filter=settled),
        on_time=Count("pk", filter=settled & Q(settled_on__lte=F("target_on"))),
    ).order_by()


def _per_leader(qs: QuerySet, by: str) -> dict[int, int]:
    return dict(qs.values(by).annotate(n=Count("pk")).order_by().values_list(by, "n"))


def _figures(ids, ownerships, instructions, items, year: int) -> dict[int, Counts]:
    """{leader id: Counts} for the year over the given rows (all of them, or those a user
    may see)."""
    _, _, start, end = year_bounds(year)
    owned = {
        row["leader_id"]: row
        for row in _ownership_counts(ownerships.filter(leader_id__in=ids), year, "leader_id")
    }
    written = instructions.filter(leader_id__in=ids, written_at__gte=start, written_at__lt=end)
    instructed = _per_leader(written.filter(petition__isnull=True), "leader_id")
    readings = _per_leader(written.filter(petition__isnull=False), "leader_id")
    items = items.filter(handover__created_at__gte=start, handover__created_at__lt=end)
    handed = _per_leader(items.filter(handover__leader_id__in=ids), "handover__leader_id")
    received = _per_leader(items.filter(leader_id__in=ids), "leader_id")
    found = {}
    for pk in ids:
        row = owned.get(pk, {})
        found[pk] = Counts(
            row.get("owned", 0), row.get("settled", 0), row.get("on_time", 0),
            instructed.get(pk, 0), readings.get(pk, 0), handed.get(pk, 0),
            received.get(pk, 0),
        )  # fmt: skip
    return found


def leader_counts(leader: Leader, year: int) -> Counts:
    """One leader's own figures for the year (the workbench)."""
    all_rows = Ownership.objects.all(), Instruction.objects.all(), HandoverItem.objects.all()
    return _figures([leader.pk], *all_rows, year)[leader.pk]


@dataclass(frozen=True)
class LeaderRow:
    leader: Leader
    counts: Counts


def counts_by_leader(user, year: int, region=None) -> list[LeaderRow]:
    """Each leader in `user`'s scope with their figures for the year, over the cases `user`
    may see (a county's staff see the county's leaders and cases only)."""
    leaders = Leader.objects.select_related("region")
    if user.region_id:
        leaders = leaders.filter(region__path__startswith=user.region.path)
    elif not may_manage_leaders(user):
        leaders = leaders.none()
    if region is not None:
        leaders = leaders.filter(region_id__in=subtree(region).values("pk"))
    leaders = list(leaders)
    figures = _figures(
        [leader.pk for leader in leaders], visible_ownerships(user), visible_instructions(user),
        visible_handover_items(user), year,
    )  # fmt: skip
    rows = [LeaderRow(leader, figures[leader.pk]) for leader in leaders]
    order = list(LeaderLevel.values)
    rows.sort(key=lambda r: (order.index(r.leader.level), r.leader.region.code, r.leader.name))
    return rows


def counts_by_level(rows: list[LeaderRow]) -> list[tuple[str, int, Counts]]:
    """The leader rows summed per level: (level label, leaders, counts)."""
    totals: dict[str, list[int]] = {}
    people: dict[str, int] = {}
    for row in rows:
        sums = totals.setdefault(row.leader.level, [0] * len(fields(Counts)))
        for i, value in enumerate(astuple(row.counts)):
            sums[i] += value
        people[row.leader.level] = people.get(row.leader.level, 0) + 1
    return [
        (LeaderLevel(level).label, people[level], Counts(*totals[level]))
        for level in LeaderLevel.values
        if level in totals
    ]


# 县级 and above: the leaders the seed counts as 副处级以上领导干部.
SENIOR_LEVELS = (LeaderLevel.PROVINCE, LeaderLevel.CITY, LeaderLevel.COUNTY)


@dataclass(frozen=True)
class Share:
    """Matters first received in the year and how many a senior leader handled in person."""

    matters: int
    handled: int

    @property
    def rate(self) -> str:
        return f"{self.handled * 100 / self.matters:.1f}%" if self.matters else "—"


def senior_share(user, year: int) -> Share:
    """Of the matters first received in `year` that `user` may see, how many a leader at
    县级 (副处级) or above owned, instructed on or read in person
    (“近40%的得到副处级以上领导干部直接处置”)."""
    first, last, _, _ = year_bounds(year)
    matters = Matter.objects.filter(
        pk__in=_visible_matters(user), opened_on__gte=first, opened_on__lte=last
    )
    senior = Q(leader__level__in=SENIOR_LEVELS)
    handled = matters.filter(
        Q(pk__in=Ownership.objects.filter(senior).values("matter_id"))
        | Q(pk__in=Instruction.objects.filter(senior).values("matter_id"))
    )
    return Share(matters.count(), handled.count())


def owners_of(rows) -> bool:
    """Give each petition of a list page its matter's current owner (`owner`, or None) and
    the owner's clock (`owner_clock`), in one query: the case list's 包案领导 column."""
    rows = list(rows)
    found = {
        o.matter_id: o
        for o in Ownership.objects.filter(
            matter_id__in={p.matter_id for p in rows}, ended_at__isnull=True
        )
        .annotate(settled_on=settled_date())
        .select_related("leader")
    }
    calendar, today = load_calendar(), timesource.today()
    for p in rows:
        p.owner = found.get(p.matter_id)
        p.owner_clock = clock_of(p.owner, calendar, today) if p.owner is not None else None
    return True
