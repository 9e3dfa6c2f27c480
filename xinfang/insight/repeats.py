"""Rank earlier matters a probe may repeat (重信重访), with the reasons for each.

1. Look up the probe's keys in the index (bounded posting lists).
2. Keep the petitions with the most weighted key hits, among those the user may see.
3. Score each exactly: who (ID, phone, name by spelling, sound or one character, address)
   and what (bigram overlap of the text, the same 被反映人).
4. Keep the best petition per matter, above a floor, best first.

The score mixes the two so that the same person on the same thing scores near 1, the same
person on something else or a stranger on the same thing about one half, and a likely
repeat (worth linking) is anything from `LIKELY` up.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from xinfang.insight import index, normalise
from xinfang.insight.fingerprint import KeyKind, Person, Probe, keys, shingles
from xinfang.petitions.models import Matter, Petition, Petitioner
from xinfang.petitions.queries import visibility, with_shown_facts

LIKELY = 0.6
FLOOR = 0.3
SHORTLIST = 24
TEXT_LIMIT = 2000  # characters of an earlier petition compared: enough to recognise it
KIND_WEIGHT = {
    KeyKind.ID_NUMBER: 10,
    KeyKind.PHONE: 8,
    KeyKind.NAME: 4,
    KeyKind.NAME_SOUND: 3,
    KeyKind.NAME_VARIANT: 3,
    KeyKind.ACCUSED: 2,
    KeyKind.CONTENT: 1,
}


@dataclass
class Candidate:
    petition: Petition
    score: float
    reasons: list[str]
    shared: list[str] = field(default_factory=list)

    @property
    def matter(self) -> Matter:
        return self.petition.matter

    @property
    def is_likely(self) -> bool:
        return self.score >= LIKELY


def find(
    user,
    probe: Probe,
    *,
    exclude_matter_id: int | None = None,
    dismissed: set[int] = frozenset(),
    limit: int = 5,
) -> list[Candidate]:
    """The matters `probe` most likely repeats, best first, visible to `user` only."""
    grams = shingles(probe.text)
    kinds = keys(probe, grams)
    ids, sounds = shortlist(kinds, index.postings(kinds))
    if not ids:
        return []
    rows = earlier(user, ids, [*dismissed, exclude_matter_id or 0])
    ranked = rank(probe, grams, rows, sounds, limit=limit)
    shown = Petition.objects.select_related("region").in_bulk([c.pk for c in ranked])
    # Each matter with what the user may be shown of it (its count of visible petitions).
    matters = with_shown_facts(
        user, Matter.objects.filter(pk__in={p.matter_id for p in shown.values()})
    ).in_bulk()
    for petition in shown.values():
        petition.matter = matters[petition.matter_id]
    return [Candidate(shown[c.pk], c.score, c.reasons, c.shared) for c in ranked]


def shortlist(
    kinds: dict[int, KeyKind], postings: Iterable[tuple[int, int]]
) -> tuple[list[int], set[int]]:
    """Steps 1-2: the `SHORTLIST` petitions with the most weighted key hits (newest first
    on a tie), and those sharing a name-sound key with the probe."""
    found, sounds = hits(kinds, postings)
    return top(found), sounds


def hits(
    kinds: dict[int, KeyKind],
    postings: Iterable[tuple[int, int]],
    found: tuple[Counter[int], set[int]] | None = None,
) -> tuple[Counter[int], set[int]]:
    """Weighted key hits per petition and the petitions sharing a name-sound key, added to
    `found` (a bulk import counts the database's postings once, then its own rows')."""
    counts, sounds = found or (Counter(), set())
    for key, petition_id in postings:
        counts[petition_id] += KIND_WEIGHT[kinds[key]]
        if kinds[key] == KeyKind.NAME_SOUND:
            sounds.add(petition_id)
    return counts, sounds


def top(counts: Counter[int]) -> list[int]:
    ranked = sorted(counts.items(), key=lambda x: (-x[1], -x[0]))
    return [pid for pid, _ in ranked[:SHORTLIST]]


def rank(
    probe: Probe,
    grams: set[str],
    rows: Iterable[Earlier],
    sounds: set[int],
    *,
    limit: int,
    explain: bool = True,
    at_least: float = FLOOR,
) -> list[Scored]:
    """Steps 3-4: score each earlier petition, keep the best per matter from `at_least` up
    (`explain=False`: without the shared phrases, which only a reader needs)."""
    best: dict[int, Scored] = {}
    for row in rows:
        scored = score(
            probe, grams, row, sounds_alike=row.pk in sounds, explain=explain, at_least=at_least
        )
        if scored is None:
            continue
        kept = best.get(row.matter_id)
        if scored.score >= at_least and (kept is None or scored.score > kept.score):
            best[row.matter_id] = scored
    return sorted(best.values(), key=lambda c: (-c.score, -c.pk))[:limit]


@dataclass
class Earlier:
    """What scoring needs of an earlier petition (plain values: no model instances)."""

    pk: int
    matter_id: int
    text: str  # title and content as written: folded only if its shingles are needed
    accused_name: str
    people: list[Person]
    received_on: dt.date | None = None
    grams: set[str] | None = None  # its shingles, once made (a bulk import scores it often)


@dataclass
class Scored:
    pk: int
    matter_id: int
    score: float
    reasons: list[str]
    shared: list[str]


def earlier(user, ids: list[int], excluded_matters: list[int]) -> list[Earlier]:
    """The petitions `ids` that `user` may see, outside `excluded_matters`, for scoring."""
    rows = (
        Petition.objects.filter(visibility(user), pk__in=ids, voided_at=None)
        .exclude(matter_id__in=excluded_matters)
        .values_list("pk", "matter_id", "title", "content", "accused_name", "received_on")
    )
    found = {
        pk: Earlier(
            pk, matter_id, earlier_text(title, content), accused, [], received_on=received_on
        )
        for pk, matter_id, title, content, accused, received_on in rows
    }
    people = Petitioner.objects.filter(petition_id__in=list(found)).values_list(
        "petition_id", "name", "id_number", "phone", "address"
    )
    for petition_id, *fields in people:
        found[petition_id].people.append(Person(*fields))
    return list(found.values())


def earlier_text(title: str, content: str) -> str:
    return f"{title} {content[:TEXT_LIMIT]}"


def score(
    probe: Probe,
    grams: set[str],
    earlier: Earlier,
    *,
    sounds_alike: bool,
    explain: bool = True,
    at_least: float = 0.0,
) -> Scored | None:
    """The score of `earlier` for `probe`; None when it cannot reach `at_least` whatever the
    texts (the text comparison, the costly half, is then skipped)."""
    who, reasons = identity(probe.people, earlier.people, sounds_alike=sounds_alike)
    accused = normalise.name(probe.accused_name)
    same_accused = bool(accused) and accused == normalise.name(earlier.accused_name)
    best_side = 1 - (1 - 0.55) * 0.7 if same_accused else 0.55
    if round(who + (1 - who) * best_side, 3) < at_least:
        return None
    if earlier.grams is None:
        # Folded here, not when read: most shortlisted petitions fail the identity test
        # above, and folding every one was a tenth of a ledger import (bench/imports.py).
        earlier.grams = shingles(normalise.text(earlier.text))
    other = earlier.grams
    similarity = overlap(grams, other)
    what = min(1.0, max(0.0, (similarity - 0.1) / 0.4))
    if similarity >= 0.15:
        reasons.append(f"内容相似度{round(similarity * 100)}%")
    side = 0.55 * what
    if same_accused:
        reasons.append("被反映人相同")
        side = 1 - (1 - side) * 0.7
    total = who * (0.5 + 0.5 * what) + (1 - who) * side
    shared = shared_phrases(probe.text, other) if what and explain else []
    return Scored(earlier.pk, earlier.matter_id, round(total, 3), reasons, shared)


def identity(
    people: list[Person], others: list[Person], *, sounds_alike: bool = True
) -> tuple[float, list[str]]:
    """How sure we are the same person wrote both, from the best matching pair.

    `sounds_alike=False` (the index saw no name-sound key in common) skips the pinyin
    comparison, the one costly test.
    """
    best, best_reasons = 0.0, []
    for person in people:
        for other in others:
            strengths = _evidence(person, other, sounds_alike)
            certainty = 1.0
            for strength in strengths.values():
                certainty *= 1 - strength
            if 1 - certainty > best:
                best, best_reasons = 1 - certainty, list(strengths)
    return min(best, 0.99), best_reasons


def _evidence(person: Person, other: Person, sounds_alike: bool) -> dict[str, float]:
    found: dict[str, float] = {}
    number = normalise.id_number(person.id_number) or normalise.text(person.id_number).upper()
    if number and number == (
        normalise.id_number(other.id_number) or normalise.text(other.id_number).upper()
    ):
        found["证件号码相同"] = 0.95
    phone = normalise.phone(person.phone)
    if phone and phone == normalise.phone(other.phone):
        found["联系电话相同"] = 0.85
    name, other_name = normalise.name(person.name), normalise.name(other.name)
    if name and name == other_name:
        found["姓名相同"] = 0.45
    elif sounds_alike and name and normalise.name_sound(name) == normalise.name_sound(other_name):
        found["姓名读音相同"] = 0.35
    elif name and normalise.one_edit_apart(name, other_name):
        found["姓名仅一字之差"] = 0.3
    near = (
        person.address
        and other.address
        and fuzz.ratio(normalise.text(person.address), normalise.text(other.address))
    )
    if found and near and near >= 80:
        found["住址相同或相近"] = 0.45
    return found


def overlap(a: set[str], b: set[str]) -> float:
    """Bigram overlap: Jaccard, or containment when one text is a shortened other."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    jaccard = common / len(a | b)
    smaller = min(len(a), len(b))
    if smaller < 15:
        return jaccard
    return max(jaccard, 0.85 * common / smaller)


def shared_phrases(text: str, other: set[str], limit: int = 3) -> list[str]:
    """The longest runs of `text` that also occur in the other text: what matched, in words."""
    runs: list[str] = []
    start = None
    for i in range(len(text) - 1):
        if text[i : i + 2] in other:
            start = i if start is None else start
        elif start is not None:
            runs.append(text[start : i + 1])
            start = None
    if start is not None:
        runs.append(text[start:])
    runs = sorted({r for r in runs if len(r) >= 4}, key=len, reverse=True)
    return [r if len(r) <= 16 else r[:15] + "…" for r in runs[:limit]]
