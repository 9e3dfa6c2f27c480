"""Reads over petitions, and the access rules every view and endpoint goes through.

Rule (enforced here, in the query, so no caller can forget it):
1. A user sees a petition whose 问题属地 lies in their region subtree, or whose matter is
   assigned to their unit, or which their bureau registered.
2. A 检举控告 petition is an exception to rule 1: only the registering bureau's staff
   authorised for accusations and the discipline-inspection unit assigned to it see it,
   and never the unit it accuses (第30条).
Anything else is a 404, so the existence of a case is not revealed.
3. A voided petition (作废, registered by mistake) is in no list, count or search
   (`visible_petitions`); who could see it may still open it (`in_scope`), to read why it was
   voided: the case page and the audit page of voided petitions.

The same rule decides who is told of a matter (`who_may_know`, called by every notification
path) and what of a matter's record a user is shown (`timeline_for`, `petitions_of`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.events.models import Event
from xinfang.lib import timesource
from xinfang.lib.identity import (
    IdentityError,
    check_phone,
    mask_id_number,
    mask_phone,
    mask_text,
    normalise_id_number,
)
from xinfang.petitions import search
from xinfang.petitions.models import (
    OPEN_STATUSES,
    Assignment,
    AssignmentRole,
    Matter,
    Petition,
    Petitioner,
    Urgency,
)
from xinfang.regions.models import Region, Unit, UnitKind
from xinfang.regions.queries import subtree


def _assigned_matters(unit_id: int):
    return Assignment.objects.filter(unit_id=unit_id, is_active=True).values("matter_id")


def visibility(user) -> Q:
    """The condition a petition must meet for `user` to see it."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    ordinary = Q(pk__in=[])
    if user.region_id:
        ordinary |= Q(region_id__in=subtree(user.region).values("pk"))
    if user.unit_id:
        ordinary |= Q(matter_id__in=_assigned_matters(user.unit_id))
        if user.unit.is_bureau:
            # The bureau that registered a petition keeps reading it, even when its 问题属地
            # lies in another county: the registrar finds it in lists, and a retried API call
            # answers as the first one did instead of 404.
            ordinary |= Q(registering_unit_id=user.unit_id)
    confidential = Q(pk__in=[])
    if user.unit_id:
        if user.may_handle_accusations:
            confidential |= Q(registering_unit_id=user.unit_id)
        if user.unit.kind == UnitKind.DISCIPLINE:
            confidential |= Q(matter_id__in=_assigned_matters(user.unit_id))
        # The accused unit is excluded whether it was picked from the list or only named
        # (the API, the portal and imports give it by name).
        confidential &= ~Q(accused_unit_id=user.unit_id) & ~Q(accused_unit_name=user.unit.name)
    return (Q(is_accusation=False) & ordinary) | (Q(is_accusation=True) & confidential)


def accused_unit_ids(matter: Matter) -> set[int]:
    """The units a 检举控告 matter accuses, which it must never reach (第30条): those picked
    as the accused unit and those named as the 被反映人单位 (an API or portal registration
    names it as text only)."""
    if not matter.is_accusation:
        return set()
    rows = list(matter.petitions.values_list("accused_unit_id", "accused_unit_name"))
    ids = {pk for pk, _ in rows if pk is not None}
    names = {name.strip() for _, name in rows if name and name.strip()}
    if names:
        ids |= set(Unit.objects.filter(name__in=names).values_list("pk", flat=True))
    return ids


def in_scope(user) -> QuerySet[Petition]:
    """The petitions `user` may open, voided ones included (rules 1 and 2)."""
    return Petition.objects.filter(visibility(user))


def visible_petitions(user) -> QuerySet[Petition]:
    """The petitions `user` may see in lists, counts and searches: not the voided ones."""
    return in_scope(user).filter(voided_at=None)


def voided_petitions(user) -> QuerySet[Petition]:
    """The voided petitions `user` could see, the latest voided first (the audit page)."""
    return (
        in_scope(user)
        .exclude(voided_at=None)
        .select_related("matter", "region", "voided_by", "registered_by")
        .order_by("-voided_at", "-id")
    )


def may_void(user, petition: Petition) -> bool:
    """Whether `user` may void (作废) `petition`: its registrar within
    settings.XINFANG_VOID_WINDOW_HOURS of registering it, or a supervisor of the bureau side
    (who may write to it) at any time. What the matter allows is the action's to check."""
    if petition.is_voided or not (user.is_authenticated and user.is_active):
        return False
    if not may_write(user, petition):
        return False
    if user.role == Role.SUPERVISOR or user.is_superuser:
        return True
    window = dt.timedelta(hours=settings.XINFANG_VOID_WINDOW_HOURS)
    return (
        petition.registered_by_id == user.pk and timesource.now() - petition.registered_at <= window
    )


def masked_particulars(person) -> dict[str, str]:
    """A petitioner's ID number, phone and address as every screen and export shows them."""
    return {
        "id_number": mask_id_number(person.id_number) if person.id_number else "",
        "phone": mask_phone(person.phone) if person.phone else "",
        "address": mask_text(person.address, 3),
    }


def who_may_know(pairs: Iterable[tuple[int, Iterable]]) -> set[tuple[int, int]]:
    """The (user id, matter id) pairs, of the (matter id, users) given, where the user may see
    the matter: who may be told of it (notifications, reminders, 督办) is who may open it.

    One query per distinct user, not per matter: a step tells a few people, a tick's chunk
    the staff of a few hundred units at most.
    """
    by_user: dict[int, tuple[object, set[int]]] = {}
    for matter_id, users in pairs:
        for user in users:
            by_user.setdefault(user.pk, (user, set()))[1].add(matter_id)
    seen: set[tuple[int, int]] = set()
    for user, matters in by_user.values():
        visible = visible_petitions(user).filter(matter_id__in=sorted(matters))
        seen |= {(user.pk, pk) for pk in visible.values_list("matter_id", flat=True).distinct()}
    return seen


def audience(event, users: list) -> list:
    """Those of `users` who may be told of `event` (settings.XINFANG_AUDIENCE: the events
    app's `notify` calls this for every notification it writes).

    An event about no case (a system notice) may go to anyone it names.
    """
    if event.matter_id is None:
        return list(users)
    seen = who_may_know([(event.matter_id, users)])
    return [user for user in users if (user.pk, event.matter_id) in seen]


def confined(user, matter: Matter) -> bool:
    """Whether `matter` holds a 检举控告 that `user` may not see (and none they may): its
    handling is then the accusation's (转送 to the 纪委, its clocks, its 督办), so they are
    shown only their own unit's part of it (第30条)."""
    visible = visible_petitions(user).filter(matter=matter).values("pk")
    accusations = matter.petitions.filter(is_accusation=True)
    return accusations.exists() and not accusations.filter(pk__in=visible).exists()


def within_reach(user, qs: QuerySet, *, petition: str = "", matter: str = "") -> QuerySet:
    """Rows of `qs` tied to cases `user` may see: through the Petition at path `petition`
    (when set) and the Matter at path `matter` (when set). With both, a record about no
    petition passes on its matter; a record about no case at all (a system event) passes.

    For listings over case records outside the case list itself (the admin site).
    """
    visible = visible_petitions(user)
    if petition and matter:
        qs = qs.filter(
            Q(**{f"{petition}__isnull": True}) | Q(**{f"{petition}__in": visible.values("pk")})
        )
    elif petition:
        qs = qs.filter(**{f"{petition}__in": visible.values("pk")})
    if matter == "pk":
        qs = qs.filter(pk__in=visible.values("matter_id"))
    elif matter:
        qs = qs.filter(
            Q(**{f"{matter}__isnull": True}) | Q(**{f"{matter}__in": visible.values("matter_id")})
        )
    return qs


def timeline_for(user, matter: Matter) -> QuerySet[Event]:
    """The events of `matter` that `user` may read, oldest first.

    1. None about a petition hidden from them (a repeat 检举控告 in a matter they follow).
    2. On a `confined` matter, of the matter's own events only those of their own unit.
    """
    visible = in_scope(user).filter(matter=matter).values("pk")  # a voided one's events too
    own = Q(petition__isnull=True)
    if confined(user, matter):
        own &= Q(actor__unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
    events = Event.objects.filter(matter=matter).filter(own | Q(petition__in=visible))
    return events.select_related("actor", "petition")


def assignments_for(user, matter: Matter) -> QuerySet[Assignment]:
    """The matter's active responsible units as `user` may be shown them."""
    rows = matter.assignments.filter(is_active=True).select_related("unit")
    return rows.filter(unit_id=user.unit_id) if confined(user, matter) else rows


def with_shown_facts(user, matters: QuerySet[Matter]) -> QuerySet[Matter]:
    """Annotate each matter with what `user` may be shown of it: `shown_title` (the title of
    its earliest petition they may see) and `shown_petition_count` (how many they may see).

    A matter's own title and count come from all its petitions, hidden ones included; a
    follow-up to an accusation would otherwise show the accusation's title and number.
    """
    visible = visible_petitions(user).filter(matter_id=OuterRef("pk"))
    count = visible.order_by().values("matter_id").annotate(n=Count("pk")).values("n")
    return matters.annotate(
        shown_title=Subquery(visible.order_by("received_on", "id").values("title")[:1]),
        shown_petition_count=Coalesce(Subquery(count), 0),
    )


def shown_facts(user, matter: Matter) -> Matter:
    """`matter` with `shown_title` and `shown_petition_count` for `user` (see above)."""
    return with_shown_facts(user, Matter.objects.filter(pk=matter.pk)).get()


def access_petition(user, number: str, *, write: bool = False) -> Petition:
    """The petition `number` if `user` may see it (or change it, with write=True); else 404.

    Writing to a registration (attachments, query codes) is for the bureau side: the
    registering unit's staff or those whose region covers it, not assigned departments.
    A voided petition may be opened and read, never written to.
    """
    petition = (
        in_scope(user)
        .select_related("matter", "region", "content_class", "registering_unit", "registered_by")
        .filter(number=number)
        .first()
    )
    if petition is None:
        raise Http404("没有找到该信访件")
    if write and (petition.is_voided or not may_write(user, petition)):
        raise Http404("没有找到该信访件")
    return petition


def may_write(user, petition: Petition) -> bool:
    if user.unit_id and user.unit_id == petition.registering_unit_id:
        return True
    return bool(user.region_id) and petition.region.path.startswith(user.region.path)


def access_matter(user, number: str) -> Matter:
    """A matter is visible when any of its petitions is (a voided matter: to be read)."""
    matter = Matter.objects.filter(number=number, pk__in=in_scope(user).values("matter_id")).first()
    if matter is None:
        raise Http404("没有找到该信访事项")
    return matter


@dataclass
class PetitionFilter:
    channel: str = ""
    status: str = ""
    content_class_ids: list[int] | None = None
    region: Region | None = None
    unit_id: int | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    flags: tuple[str, ...] = ()
    text: str = ""
    repeat: str = ""  # "", "first" or "repeat"
    due: str = ""  # "", "late" (超期, the matter's urgency) or "soon" (即将到期)


NUMBER_PATTERN = re.compile(r"^(SX)?\d{6}-\d{4}-\d{6}$")
# The end of a petition or matter number: at least 4 characters of "431200-2026-000123".
NUMBER_END = re.compile(r"^(?=.*\d{4})[\dX-]{4,17}$")
# A number's tail down to its serial ("2026-000123", "6-000123"): a tail, not a phone
# (怀化's landlines have seven digits after the dash).
SERIAL_TAIL = re.compile(r"^(\d{0,6}-)?\d{0,4}-\d{6}$")
ID_PATTERN = re.compile(r"^(\d{17}[\dX]|\d{15})$")
PHONE_PATTERN = re.compile(r"^\+?[\d\s()-]{7,20}$")
FLAG_FIELDS = (
    "is_overlevel", "is_abnormal", "is_urgent", "is_law_related", "is_accusation",
    "is_anonymous", "is_joint", "consent_public",
)  # fmt: skip


def filter_petitions(qs: QuerySet[Petition], f: PetitionFilter) -> QuerySet[Petition]:
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.status:
        qs = qs.filter(matter__status=f.status)
    if f.due == "late":
        qs = qs.filter(matter__urgency__gte=Urgency.OVERDUE)
    elif f.due == "soon":
        qs = qs.filter(matter__urgency=Urgency.DUE_SOON)
    if f.content_class_ids:
        qs = qs.filter(content_class_id__in=f.content_class_ids)
    if f.region is not None:
        qs = qs.filter(region_id__in=subtree(f.region).values("pk"))
    if f.unit_id:
        qs = qs.filter(
            Q(registering_unit_id=f.unit_id) | Q(matter_id__in=_assigned_matters(f.unit_id))
        )
    if f.received_from:
        qs = qs.filter(received_on__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_on__lte=f.received_to)
    for flag in f.flags:
        if flag in FLAG_FIELDS:
            qs = qs.filter(**{flag: True})
    if f.repeat == "first":
        qs = qs.filter(is_repeat=False)
    elif f.repeat == "repeat":
        qs = qs.filter(is_repeat=True)
    text = f.text.strip()
    if text:
        qs = qs.filter(search_condition(text))
    return qs


def _people(**match) -> Q:
    return Q(pk__in=Petitioner.objects.filter(**match).values("petition_id"))


def search_condition(text: str) -> Q:
    """What the case list's search box finds for `text`, by the kind of key it is:

    1. a whole petition or matter number: that petition, or the matter's petitions;
    2. an ID number (18 or 15 digits, any case of X): the petitions it petitioned on;
    3. a phone number (7 digits or more): the same, by the phone in its normal form;
    4. the end of a number, 4 characters or more ("000123", "2026-000123");
    5. anything else: a petitioner's name, or words of the title or content (search.py).

    Each key is looked up alone: OR-ing an exact key with the text index would stop
    PostgreSQL from turning the index lookup into a semi-join.
    """
    upper = text.upper().replace(" ", "")
    if NUMBER_PATTERN.match(upper):
        if upper.startswith("SX"):  # matter numbers carry SX, petition numbers never do
            return Q(matter_id__in=_ids(Matter.objects.filter(number=upper)))
        return Q(number=upper)
    if ID_PATTERN.match(upper):
        return _people(id_number=normalise_id_number(upper))
    digits = re.sub(r"\D", "", upper)
    if PHONE_PATTERN.match(text) and len(digits) >= 7 and not SERIAL_TAIL.match(upper):
        try:
            return _people(phone=check_phone(text))
        except IdentityError:
            return Q(pk__in=[])
    if NUMBER_END.match(upper):
        return _number_tail(upper)
    return _name_or_words(text)


def _name_or_words(text: str) -> Q:
    """A petitioner's name, or words of the title or content.

    The two are looked up apart and handed to the list as one short list of ids: OR-ing the
    name's subquery with the text index made PostgreSQL scan every petition (2.8 s p95 at
    1,000,000 petitions, `bench.core --only-search`, 2026-12-05). Only when either side
    finds more than TAIL_LIMIT petitions (a common word) is the OR kept, for exact counts.
    """
    words = search.matching(text)
    people = list(
        Petitioner.objects.filter(name=text).values_list("petition_id", flat=True)[: TAIL_LIMIT + 1]
    )
    if not people:
        return words
    if len(people) <= TAIL_LIMIT:
        found = list(Petition.objects.filter(words).values_list("pk", flat=True)[: TAIL_LIMIT + 1])
        if len(found) <= TAIL_LIMIT:
            return Q(pk__in=sorted(set(people) | set(found)))
    return _people(name=text) | words


TAIL_LIMIT = 2000  # more petitions than a page of results could ever need to show


def _ids(qs) -> list[int]:
    # The keys looked up first, by their own index, then handed to the list's query as a
    # short list: an OR of two subqueries would turn PostgreSQL's plan into a scan.
    return list(qs.values_list("pk", flat=True)[:TAIL_LIMIT])


def _number_tail(upper: str) -> Q:
    """Petitions whose number, or whose matter's number, ends with `upper`.

    Numbers end in a six-digit serial (431200-2026-000123), stored apart and indexed as
    `serial`: a tail of six digits or more names the serial; four or five digits name the
    10 or 100 serials ending so. A tail with a dash but fewer than six digits after it ends
    no number.
    """
    digits = re.search(r"\d*$", upper).group()
    if len(digits) >= 6:
        serials = [digits[-6:]]
    elif digits == upper:
        width = 6 - len(digits)
        serials = [f"{k:0{width}d}{digits}" for k in range(10**width)]
    else:
        return Q(pk__in=[])
    petitions = Petition.objects.filter(serial__in=serials, number__endswith=upper)
    matters = Matter.objects.filter(serial__in=serials, number__endswith=upper)
    return Q(pk__in=_ids(petitions)) | Q(matter_id__in=_ids(matters))


# The case list's sortable columns: name → order (each ends on a unique key, so paging is
# stable). The default, newest first, is the index petition_recent.
SORTS = {
    "received": ("received_on", "id"),
    "-received": ("-received_on", "-id"),
    "number": ("number",),
    "-number": ("-number",),
    "due": (F("matter__next_due_on").asc(nulls_last=True), "-id"),
    "-due": (F("matter__next_due_on").desc(nulls_last=True), "-id"),
    "region": ("region__code", "-received_on", "-id"),
    "-region": ("-region__code", "-received_on", "-id"),
}
DEFAULT_SORT = "-received"


def list_rows(qs: QuerySet[Petition], sort: str = DEFAULT_SORT) -> QuerySet[Petition]:
    """Only the columns the case list shows, in `sort` order (newest first by default), with
    the main petitioner's name and phone (`main_name`, `main_phone`: shown masked, see
    Petition.main_phone_masked) and the matter's lead unit (`lead_unit`)."""
    main = Petitioner.objects.filter(petition=OuterRef("pk"), is_main=True).order_by("position")
    lead = Assignment.objects.filter(
        matter_id=OuterRef("matter_id"), role=AssignmentRole.LEAD, is_active=True
    )
    return qs.select_related("matter", "region", "content_class").annotate(
        main_name=Subquery(main.values("name")[:1]), main_phone=Subquery(main.values("phone")[:1]),
        lead_unit=Subquery(lead.values("unit__name")[:1]),
    ).only(
        "number", "title", "channel", "received_on", "petitioner_count", "is_repeat",
        "is_urgent", "is_accusation", "is_overlevel", "is_abnormal",
        "matter__number", "matter__status", "matter__urgency", "matter__next_due_on", "matter__priority", "region__name", "content_class__name",
    ).order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))  # fmt: skip


def due_for_anonymisation(today: dt.date, years: int) -> QuerySet[Petition]:
    """Petitions whose matter ended (办结, 终结 …) more than `years` years before `today`
    and whose personal data is still held: the retention policy's work list."""
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return (
        Petition.objects.filter(anonymised_on=None, matter__closed_on__lte=cutoff)
        .exclude(matter__status__in=OPEN_STATUSES)
        .order_by("pk")
    )
