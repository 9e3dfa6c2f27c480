"""The figures of a hot issue from its members: 批次, 人次, growth, places, classes, flags.

Pure functions, used twice: when a snapshot is computed (city-wide) and when a user reads it
(over the members that user may see only, so no figure reveals a petition they cannot open).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from xinfang.petitions.models import COLLECTIVE_VISIT_MIN_PEOPLE, Channel

WEEK = 7
FAST_RATIO = 2  # 快速增长: at least twice the petitions of the week before …
FAST_MIN = 3  # … and at least three in the last week
KEEP_BATCHES = 3  # a cluster is a hot issue from three petitions,
KEEP_PERSONS = 10  # or ten people, or any collective visit


@dataclass(frozen=True)
class Member:
    petition_id: int
    matter_id: int
    received_on: dt.date
    petitioner_count: int
    channel: str
    place: str  # county-level area name
    content_class: str
    centrality: float = 0.0
    phrases: tuple[str, ...] = ()

    @property
    def is_collective(self) -> bool:
        return (
            self.channel == Channel.COLLECTIVE_VISIT
            or self.petitioner_count >= COLLECTIVE_VISIT_MIN_PEOPLE
        )


@dataclass
class Figures:
    batches: int
    persons: int
    matters: int
    recent: int  # received in the last 7 days (today included)
    previous: int  # received in the 7 days before those
    trend: str
    is_fast_growing: bool
    is_collective: bool
    is_multi_place: bool
    places: list[tuple[str, int]] = field(default_factory=list)
    classes: list[tuple[str, int]] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        return [
            label
            for label, on in (
                ("快速增长", self.is_fast_growing),
                ("集体访", self.is_collective),
                ("涉及多地", self.is_multi_place),
            )
            if on
        ]

    @property
    def growth(self) -> float | None:
        """近7日 ÷ 前7日, or None when the week before had none."""
        return round(self.recent / self.previous, 1) if self.previous else None


def is_hot(members: Sequence[Member]) -> bool:
    """Worth a leader's attention: ≥ 3 petitions, ≥ 10 people, or a collective visit."""
    return len(members) >= 2 and (
        len(members) >= KEEP_BATCHES
        or sum(m.petitioner_count for m in members) >= KEEP_PERSONS
        or any(m.is_collective for m in members)
    )


def figures(members: Sequence[Member], today: dt.date) -> Figures:
    recent_from = today - dt.timedelta(days=WEEK - 1)
    previous_from = recent_from - dt.timedelta(days=WEEK)
    recent = sum(1 for m in members if recent_from <= m.received_on <= today)
    previous = sum(1 for m in members if previous_from <= m.received_on < recent_from)
    places = Counter(m.place for m in members)
    fast = recent >= FAST_MIN and recent >= FAST_RATIO * previous
    return Figures(
        batches=len(members),
        persons=sum(m.petitioner_count for m in members),
        matters=len({m.matter_id for m in members}),
        recent=recent,
        previous=previous,
        trend=trend(recent, previous, fast),
        is_fast_growing=fast,
        is_collective=any(m.is_collective for m in members),
        is_multi_place=len(places) > 1,
        places=places.most_common(),
        classes=Counter(m.content_class for m in members).most_common(),
    )


def trend(recent: int, previous: int, fast: bool) -> str:
    if fast:
        return "快速增长"
    if recent == previous:
        return "持平" if recent else "近两周无新件"
    return "增长" if recent > previous else "回落"


def phrases(members: Sequence[Member], ranked: Sequence[str]) -> list[tuple[str, int]]:
    """The cluster's phrases (best first) with how many of `members` contain each."""
    counts = Counter(p for m in members for p in m.phrases)
    return [(p, counts[p]) for p in ranked if counts[p] >= 2]


def representative(members: Sequence[Member]) -> Member:
    """The member most similar to the others."""
    return max(members, key=lambda m: (m.centrality, -m.petition_id))


def order_key(f: Figures) -> tuple:
    """Flagged first, then by 人次, then by growth of the last week."""
    return (-len(f.flags), -f.persons, -(f.recent - f.previous), -f.batches)
