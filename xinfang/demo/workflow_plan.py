"""Plan each demo matter's way through the statutory procedure: pure data, one plan per seed.

For every first petition the planner decides the steps (转送/交办, 不予受理, 存档, 直接答复,
受理, 异议, 延期, 答复, 评价, 复查, 复核, 案结事了, 息访, 终结), who takes each and when, against
the real deadlines (the holiday calendar and the configured limits). Most steps are in time,
a few late; some matters stop early on purpose so the year ends with overdue ones. Steps that
would fall after the cutoff (the demo's year end, or now) are dropped, so recent matters
stay open at whatever stage they reached.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from xinfang.demo import mix, people, replies
from xinfang.demo.places import CITY_CODE
from xinfang.demo.plan import OFFICE_MINUTES, PetitionPlan, office_moment
from xinfang.holidays.calendar import Calendar
from xinfang.regions.models import UnitKind
from xinfang.workflow.limits import Limit
from xinfang.workflow.models import ClockKind

DAY = dt.timedelta(days=1)
OUTCOMES = ("support", "explain", "reject")
OUTCOME_WEIGHTS = {"unit": (45, 40, 15), "direct": (20, 70, 10), "accusation": (30, 30, 40)}
LEVELS = ("satisfied", "basically", "dissatisfied")
# The unit's rating by outcome: overall ≈ 满意 65% / 基本满意 25% / 不满意 10%.
RATING_WEIGHTS = {"support": (80, 17, 3), "explain": (60, 30, 10), "reject": (35, 35, 30)}
SETTLE_SHARE = {"support": 0.5, "explain": 0.3, "reject": 0.05}
STOP_SHARE = {"support": 0.02, "explain": 0.15, "reject": 0.2}
DISPOSE_DELAYS = (0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8)
ACCEPT_DELAYS = (1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10)


@dataclass
class Event:
    """One workflow step: run `action` as `actor` at `moment` on the matter of plan `matter`."""

    moment: dt.datetime
    matter: int  # index of the matter's first petition plan
    action: str
    actor: str  # username
    unit: str = ""  # the unit the step names (destination, 政法 organ, reviewing body)
    assisting: tuple[str, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def day(self) -> dt.date:
        return self.moment.date()


@dataclass(frozen=True)
class Staffing:
    """Who acts for which unit, and where each unit sits."""

    handlers: dict[str, str]  # unit name → login of its handler
    units: dict[str, tuple[str, str]]  # unit name → (region code, UnitKind)
    counties: dict[str, str]  # county-level code → name

    def bureau_of(self, region_code: str) -> str:
        if region_code == CITY_CODE or region_code not in self.counties:
            return mix.CITY_BUREAU
        return f"{self.counties[region_code]}信访局"

    def region_of(self, unit: str) -> str:
        return self.units[unit][0]

    def peers(self, unit: str, kinds: tuple[str, ...]) -> list[str]:
        """Other units of the given kinds in the same region, in name order."""
        region = self.region_of(unit)
        return sorted(
            name
            for name, (code, kind) in self.units.items()
            if code == region and kind in kinds and name != unit and name in self.handlers
        )


def plan_workflow(
    plans: list[PetitionPlan],
    staffing: Staffing,
    *,
    seed: int,
    year_end: dt.date,
    cutoff: dt.datetime,
    calendar: Calendar,
    limits: dict[str, Limit],
) -> list[Event]:
    """Every matter's steps, in the order of the plans (not yet by date)."""
    planner = _Planner(staffing, random.Random(seed), year_end, cutoff, calendar, limits)
    events: list[Event] = []
    for p in plans:
        if p.repeat_of is None:
            # A generator per matter: where the cutoff (which may be "now") truncates one
            # matter's steps changes nothing about the others.
            planner.rng = random.Random(f"{seed}:workflow:{p.index}")
            events.extend(planner.matter(p))
    return events


class _Flow:
    """The steps of one matter, each strictly after the one before and none after the cutoff."""

    def __init__(self, planner: _Planner, p: PetitionPlan):
        self.planner, self.index = planner, p.index
        self.last = p.moment
        self.events: list[Event] = []
        self.open = True

    def add(self, day: dt.date, action: str, actor: str, unit: str = "", **kw: Any) -> bool:
        if not self.open:
            return False
        moment = self.planner.at(day, self.last)
        if moment > self.planner.cutoff:
            self.open = False  # everything after it would be later still
            return False
        self.events.append(Event(moment, self.index, action, actor, unit, **kw))
        self.last = moment
        return True


class _Planner:
    def __init__(
        self,
        staffing: Staffing,
        rng: random.Random,
        year_end: dt.date,
        cutoff: dt.datetime,
        calendar: Calendar,
        limits: dict[str, Limit],
    ):
        self.staffing, self.rng = staffing, rng
        self.year_end, self.cutoff, self.calendar = year_end, cutoff, calendar
        self.limits = limits

    # Dates and times.
    def at(self, day: dt.date, after: dt.datetime) -> dt.datetime:
        """An office-hours moment on `day`, strictly after `after`."""
        rng = self.rng
        moment = office_moment(day, rng.randrange(OFFICE_MINUTES), rng.randrange(60))
        if moment <= after:
            moment = after + dt.timedelta(minutes=rng.randint(5, 60))
        return moment

    def workday(self, day: dt.date) -> dt.date:
        while not self.calendar.is_workday(day):
            day += DAY
        return day

    def workdays_after(self, day: dt.date, count: int) -> dt.date:
        while count:
            day += DAY
            count -= self.calendar.is_workday(day)
        return day

    def due(self, kind: str, start: dt.date, amount: int | None = None) -> dt.date:
        rule = self.limits[kind]
        return self.calendar.due_date(
            start, rule.amount if amount is None else amount, rule.measure
        ).date

    def in_time(
        self, start: dt.date, delays: tuple[int, ...], due: dt.date, late: float
    ) -> dt.date:
        """A working day a few days after `start` and by `due`; late (after it) with `late`."""
        if self.rng.random() < late:
            return self.workday(due + self.rng.randint(1, 15) * DAY)
        return min(self.workday(start + self.rng.choice(delays) * DAY), due)

    # One matter.
    def matter(self, p: PetitionPlan) -> list[Event]:
        rng, flow = self.rng, _Flow(self, p)
        bureau = (
            "city-registrar" if p.is_accusation else p.registrar.replace("-registrar", "-handler")
        )
        stuck = self._stuck(p)
        if stuck == "registered":
            return flow.events
        day = self.in_time(p.day, DISPOSE_DELAYS, self.due(ClockKind.DISPOSE, p.day), 0.03)
        kind, unit = self._disposal(p)
        if kind == "refuse":
            flow.add(day, "refuse", bureau, unit, fields={"reason": replies.REFUSE_REASON})
            return flow.events
        if kind == "file":
            flow.add(day, "file", bureau, fields={"reason": rng.choice(replies.FILE_REASONS)})
            return flow.events
        if kind == "direct":
            outcome = rng.choices(OUTCOMES, OUTCOME_WEIGHTS["direct"])[0]
            if flow.add(day, "answer_directly", bureau, fields=self._answer(p, day, outcome)):
                self._after(flow, p, day, outcome, "", bureau)
            return flow.events
        action = "assign" if self._assigns(p) else "forward"
        if not p.is_accusation and rng.random() < 0.025:  # a wrong transfer, objected to
            wrong = self._wrong(unit)
            if wrong:
                reason = rng.choice(replies.OBJECTION_REASONS).format(unit=unit)
                objected = self.workdays_after(day, rng.randint(1, 4))
                if not (
                    flow.add(day, action, bureau, wrong, fields={"note": "请依法处理并按时反馈"})
                    and flow.add(
                        objected, "object", self._handler(wrong), fields={"reason": reason}
                    )
                ):
                    return flow.events
                day = self.workday(objected + rng.randint(0, 3) * DAY)
        note = "请依法办理，按期答复信访人并反馈结果" if action == "assign" else "请依法处理"
        assisting = self._assisting(p, unit)
        if not flow.add(day, action, bureau, unit, assisting=assisting, fields={"note": note}):
            return flow.events
        if stuck == "forwarded":
            return flow.events
        self._handle(flow, p, day, unit, bureau, stuck)
        return flow.events

    def _handle(
        self, flow: _Flow, p: PetitionPlan, day: dt.date, unit: str, bureau: str, stuck: str
    ) -> None:
        """受理, maybe 延期 or 协议化解, and the 处理意见书."""
        rng, handler = self.rng, self._handler(unit)
        accepted = self.in_time(day, ACCEPT_DELAYS, self.due(ClockKind.ACCEPT_NOTICE, day), 0.03)
        fast = (
            not p.is_accusation
            and p.channel != "collective_visit"
            and not p.is_urgent
            and p.purpose in ("consult", "request")
            and rng.random() < 0.15
        )
        notice = {
            "notice": replies.accept_notice(rng, p.title, accepted, fast),
            "delivery": self._delivery(p),
            "fast_track": fast,
        }
        if not flow.add(accepted, "accept", handler, fields=notice) or stuck == "accepted":
            return
        handle_due = self.due(ClockKind.HANDLE_FAST if fast else ClockKind.HANDLE, accepted)
        extension = 0
        if not fast and rng.random() < 0.06:
            extension = rng.choice((15, 20, 30, 30))
            asked = self.workday(max(accepted + DAY, handle_due - rng.randint(3, 15) * DAY))
            fields = {
                "days": extension,
                "reason": rng.choice(replies.EXTENSION_REASONS),
                "approver": approver(unit),
            }
            if not flow.add(min(asked, handle_due), "extend", handler, fields=fields):
                return
        elif not fast and not p.is_accusation and rng.random() < 0.015:
            settled = self.workday(accepted + rng.randint(15, 50) * DAY)
            text = rng.choice(replies.AGREEMENTS)
            flow.add(settled, "terminate", bureau, fields={"method": "agreement", "text": text})
            return
        answered = self._answer_day(accepted, handle_due, fast, extension)
        kind = "accusation" if p.is_accusation else "unit"
        outcome = rng.choices(OUTCOMES, OUTCOME_WEIGHTS[kind])[0]
        if flow.add(answered, "answer", handler, fields=self._answer(p, answered, outcome)):
            self._after(flow, p, answered, outcome, unit, bureau)

    def _answer_day(self, accepted: dt.date, due: dt.date, fast: bool, extension: int) -> dt.date:
        rng = self.rng
        if fast:
            late, start, span = 0.03, accepted, (2, 12)
        elif extension:
            due, start = self.due(ClockKind.EXTENSION, due, extension), due
            late, span = 0.1, (1, extension)
        else:
            late, start, span = 0.04, accepted, (12, 58)
        if rng.random() < late:
            return self.workday(due + rng.randint(1, 25) * DAY)
        return min(self.workday(start + rng.randint(*span) * DAY), due)

    def _after(
        self, flow: _Flow, p: PetitionPlan, day: dt.date, outcome: str, unit: str, bureau: str
    ) -> None:
        """What follows an answer: rating, 复查 and 复核, 案结事了, 息访, 救助息访."""
        rng = self.rng
        steps: list[tuple[dt.date, str, str, str, dict[str, Any]]] = []
        dissatisfied = False
        if not p.is_anonymous and rng.random() < (0.76 if unit else 0.66):
            level = rng.choices(LEVELS, RATING_WEIGHTS[outcome])[0]
            better = LEVELS[max(0, LEVELS.index(level) - 1)]
            of_bureau = level if rng.random() < 0.75 else better
            dissatisfied = "dissatisfied" in (level, of_bureau)
            rating = {"bureau": of_bureau, "unit": level}
            if dissatisfied:
                rating["reason"] = rng.choice(replies.DISSATISFIED)
            steps.append((day + rng.randint(1, 20) * DAY, "rate", bureau, "", rating))
        chance = 0.35 if dissatisfied else 0.05 if outcome == "reject" else 0.025
        if unit and not p.is_accusation and rng.random() < chance:
            steps += self._review(day, unit, outcome)
        elif rng.random() < SETTLE_SHARE[outcome]:
            text = rng.choice(replies.SETTLED)
            steps.append((self.workday(day + rng.randint(7, 45) * DAY), "settle", bureau, "", {"text": text}))  # fmt: skip
        elif rng.random() < STOP_SHARE[outcome]:
            text = rng.choice(replies.STOPPED)
            steps.append((self.workday(day + rng.randint(20, 90) * DAY), "stop", bureau, "", {"text": text}))  # fmt: skip
        elif outcome != "support" and rng.random() < 0.03:
            text = rng.choice(replies.AID)
            last = max((s[0] for s in steps), default=day)
            steps.append((self.workday(last + rng.randint(5, 30) * DAY), "terminate", bureau, "", {"method": "aid", "text": text}))  # fmt: skip
        for when, action, actor, named, fields in sorted(steps, key=lambda s: s[0]):
            if not flow.add(when, action, actor, named, fields=fields):
                return

    def _review(self, day: dt.date, unit: str, outcome: str) -> list[tuple]:
        """复查 at the unit's superior bureau (or the city's), maybe 复核 at the city's."""
        rng, staffing = self.rng, self.staffing
        superior = staffing.bureau_of(staffing.region_of(unit))
        body = mix.CITY_BUREAU if rng.random() < 0.3 else superior
        actor = self._handler(body)
        asked = min(
            self.workday(day + rng.randint(3, 28) * DAY), self.due(ClockKind.REVIEW_WINDOW, day)
        )
        reason = rng.choice(replies.REVIEW_REASONS).format(unit=unit)
        steps = [(asked, "request_review", actor, body, {"reason": reason, "requested_on": asked})]
        decided = self.workday(asked + rng.randint(8, 28) * DAY)
        if rng.random() < 0.12:
            fields = {"method": "hearing", "text": replies.HEARING}
            return [*steps, (decided, "terminate", actor, "", fields)]
        upheld = rng.random() < 0.8
        fields = {"outcome": outcome if upheld else "support", "text": replies.review_decision(rng, upheld)}  # fmt: skip
        steps.append((decided, "decide_review", actor, "", fields))
        if rng.random() < 0.35:
            city = self._handler(mix.CITY_BUREAU)
            again = min(self.workday(decided + rng.randint(3, 28) * DAY), self.due(ClockKind.REREVIEW_WINDOW, decided))  # fmt: skip
            reason = rng.choice(replies.REREVIEW_REASONS)
            steps.append((again, "request_rereview", city, mix.CITY_BUREAU, {"reason": reason, "requested_on": again}))  # fmt: skip
            final = self.workday(again + rng.randint(10, 28) * DAY)
            fields = {"outcome": fields["outcome"], "text": replies.rereview_decision(rng)}
            steps.append((final, "decide_rereview", city, "", fields))
            if rng.random() < 0.3:
                text = rng.choice(replies.STOPPED)
                steps.append((self.workday(final + rng.randint(10, 60) * DAY), "stop", city, "", {"text": text}))  # fmt: skip
        return steps

    # Choices.
    def _stuck(self, p: PetitionPlan) -> str:
        """Where a matter stays although its limit has passed: a few, mostly recent ones.

        Only where the limit has passed by the year's end: never disposed after 15 days,
        never accepted after about a month, never answered after about two and a half.
        """
        age = (self.year_end - p.day).days
        recent = age <= 200
        stages = (
            ("registered", 20, 0.004 if recent else 0.001),
            ("forwarded", 25, 0.012 if recent else 0.002),
            ("accepted", 75, 0.02 if recent else 0.004),
        )
        roll = self.rng.random()
        for stage, least_age, share in stages:
            if age >= least_age and roll < share:
                return stage
            roll -= share
        return ""

    def _disposal(self, p: PetitionPlan) -> tuple[str, str]:
        """(kind, unit): forward, refuse (to the 政法 organ), file or direct."""
        rng, unit = self.rng, p.assign_unit
        if p.is_accusation:
            return "forward", unit or mix.CITY_DISCIPLINE
        if p.is_law_related:
            return ("refuse", mix.CITY_POLITICAL_LEGAL) if rng.random() < 0.85 else ("forward", unit)  # fmt: skip
        if not unit:
            return ("direct", "") if rng.random() < 0.75 else ("file", "")
        if p.channel in ("letter", "online", "fax") and rng.random() < 0.015:
            return "file", ""
        if p.purpose == "consult" and rng.random() < 0.5:
            return "direct", ""
        return "forward", unit

    def _assigns(self, p: PetitionPlan) -> bool:
        """交办 (report back required) for most 进京/赴省/越级 and some 重大紧急 matters."""
        roll = self.rng.random()
        if p.level in ("national", "province") or p.is_overlevel:
            return roll < 0.7
        return roll < (0.5 if p.is_urgent else 0.03)

    def _assisting(self, p: PetitionPlan, unit: str) -> tuple[str, ...]:
        if p.is_accusation or self.rng.random() >= 0.08:
            return ()
        peers = self.staffing.peers(unit, (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP))
        return (self.rng.choice(peers),) if peers else ()

    def _wrong(self, unit: str) -> str:
        if self.staffing.units[unit][1] not in (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP):
            return ""
        peers = self.staffing.peers(unit, (UnitKind.DEPARTMENT,))
        return self.rng.choice(peers) if peers else ""

    def _delivery(self, p: PetitionPlan) -> str:
        if p.channel == "online" and self.rng.random() < 0.5:
            return "electronic"
        return self.rng.choices(("in_person", "post", "electronic"), (40, 50, 10))[0]

    def _handler(self, unit: str) -> str:
        return self.staffing.handlers[unit]

    def _answer(self, p: PetitionPlan, day: dt.date, outcome: str) -> dict[str, Any]:
        main = p.main
        fields = replies.answer(
            self.rng,
            class_code=p.class_code,
            title=p.title,
            petitioner=main.person.name if main else "信访人",
            received_on=p.day,
            outcome=outcome,
        )
        return {**fields, "outcome": outcome, "delivery": self._delivery(p), "delivered_on": day}


def approver(unit: str) -> str:
    """The unit head who approves an extension: the same name for a unit whatever the seed."""
    rng = random.Random(f"head:{unit}")
    name = people.full_name(rng, "M" if rng.random() < 0.8 else "F")
    if unit.endswith(("纪律检查委员会", "政法委员会")):
        return f"{name}书记"
    if unit.endswith(("委员会", "街道")):
        return f"{name}主任"
    return f"{name}镇长" if unit.endswith("镇") else f"{name}局长"
