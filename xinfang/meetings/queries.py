"""Reads over joint meetings and special groups: who may see them, which of their matters
and decisions a reader may see, and each decision's clock.

Rule: a user sees the meetings of their region subtree (a county its own, the city all) and
those their unit convened, attended, or was given a decision by. A matter discussed, and a
decision on a matter, are shown only to who may see that matter (`visible_petitions`: a
检举控告 never reaches the accused). Anything else is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from xinfang.accounts.models import Role, User
from xinfang.holidays.calendar import Calendar
from xinfang.meetings.models import (
    Decision,
    DecisionStatus,
    Meeting,
    MeetingMatter,
    SpecialGroup,
)
from xinfang.petitions.models import Matter
from xinfang.petitions.queries import visible_petitions
from xinfang.regions.models import Region, Unit
from xinfang.regions.queries import subtree

DUE_SOON = 2  # working days left when a decision's clock turns yellow


def visibility(user) -> Q:
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    seen = Q(pk__in=[])
    if user.region_id:
        seen |= Q(region_id__in=subtree(user.region).values("pk"))
    if user.unit_id:
        seen |= Q(convener_id=user.unit_id)
        seen |= Q(pk__in=Meeting.attendees.through.objects.filter(unit_id=user.unit_id)
                  .values("meeting_id"))  # fmt: skip
        seen |= Q(pk__in=Decision.objects.filter(unit_id=user.unit_id).values("meeting_id"))
    return seen


def visible_meetings(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(visibility(user)).select_related(
        "region", "convener", "group", "group__content_class"
    )


def may_write(user) -> bool:
    """Whether `user` records meetings and follow-ups (leaders only read)."""
    return user.is_superuser or user.role != Role.LEADER


def may_record_meetings(user) -> bool:
    """Meetings are recorded by the bureau's staff of a region (the convening office)."""
    return may_write(user) and bool(user.region_id)


def access_meeting(user, pk: int) -> Meeting:
    meeting = visible_meetings(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404("没有找到该会议")
    return meeting


def sees_matter(user, matter: Matter) -> bool:
    return visible_petitions(user).filter(matter=matter).exists()


def visible_matter_ids(user) -> QuerySet:
    return visible_petitions(user).values("matter_id")


def items_for(user, meeting: Meeting) -> QuerySet[MeetingMatter]:
    """The matters discussed that `user` may see."""
    return meeting.items.filter(matter_id__in=visible_matter_ids(user)).select_related(
        "matter", "matter__region"
    )


def decisions_for(user, meeting: Meeting) -> QuerySet[Decision]:
    """The decisions `user` may see: those on no matter, and those on a matter they see."""
    readable = Q(matter__isnull=True) | Q(matter_id__in=visible_matter_ids(user))
    return meeting.decisions.filter(readable).select_related("unit", "matter")


def access_decision(user, pk: int) -> Decision:
    decision = (
        Decision.objects.filter(pk=pk, meeting__in=visible_meetings(user))
        .select_related("meeting", "meeting__region", "unit", "matter")
        .first()
    )
    if decision is None or (decision.matter_id and not sees_matter(user, decision.matter)):
        raise Http404("没有找到该会议决定")
    return decision


def may_follow_up(user, decision: Decision) -> bool:
    """The responsible unit's staff report on a decision, and so may the convening region's
    bureau staff (who keep the meeting's record)."""
    if not may_write(user) or decision.status == DecisionStatus.DONE:
        return False
    if user.unit_id == decision.unit_id:
        return True
    region = decision.meeting.region
    return bool(user.region_id) and region.path.startswith(user.region.path)


def convening_units(user) -> QuerySet[Unit]:
    """Units `user` may name as convener or attendee: their own and those of their region."""
    condition = Q(pk__in=[])
    if user.unit_id:
        condition |= Q(pk=user.unit_id)
    if user.region_id:
        condition |= Q(region__in=subtree(user.region))
    return (
        Unit.objects.filter(condition, is_active=True)
        .select_related("region")
        .order_by("region__code", "name")
    )


def attendee_units(user) -> QuerySet[Unit]:
    """Units that may attend a meeting `user` records: those of their region and above it
    (a city department attends a county's meeting)."""
    if not user.region_id:
        return convening_units(user)
    paths = [user.region.path[:i] for i in range(1, len(user.region.path) + 1)]
    above = Region.objects.filter(path__in=paths).values("pk")
    return Unit.objects.filter(
        Q(region__in=subtree(user.region)) | Q(region__in=above), is_active=True
    ).order_by("region__code", "name")


def visible_groups(user) -> QuerySet[SpecialGroup]:
    if not user.region_id:
        return SpecialGroup.objects.filter(
            Q(lead_unit_id=user.unit_id) | Q(members__pk=user.unit_id)
        ).distinct()
    return SpecialGroup.objects.filter(region__in=subtree(user.region)).select_related(
        "content_class", "lead_unit", "region"
    )


def staff_of(unit_id: int) -> list[User]:
    """Whom a decision is for: the responsible unit's active staff (not its leaders)."""
    return list(User.objects.filter(unit_id=unit_id, is_active=True).exclude(role=Role.LEADER))


# -- clocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """Where a decision stands against its deadline, in working days."""

    state: str  # done / ok / soon / late
    days: int  # working days left (ok, soon) or late (late); 0 when done

    @property
    def words(self) -> str:
        if self.state == "done":
            return "已落实"
        if self.state == "late":
            return f"超期{self.days}个工作日"
        if self.days == 0:
            return "今日到期"
        return f"剩余{self.days}个工作日"


def clock(decision: Decision, today: dt.date, calendar: Calendar) -> Clock:
    if decision.status == DecisionStatus.DONE:
        return Clock("done", 0)
    if today > decision.due_on:
        return Clock("late", calendar.working_days_between(decision.due_on, today))
    left = calendar.working_days_between(today, decision.due_on)
    return Clock("soon" if left <= DUE_SOON else "ok", left)


def late_decisions(user, today: dt.date) -> QuerySet[Decision]:
    """Decisions past their deadline and not yet carried out, among those `user` may see."""
    readable = Q(matter__isnull=True) | Q(matter_id__in=visible_matter_ids(user))
    return (
        Decision.objects.filter(meeting__in=visible_meetings(user), due_on__lt=today)
        .exclude(status=DecisionStatus.DONE)
        .filter(readable)
        .select_related("meeting", "unit")
    )
