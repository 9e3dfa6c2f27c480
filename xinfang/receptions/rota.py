"""The 轮流坐班接访 rota planner: pure, over a calendar, so its properties can be tested alone.

1. The days are the period's working days on the project's calendar (statutory holidays
   are off, 调休 working weekends are on).
2. Shares are fair: with n days someone can sit and k leaders each leader gets ⌊n/k⌋ or ⌈n/k⌉ days whenever
   the unavailable days allow it. The assignment is a bipartite flow (days → leaders) grown
   by augmenting paths: first every leader's capacity is ⌊n/k⌋, then ⌈n/k⌉, then (only if
   unavailable days force it) one more at a time. An augmenting path never takes a day away
   from a leader's count, so a leader filled in an earlier round stays filled.
3. Each day tries leaders in turn starting from the day's position, so without constraints
   the rota is a plain rotation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xinfang.holidays.calendar import Calendar

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Plan:
    """day → leader key, plus the days nobody could sit (every leader unavailable)."""

    duties: dict[dt.date, object]
    uncovered: tuple[dt.date, ...]

    def counts(self, leaders: Iterable[object]) -> dict[object, int]:
        found = {leader: 0 for leader in leaders}
        for leader in self.duties.values():
            found[leader] += 1
        return found


def working_days(calendar: Calendar, first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if calendar.is_workday(day):
            days.append(day)
        day += ONE_DAY
    return days


def plan(
    days: Sequence[dt.date],
    leaders: Sequence[object],
    unavailable: dict[object, set[dt.date]] | None = None,
) -> Plan:
    """Assign each day one leader (see the module's steps)."""
    unavailable = unavailable or {}
    k = len(leaders)
    if not k:
        return Plan({}, tuple(days))
    candidates = {
        day: [
            leaders[(i + j) % k]
            for j in range(k)
            if day not in unavailable.get(leaders[(i + j) % k], ())
        ]
        for i, day in enumerate(days)
    }
    uncovered = tuple(day for day in days if not candidates[day])
    owner: dict[dt.date, object] = {}
    held: dict[object, list[dt.date]] = {leader: [] for leader in leaders}

    def augment(day: dt.date, capacity: int, seen: set) -> bool:
        for leader in candidates[day]:
            if leader in seen:
                continue
            seen.add(leader)
            if len(held[leader]) < capacity:
                held[leader].append(day)
                owner[day] = leader
                return True
            for other in list(held[leader]):
                if augment(other, capacity, seen):  # `other` moved to another leader
                    held[leader].remove(other)
                    held[leader].append(day)
                    owner[day] = leader
                    return True
        return False

    coverable = [day for day in days if candidates[day]]
    capacity = len(coverable) // k
    while True:
        for day in coverable:
            if day not in owner:
                augment(day, capacity, set())
        if all(day in owner for day in coverable) or capacity >= len(coverable):
            break
        capacity += 1
    return Plan({day: owner[day] for day in days if day in owner}, uncovered)
