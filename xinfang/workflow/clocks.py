"""Starting, meeting and pausing a matter's clocks; keeping its urgency current.

Called only from workflow actions (and the registration action for the first clock), inside
their transactions.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from xinfang.holidays.calendar import Calendar, Due, due_date
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource as time
from xinfang.petitions.models import Matter, Urgency
from xinfang.workflow.limits import Limit, all_limits, limit_for
from xinfang.workflow.models import WINDOW_KINDS, Clock, ClockKind, ClockState

OPEN_STATES = (ClockState.RUNNING, ClockState.PAUSED, ClockState.LATE)


def start(
    matter: Matter,
    kind: str,
    on: dt.date,
    *,
    unit=None,
    amount: int | None = None,
    calendar: Calendar | None = None,
    rule: Limit | None = None,
    due: Due | None = None,
) -> Clock:
    """Start a clock counting from `on` (the day itself not counted); `due` when the caller
    has already worked it out from the same rule."""
    rule = rule or limit_for(kind)
    amount = rule.amount if amount is None else amount
    due = due or due_date(on, amount, rule.measure, calendar=calendar)
    return Clock.objects.create(
        matter=matter, kind=kind, unit=unit, amount=amount, measure=rule.measure,
        started_on=on, due_on=due.date, provisional=due.provisional,
    )  # fmt: skip


def meet(matter: Matter, kinds: tuple[str, ...] | str, on: dt.date) -> None:
    """Stop the open clocks of `kinds`: met in time, or met late."""
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    for item in Clock.objects.filter(matter=matter, kind__in=kinds, state__in=OPEN_STATES):
        item.state = ClockState.MET if on <= item.due_on else ClockState.LATE_MET
        item.met_on = on
        item.save(update_fields=["state", "met_on"])


def cancel(matter: Matter, kinds: tuple[str, ...] | None = None) -> None:
    """Drop open clocks that no longer apply (a transfer objected to, a matter ended)."""
    qs = Clock.objects.filter(matter=matter, state__in=OPEN_STATES)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    qs.update(state=ClockState.CANCELLED)


def pause(matter: Matter, kind: str, on: dt.date) -> None:
    Clock.objects.filter(matter=matter, kind=kind, state=ClockState.RUNNING).update(
        state=ClockState.PAUSED, paused_on=on
    )


def resume(matter: Matter, kind: str, on: dt.date, calendar: Calendar | None = None) -> None:
    """Resume a paused clock; the paused days are not counted (e.g. a 复核 hearing)."""
    calendar = calendar or load_calendar()
    for item in Clock.objects.filter(matter=matter, kind=kind, state=ClockState.PAUSED):
        paused = (on - item.paused_on).days
        # Recount from the start with the paused days added, so the rest-day roll stays right.
        due = calendar.due_date(item.started_on, item.amount + paused, item.measure)
        item.due_on, item.provisional = due.date, due.provisional
        item.state, item.paused_on = ClockState.RUNNING, None
        item.save(update_fields=["due_on", "provisional", "state", "paused_on"])


def urgency_of(due_on: dt.date | None, late: bool, today: dt.date, rule: Limit) -> int:
    if due_on is None:
        return Urgency.NONE
    if late or due_on < today:
        return (
            Urgency.SERIOUSLY_OVERDUE
            if (today - due_on).days > rule.serious_days
            else Urgency.OVERDUE
        )
    if (due_on - today).days <= rule.warn_days:
        return Urgency.DUE_SOON
    return Urgency.NONE


def refresh(matters: list[int], today: dt.date | None = None) -> None:
    """Recompute next_due_on and urgency of the given matters from their duty clocks."""
    today = today or time.today()
    limits = all_limits()
    nearest: dict[int, tuple[dt.date, str, bool]] = {}
    rows = (
        Clock.objects.filter(matter_id__in=matters, state__in=OPEN_STATES)
        .exclude(kind__in=WINDOW_KINDS)
        .values_list("matter_id", "due_on", "kind", "state")
    )
    for matter_id, due_on, kind, state in rows:
        if matter_id not in nearest or due_on < nearest[matter_id][0]:
            nearest[matter_id] = (due_on, kind, state == ClockState.LATE)
    by_level: dict[tuple[dt.date | None, int], list[int]] = {}
    for matter_id in matters:
        due_on, kind, late = nearest.get(matter_id, (None, ClockKind.DISPOSE, False))
        level = urgency_of(due_on, late, today, limits[kind])
        by_level.setdefault((due_on, level), []).append(matter_id)
    for (due_on, level), ids in by_level.items():
        Matter.objects.filter(pk__in=ids).exclude(Q(next_due_on=due_on) & Q(urgency=level)).update(
            next_due_on=due_on, urgency=level
        )
