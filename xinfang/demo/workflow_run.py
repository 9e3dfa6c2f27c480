"""Carry out planned workflow steps through `xinfang.workflow.actions`, as their actors, at
their moments; then bring every open matter's urgency up to the year's end."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from xinfang.accounts.models import User
from xinfang.demo.workflow_plan import Event
from xinfang.petitions.models import Matter
from xinfang.regions.models import Unit
from xinfang.workflow import actions
from xinfang.workflow.models import Clock, ClockState, Rating, RatingTarget, SupervisionNotice
from xinfang.workflow.tick import TickReport, run_tick

# Planned action → (the action, the keyword its unit goes to).
CALLS: dict[str, tuple[Callable, str]] = {
    "forward": (actions.forward, "unit"),
    "assign": (actions.forward, "unit"),
    "refuse": (actions.refuse, "legal_unit"),
    "file": (actions.file_away, ""),
    "answer_directly": (actions.answer_directly, ""),
    "accept": (actions.accept, ""),
    "object": (actions.object_to_transfer, ""),
    "extend": (actions.extend, ""),
    "answer": (actions.answer, ""),
    "rate": (actions.rate, ""),
    "request_review": (actions.request_review, "reviewing_unit"),
    "decide_review": (actions.decide_review, ""),
    "request_rereview": (actions.request_rereview, "reviewing_unit"),
    "decide_rereview": (actions.decide_rereview, ""),
    "settle": (actions.mark_settled, ""),
    "stop": (actions.mark_stopped, ""),
    "terminate": (actions.terminate, ""),
}


class Runner:
    def __init__(self, units: dict[str, Unit]):
        self.units = units
        self.users = {u.username: u for u in User.objects.select_related("unit__region", "region")}

    def perform(self, event: Event, matter: Matter) -> None:
        call, unit_keyword = CALLS[event.action]
        kwargs = dict(event.fields)
        if event.action == "assign":
            kwargs["assign"] = True
        if unit_keyword:
            kwargs[unit_keyword] = self.units[event.unit]
        if event.assisting:
            kwargs["assisting"] = [self.units[name] for name in event.assisting]
        call(self.users[event.actor], matter, at=event.moment, **kwargs)


def finish(moment: dt.datetime) -> TickReport:
    """Warnings, overdue marks and 督办 as of the year's end: the tick, run at `moment`."""
    return run_tick(now=moment)


@dataclass(frozen=True)
class Figures:
    """How the year ended: matters per status and urgency, ratings, late clocks, 督办."""

    statuses: dict[str, int]
    urgency: dict[int, int]
    ratings: dict[str, int]
    late_clocks: int
    notices: int


def figures() -> Figures:
    statuses = Counter(Matter.objects.values_list("status", flat=True))
    urgency = Counter(Matter.objects.values_list("urgency", flat=True))
    ratings = Counter(
        Rating.objects.filter(target=RatingTarget.UNIT).values_list("level", flat=True)
    )
    late = Clock.objects.filter(state__in=(ClockState.LATE, ClockState.LATE_MET)).count()
    return Figures(
        statuses=dict(statuses.most_common()),
        urgency=dict(sorted(urgency.items())),
        ratings=dict(ratings.most_common()),
        late_clocks=late,
        notices=SupervisionNotice.objects.count(),
    )
