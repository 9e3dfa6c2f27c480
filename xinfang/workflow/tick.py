"""The tick (每日巡检): warn before deadlines, remind late units (催办), escalate seriously late
ones (督办), let the petitioner's windows lapse, and keep every matter's urgency current.

Run by `xinfang tick` (once) and `xinfang worker` (in a loop). Each step works in chunks, one
transaction each:
1. pick up to CHUNK candidate clocks through the (state, due_on) index;
2. lock their matters, in primary-key order, as the workflow actions do (matter first, then
   its clocks), so a tick and a user's step never wait on each other in a circle;
3. claim the clocks with one conditional UPDATE: the step's condition still holds (state
   unchanged, its timestamp still NULL) and a fresh random token goes into Clock.claim;
4. read back exactly the rows carrying the token and write their events, notifications and
   notices in bulk, through the events app's one write path (record_all, notify_all: the
   notifications' e-mail and SMS go to the outbox in the same transaction).
A clock another worker claimed no longer meets the condition, so two workers running at once
never act on the same clock, and running the tick again finds nothing left to do.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from time import perf_counter
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q, QuerySet

from xinfang.accounts.models import Role, User
from xinfang.accounts.queries import StaffDirectory
from xinfang.events.actions import notify_all, record_all
from xinfang.events.models import EventKind
from xinfang.holidays.calendar import Measure
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource as time
from xinfang.lib.errors import DomainError
from xinfang.petitions import hooks
from xinfang.petitions.models import Matter, MatterStatus, Urgency
from xinfang.petitions.queries import who_may_know
from xinfang.regions.models import Unit
from xinfang.workflow import clocks
from xinfang.workflow.limits import Limit, all_limits
from xinfang.workflow.machine import Action, move_all, target
from xinfang.workflow.models import (
    WINDOW_KINDS,
    Clock,
    ClockKind,
    ClockState,
    SupervisionNotice,
)

CHUNK = 2000  # clocks claimed per transaction
REFRESH_CHUNK = 1000  # matters per urgency refresh
REPLY_WORKDAYS = 5  # a 督办 notice asks for a written reply within 5个工作日
DUTY_KINDS = tuple(kind for kind in ClockKind if kind not in WINDOW_KINDS)
# A lapsed window closes the matter only from the status it was opened in.
CLOSING_WINDOWS = {
    ClockKind.REVIEW_WINDOW: (MatterStatus.ANSWERED, "复查申请期限届满，办结"),
    ClockKind.REREVIEW_WINDOW: (MatterStatus.REVIEWED, "复核申请期限届满，办结"),
}
BUREAU_ROLES = (Role.HANDLER, Role.REGISTRAR)
OVERSEER_ROLES = (Role.SUPERVISOR, Role.LEADER)


@dataclass
class TickReport:
    """What one tick did (counts of clocks, matters and notifications)."""

    warned: int = 0
    late: int = 0
    escalated: int = 0
    lapsed: int = 0
    closed: int = 0
    refreshed: int = 0
    notified: int = 0
    seconds: float = 0.0

    def counts(self) -> str:
        return " ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self)[:-1])

    def __str__(self) -> str:
        return f"{self.counts()} in {self.seconds:.2f}s"


class _Row(NamedTuple):
    """A claimed clock with what the tick needs of its matter."""

    pk: int
    kind: str
    unit_id: int | None
    due_on: dt.date
    matter_id: int
    number: str
    status: str
    is_accusation: bool
    registering_unit_id: int
    region_path: str

    @property
    def label(self) -> str:
        return ClockKind(self.kind).label

    @property
    def responsible_unit_id(self) -> int:
        """The clock's unit; the registering bureau for the dispose clock, which has none."""
        return self.unit_id or self.registering_unit_id


ROW_FIELDS = (
    "pk", "kind", "unit_id", "due_on", "matter_id", "matter__number", "matter__status",
    "matter__is_accusation", "matter__registering_unit_id", "matter__region__path",
)  # fmt: skip


def run_tick(*, today: dt.date | None = None, now: dt.datetime | None = None) -> TickReport:
    """Run every step once, in order; safe to run again and alongside another worker.

    `now` is the moment written on what the run does (by default now), `today` the day it
    runs for (by default the date of `now`).
    """
    started = perf_counter()
    now = now or time.now()
    run = _Run(today or time.day_of(now), now)
    # The features' daily work first (settings.XINFANG_HOOKS): the rates' rollup moves to the
    # new day, so marking clocks late then changes nothing in it (an open clock past its
    # deadline already counts as not met); hot issues are computed once a day.
    hooks.day_started(run.today, run.now)
    run.warn()
    run.mark_late()
    run.escalate()
    run.lapse_windows()
    run.refresh()
    run.report.seconds = perf_counter() - started
    return run.report


@transaction.atomic
def lapse_window(matter: Matter, today: dt.date | None = None) -> bool:
    """期满办结: the petitioner let the 复查 (or 复核) window pass, so the answer stands.

    A system step (no actor). Returns False when the matter moved on meanwhile (a review was
    requested), in which case nothing changes.
    """
    today = today or time.today()
    target(Action.LAPSE, matter.status)  # IllegalStep unless answered or reviewed
    kind = next(k for k, (status, _) in CLOSING_WINDOWS.items() if status == matter.status)
    window = Clock.objects.filter(matter=matter, kind=kind).order_by("-pk").first()
    if window is not None and window.due_on >= today:
        raise DomainError(f"{window.get_kind_display()}尚未届满")
    if window is not None:
        Clock.objects.filter(pk=window.pk, state=ClockState.RUNNING).update(state=ClockState.LAPSED)
    closed = _close_lapsed([(matter.pk, matter.status, window.pk if window else None)], today)
    clocks.refresh([matter.pk], today)
    return bool(closed)


def _close_lapsed(
    items: Iterable[tuple[int, str, int | None]], today: dt.date, now: dt.datetime | None = None
) -> list[int]:
    """Move each (matter, old status, window clock) to its LAPSE target if still in that status.

    The UPDATE is conditional on the old status, under a row lock, so a review requested at
    the same moment wins cleanly: that matter is left alone and gets no event.
    """
    now = now or time.now()
    by_status: dict[str, dict[int, int | None]] = defaultdict(dict)
    for matter_id, status, clock_id in items:
        by_status[status][matter_id] = clock_id
    moved = move_all(Action.LAPSE, by_status, closed_on=today)
    closed: list[int] = []
    events = []
    for old, still in moved.items():
        new = target(Action.LAPSE, old)
        summary = next(text for status, text in CLOSING_WINDOWS.values() if status == old)
        events += [
            {"kind": EventKind.WORKFLOW_STEP, "matter_id": pk, "summary": summary,
             "data": {"action": Action.LAPSE.value, "from": old, "to": new, "step": None,
                      "clock": by_status[old][pk]}}
            for pk in still
        ]  # fmt: skip
        closed += still
    record_all(events, at=now)
    return closed


class _Run:
    def __init__(self, today: dt.date, now: dt.datetime) -> None:
        self.today, self.now = today, now
        self.limits: dict[str, Limit] = all_limits()
        self.report = TickReport()
        self.touched: dict[int, dt.date] = {}  # matter → due date, to refresh in date order
        self._staff: StaffDirectory | None = None
        self._unit_names: dict[int, str] | None = None

    @property
    def staff(self) -> StaffDirectory:
        if self._staff is None:
            self._staff = StaffDirectory()
        return self._staff

    @property
    def unit_names(self) -> dict[int, str]:
        if self._unit_names is None:
            self._unit_names = dict(Unit.objects.values_list("pk", "name"))
        return self._unit_names

    # 1. The steps, each a loop of claimed chunks.

    def warn(self) -> None:
        """a. Duty clocks due within their limit's warn_days get one warning."""
        by_days: dict[int, list[str]] = defaultdict(list)
        for kind in DUTY_KINDS:
            by_days[self.limits[kind].warn_days].append(kind)
        near = Q()
        for days, kinds in by_days.items():
            near |= Q(kind__in=kinds, due_on__lte=self.today + dt.timedelta(days=days))
        # The outer range bounds the index scan; `near` then applies each kind's own days.
        candidates = Clock.objects.filter(
            near,
            state=ClockState.RUNNING,
            due_on__gte=self.today,
            due_on__lte=self.today + dt.timedelta(days=max(by_days)),
            warned_at__isnull=True,
        )

        def handle(rows: list[_Row]) -> None:
            self.report.warned += len(rows)
            events = [
                self._event(EventKind.CLOCK_WARNING, row, f"{row.label}期限将于{row.due_on:%Y-%m-%d}到期")
                for row in rows
            ]  # fmt: skip
            self._notify(rows, events, escalate=False)

        self._claim_each(candidates, handle, warned_at=self.now)

    def mark_late(self) -> None:
        """b. Running duty clocks past their due date become late: 催办 to the unit."""
        candidates = Clock.objects.filter(
            state=ClockState.RUNNING,
            due_on__lt=self.today,
            kind__in=DUTY_KINDS,
            late_at__isnull=True,
        )

        def handle(rows: list[_Row]) -> None:
            self.report.late += len(rows)
            events = [
                self._event(
                    EventKind.CLOCK_LATE, row,
                    f"超期催办：{row.label}期限已于{row.due_on:%Y-%m-%d}到期，已超期{self._late(row)}天",
                )
                for row in rows
            ]  # fmt: skip
            self._notify(rows, events, escalate=False)

        self._claim_each(candidates, handle, state=ClockState.LATE, late_at=self.now)

    def escalate(self) -> None:
        """c. Clocks late by more than serious_days: a 督办 notice, once per clock."""
        by_days: dict[int, list[str]] = defaultdict(list)
        for kind in DUTY_KINDS:
            by_days[self.limits[kind].serious_days].append(kind)
        serious = Q()
        for days, kinds in by_days.items():
            serious |= Q(kind__in=kinds, due_on__lt=self.today - dt.timedelta(days=days))
        candidates = Clock.objects.filter(
            serious,
            state=ClockState.LATE,
            due_on__lt=self.today - dt.timedelta(days=min(by_days)),
            escalated_at__isnull=True,
        )
        reply_by = load_calendar().due_date(self.today, REPLY_WORKDAYS, Measure.WORKDAY).date

        def handle(rows: list[_Row]) -> None:
            self.report.escalated += len(rows)
            notices = SupervisionNotice.objects.bulk_create(
                [self._notice(row, reply_by) for row in rows]
            )
            events = []
            for row, notice in zip(rows, notices, strict=True):
                unit = self.unit_names.get(row.responsible_unit_id, "")
                summary = f"督办：{unit}{row.label}期限已超期{self._late(row)}天，请于{reply_by:%Y-%m-%d}前书面回复"
                events.append(
                    self._event(EventKind.SUPERVISION, row, summary[:200], notice=notice.pk)
                )
            self._notify(rows, events, escalate=True)

        self._claim_each(candidates, handle, escalated_at=self.now)

    def lapse_windows(self) -> None:
        """d. The petitioner's windows past their date lapse; an unreviewed answer stands.

        A lapsed rating window is 超期未评价 and only marked.
        """
        candidates = Clock.objects.filter(
            state=ClockState.RUNNING, due_on__lt=self.today, kind__in=WINDOW_KINDS
        )

        def handle(rows: list[_Row]) -> None:
            self.report.lapsed += len(rows)
            closing = [
                (row.matter_id, row.status, row.pk)
                for row in rows
                if row.kind in CLOSING_WINDOWS and CLOSING_WINDOWS[row.kind][0] == row.status
            ]
            self.report.closed += len(_close_lapsed(closing, self.today, self.now))

        self._claim_each(candidates, handle, state=ClockState.LAPSED)

    def refresh(self) -> None:
        """e. Recompute urgency of every matter touched, plus any the date alone made stale.

        The second set catches matters whose step committed in an earlier run that stopped
        before refreshing (the claim is then spent, so no step would touch them again).
        """
        soon = max(self.limits[k].warn_days for k in DUTY_KINDS)
        serious = min(self.limits[k].serious_days for k in DUTY_KINDS)
        stale = (
            Matter.objects.filter(
                urgency__in=(Urgency.NONE, Urgency.DUE_SOON), next_due_on__lt=self.today
            ),
            Matter.objects.filter(
                urgency=Urgency.NONE, next_due_on__lte=self.today + dt.timedelta(days=soon)
            ),
            Matter.objects.filter(
                urgency=Urgency.OVERDUE,
                next_due_on__lt=self.today - dt.timedelta(days=serious),
            ),
        )
        for qs in stale:
            for pk, due_on in qs.values_list("pk", "next_due_on"):
                self.touched.setdefault(pk, due_on)
        # Date order keeps each chunk to a few (due date, urgency) groups, one UPDATE each.
        ordered = sorted(self.touched, key=lambda pk: (self.touched[pk], pk))
        for start in range(0, len(ordered), REFRESH_CHUNK):
            chunk = sorted(ordered[start : start + REFRESH_CHUNK])
            with transaction.atomic():
                _lock_matters(chunk)
                clocks.refresh(chunk, self.today)
        self.report.refreshed = len(ordered)

    # 2. Claiming, and writing what a claim produces.

    def _claim_each(
        self, candidates: QuerySet[Clock], handle: Callable[[list[_Row]], None], **changes
    ) -> None:
        """Claim `candidates` chunk by chunk and `handle` each chunk in the same transaction."""
        while True:
            with transaction.atomic():
                picked = list(
                    candidates.order_by("due_on", "pk").values_list("pk", "matter_id")[:CHUNK]
                )
                if not picked:
                    return
                _lock_matters({matter_id for _, matter_id in picked})
                token = uuid.uuid4().hex
                candidates.filter(pk__in=[pk for pk, _ in picked]).update(claim=token, **changes)
                rows = [
                    _Row(*values)
                    for values in Clock.objects.filter(claim=token)
                    .order_by("pk")
                    .values_list(*ROW_FIELDS)
                ]
                for row in rows:
                    self.touched.setdefault(row.matter_id, row.due_on)
                if rows:
                    handle(rows)

    def _late(self, row: _Row) -> int:
        return (self.today - row.due_on).days

    def _event(self, kind: EventKind, row: _Row, summary: str, **extra) -> dict[str, Any]:
        """A system event (no actor) for `record_all`."""
        data = {"clock": row.pk, "kind": row.kind, "due_on": row.due_on.isoformat(), **extra}
        return {"kind": kind, "matter_id": row.matter_id, "summary": summary, "data": data}

    def _notice(self, row: _Row, reply_by: dt.date) -> SupervisionNotice:
        unit = self.unit_names.get(row.responsible_unit_id, "")
        text = (
            f"{unit}：信访事项{row.number}的{row.label}期限已于{row.due_on:%Y-%m-%d}到期，"
            f"至今已超期{self._late(row)}天，属严重超期。请抓紧依法办理，"
            f"并于{reply_by:%Y-%m-%d}前（{REPLY_WORKDAYS}个工作日内）书面回复办理情况。"
        )
        return SupervisionNotice(
            matter_id=row.matter_id, clock_id=row.pk, unit_id=row.responsible_unit_id,
            issued_at=self.now, text=text,
        )  # fmt: skip

    def _recipients(self, row: _Row, escalate: bool) -> list[User]:
        staff = self.staff
        # The clock's unit; for the dispose clock (no unit), the registering bureau's handlers.
        if row.unit_id:
            found = staff.of(row.unit_id)
        else:
            found = staff.of(row.registering_unit_id, BUREAU_ROLES)
        if row.is_accusation:
            # 检举控告 (第30条): only the unit handling it and the registering unit's
            # authorised staff; the visibility check below drops anyone else.
            found += [u for u in staff.of(row.registering_unit_id) if u.may_handle_accusations]
        elif escalate:
            found += staff.covering(row.region_path, OVERSEER_ROLES)
        return list({user.pk: user for user in found}.values())

    def _notify(self, rows: list[_Row], items: list[dict[str, Any]], *, escalate: bool) -> None:
        events = record_all(items, at=self.now)
        wanted = [self._recipients(row, escalate) for row in rows]
        # The bulk path bypasses events.notify, so it applies the same audience rule itself
        # (who_may_know) to every 检举控告 row (第30条). Other rows go to the responsible unit
        # and the overseers over the place, whom the rule admits by construction; checking
        # them too would cost a query per recipient per chunk on a catch-up run.
        seen = who_may_know(
            (row.matter_id, users)
            for row, users in zip(rows, wanted, strict=True)
            if row.is_accusation
        )
        pairs = [
            (event, [u for u in users if not row.is_accusation or (u.pk, row.matter_id) in seen])
            for row, event, users in zip(rows, events, wanted, strict=True)
        ]
        self.report.notified += notify_all(pairs, at=self.now)


def _lock_matters(matter_ids: Iterable[int]) -> None:
    """Take the matters' row locks in one order (a no-op on SQLite, whose writes queue)."""
    list(
        Matter.objects.select_for_update()
        .filter(pk__in=list(matter_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
