"""Rank earlier matters a probe may repeat (重信重访), with the reasons for each.

1. Look up the probe's keys in the index (bounded posting lists).
2. Keep the petitions with the most weighted key hits, among those the user may see.
3. Score each exactly: who (ID, phone, name by spelling, sound or one character, address;
   one village with other house numbers is another household) and what (how much of the
   text recurs, the same 被反映人).
4. Keep the best petition per matter, above a floor, best first, each with what matched
   (`Match`: the keys and their values) and the passages both texts contain.

The score mixes the two so that the same person on the same thing scores near 1, the same
person on something else or a stranger on the same thing about one half, and a likely
repeat (worth linking) is anything from `LIKELY` up.

How much of the text recurs, once someone is recognised and both texts run to a sentence
or more, is the share of the shorter text's three-character runs that the other contains
(`runs`). On the bench's tuning split a follow-up letter that names only the petitioner and
retells the complaint from memory keeps 0.16-0.82 of the first letter's runs (0.33 and up
for 95 in 100); the same person on another matter, even on the same subject, shares stock
phrases only (at most 0.16). The bigram overlap cannot tell those apart (0.19-0.81 against
up to 0.26): with it a name alone needed more text in common than many retellings keep, and
an ID number with a related complaint was flagged. The ramp (`RUNS_FROM`, `RUNS_TO`) was
tuned on that split and is reported on the other (README, "Repeat detection").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from xinfang.insight import index, normalise
from xinfang.insight.fingerprint import KeyKind, Person, Probe, keys, shingles
from xinfang.lib import bulk
from xinfang.petitions.models import Matter, Petition, Petitioner
from xinfang.petitions.queries import visibility, with_shown_facts

LIKELY = 0.6
FLOOR = 0.3
# How sure the texts tell the same thing, 0 to 1 along a ramp: for a stranger from the
# bigram overlap, for someone recognised from the runs (see above).
OVERLAP_FROM, OVERLAP_TO = 0.1, 0.5
# Tuned on bench/repeats.py's tuning split (2026-12-05): the middle of the plateau where the
# most name-only follow-ups are flagged first and no new matter is (0.14-0.18 → 0.21-0.23).
RUNS_FROM, RUNS_TO = 0.16, 0.22
# Distinct trigrams the shorter text needs for runs (tried 10-40 on the tuning split: 10
# flags no new matter, 20 and up read more short texts by bigrams and flag one or two).
RUNS_MIN_TEXT = 10
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


@dataclass(frozen=True)
class Match:
    """One thing two petitions have in common, as the registrar is shown it."""

    key: str  # id_number, phone, name, name_sound, name_one_off, address, accused, content
    label: str  # in words: 证件号码相同, 内容相似度72% …
    value: str = ""  # what matched, as the earlier petition has it (ID and phone masked)


@dataclass
class Candidate:
    petition: Petition
    score: float
    matches: list[Match]
    shared: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return [m.label for m in self.matches]

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
    received_before: dt.date | None = None,
) -> list[Candidate]:
    """The matters `probe` most likely repeats, best first, visible to `user` only
    (`received_before`: among petitions received before that day only)."""
    grams = probe.grams
    kinds = keys(probe, grams)
    found = index.postings(kinds)
    if received_before is not None:
        # Dropped before the shortlist, so later petitions do not take its places (a key's
        # postings are still its newest PER_KEY, later ones included).
        kept = set(
            Petition.objects.filter(
                pk__in={pk for _, pk in found}, received_on__lt=received_before
            ).values_list("pk", flat=True)
        )
        found = [(key, pk) for key, pk in found if pk in kept]
    ids, sounds = shortlist(kinds, found)
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
    return [Candidate(shown[c.pk], c.score, c.matches, c.shared) for c in ranked]


def shortlist(
    kinds: dict[int, KeyKind], postings: Iterable[tuple[int, int]]
) -> tuple[list[int], set[int]]:
    """Steps 1-2: the `SHORTLIST` petitions with the most weighted key hits (newest first
    on a tie), and those sharing a name-sound key with the probe."""
    found, sounds = hits(kinds, postings)
    return top(found), sounds


def hits(
    kinds: dict[int, KeyKind], postings: Iterable[tuple[int, int]]
) -> tuple[Counter[int], set[int]]:
    """Weighted key hits per petition and the petitions sharing a name-sound key, from
    (key, petition id) postings, newest first per key."""
    lists: dict[int, list[int]] = {}
    for key, petition_id in postings:
        lists.setdefault(key, []).append(petition_id)
    return hits_by_key(kinds, lists)


def hits_by_key(
    kinds: dict[int, KeyKind], lists: dict[int, list[int]]
) -> tuple[Counter[int], set[int]]:
    """`hits` over posting lists by key, newest first, each read to its newest
    `index.PER_KEY` (a bulk import's lists, read for a chunk at once)."""
    counts, sounds = Counter(), set()
    for key, kind in kinds.items():
        ids = lists.get(key)
        if not ids:
            continue
        ids = ids[: index.PER_KEY]
        weight = KIND_WEIGHT[kind]
        for petition_id in ids:
            counts[petition_id] += weight
        if kind == KeyKind.NAME_SOUND:
            sounds.update(ids)
    return counts, sounds


def top(counts: Counter[int]) -> list[int]:
    ranked = sorted(counts.items(), key=lambda x: (-x[1], -x[0]))
    return [pid for pid, _ in ranked[:SHORTLIST]]


def rank(
    probe: Probe,
    grams: set[str] | None,
    rows: Iterable[Earlier],
    sounds: set[int],
    *,
    limit: int,
    explain: bool = True,
    at_least: float = FLOOR,
) -> list[Scored]:
    """Steps 3-4: score each earlier petition, keep the best per matter from `at_least` up
    (`explain=False`: without the shared phrases, which only a reader needs). `grams`: the
    probe's shingles, or None to make them only if a text is compared by them."""
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
    text: str | None  # title and content as written (None: not read), folded when compared
    accused_name: str
    people: list[Person]
    received_on: dt.date | None = None
    grams: set[str] | None = None  # its shingles, once made (a bulk import scores it often)
    folded: str | None = None  # its text folded, once made (for the same reason)
    codes: np.ndarray | None = None  # its runs as `run_codes`, once made (for the same reason)


@dataclass
class Scored:
    pk: int
    matter_id: int
    score: float
    matches: list[Match]
    shared: list[str]

    @property
    def reasons(self) -> list[str]:
        return [m.label for m in self.matches]


def earlier(user, ids: list[int], excluded_matters: list[int], texts: bool = True) -> list[Earlier]:
    """The petitions `ids` that `user` may see, outside `excluded_matters`, for scoring
    (`texts=False`: without their texts, for `add_texts` to read those still needed)."""
    columns = ("title", "content") if texts else ()
    rows = (
        Petition.objects.filter(visibility(user), pk__in=bulk.id_list(ids), voided_at=None)
        .exclude(matter_id__in=excluded_matters)
        .values_list("pk", "matter_id", "accused_name", "received_on", *columns)
    )
    found = {
        pk: Earlier(
            pk, matter_id, earlier_text(*text) if text else None, accused, [], received_on=day
        )
        for pk, matter_id, accused, day, *text in rows
    }
    people = Petitioner.objects.filter(petition_id__in=bulk.id_list(list(found))).values_list(
        "petition_id", "name", "id_number", "phone", "address"
    )
    for petition_id, *fields in people:
        found[petition_id].people.append(Person(*fields))
    return list(found.values())


def add_texts(rows: Iterable[Earlier]) -> None:
    """Read the texts of petitions `earlier(texts=False)` read (at a ledger import's scale
    most shortlisted petitions are other people's, never compared by text)."""
    wanted = {row.pk: row for row in rows}
    texts = Petition.objects.filter(pk__in=bulk.id_list(list(wanted))).values_list(
        "pk", "title", "content"
    )
    for pk, title, content in texts:
        wanted[pk].text = earlier_text(title, content)


def earlier_of(probe: Probe, pk: int, matter_id: int, received_on: dt.date) -> Earlier:
    """A probe as the earlier petition it becomes once stored (a bulk import scores the rows
    after it against it), its text folded already when the probe's is the same text, and
    then kept folded only (a ledger import keeps a million of them)."""
    if len(probe.content) <= TEXT_LIMIT:
        text = folded = probe.text
    else:
        text, folded = earlier_text(probe.title, probe.content), None
    return Earlier(
        pk, matter_id, text, probe.accused_name, probe.people, received_on=received_on,
        folded=folded,
    )  # fmt: skip


def earlier_text(title: str, content: str) -> str:
    return f"{title} {content[:TEXT_LIMIT]}"


def score(
    probe: Probe,
    grams: set[str] | None,
    earlier: Earlier,
    *,
    sounds_alike: bool,
    explain: bool = True,
    at_least: float = 0.0,
) -> Scored | None:
    """The score of `earlier` for `probe`; None when it cannot reach `at_least` whatever the
    texts (the text comparison, the costly half, is then skipped)."""
    who, matches, same_accused = _who(probe, earlier, sounds_alike)
    if _at_most(who, same_accused) < at_least:
        return None
    recurring = runs(_probe_codes(probe.text), _codes(earlier)) if who > 0 else None
    if recurring is not None:
        # Someone is recognised: whether it is the same story decides a likely repeat, and
        # runs tell the same story from the same subject (see the module's docstring).
        similarity, what = recurring, ramp(recurring, RUNS_FROM, RUNS_TO)
    else:
        # A stranger (the text alone never makes a likely repeat, at most 0.55: the bigram
        # overlap, its set already made, only orders them) or a text too short for runs.
        similarity = overlap(probe.grams if grams is None else grams, _grams(earlier))
        what = ramp(similarity, OVERLAP_FROM, OVERLAP_TO)
    if similarity >= 0.15:
        matches.append(Match("content", f"内容相似度{round(similarity * 100)}%"))
    side = 0.55 * what
    if same_accused:
        matches.append(Match("accused", "被反映人相同", earlier.accused_name))
        side = 1 - (1 - side) * 0.7
    total = who * (0.5 + 0.5 * what) + (1 - who) * side
    shared = shared_phrases(probe.text, _grams(earlier)) if what and explain else []
    return Scored(earlier.pk, earlier.matter_id, round(total, 3), matches, shared)


def reachable(probe: Probe, earlier: Earlier, *, sounds_alike: bool, at_least: float) -> bool:
    """Whether `earlier` could score `at_least` for `probe` whatever the texts: without its
    text (a bulk import reads the texts of only those that can)."""
    who, _, same_accused = _who(probe, earlier, sounds_alike)
    return _at_most(who, same_accused) >= at_least


def _who(probe: Probe, earlier: Earlier, sounds_alike: bool) -> tuple[float, list[Match], bool]:
    """How sure the same person wrote both, what ties them, and whether both accuse one."""
    who, matches = identity(probe.people, earlier.people, sounds_alike=sounds_alike)
    accused = normalise.name(probe.accused_name) if probe.accused_name else ""
    return who, matches, bool(accused) and accused == normalise.name(earlier.accused_name)


def _at_most(who: float, same_accused: bool) -> float:
    """The best score the texts could make of it (texts the same)."""
    best_side = 1 - (1 - 0.55) * 0.7 if same_accused else 0.55
    return round(who + (1 - who) * best_side, 3)


def _grams(earlier: Earlier) -> set[str]:
    """The earlier text's shingles, folded when first needed: most shortlisted petitions fail
    the identity test or are compared by runs, and folding every one was a tenth of a
    ledger import (bench/imports.py)."""
    if earlier.grams is None:
        earlier.grams = shingles(_folded(earlier))
    return earlier.grams


def _codes(earlier: Earlier) -> np.ndarray:
    """The earlier text's runs, made once per object (a bulk import compares a petition with
    many rows: making its runs again each time was a sixth of the import at 200,000 rows)."""
    if earlier.codes is None:
        earlier.codes = run_codes(_folded(earlier))
    return earlier.codes


def _folded(earlier: Earlier) -> str:
    """The earlier text folded once per object: a ledger import scores the same petitions
    for many rows, and folding them again (past `normalise.text`'s cache) was a tenth of
    its time at 400,000 rows (py-spy, bench/imports.py)."""
    if earlier.folded is None:
        assert earlier.text is not None, "read without its text (earlier(texts=False))"
        earlier.folded = normalise.text(earlier.text)
    return earlier.folded


def ramp(value: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, (value - low) / (high - low)))


def identity(
    people: list[Person], others: list[Person], *, sounds_alike: bool = True
) -> tuple[float, list[Match]]:
    """How sure we are the same person wrote both, from the best matching pair.

    `sounds_alike=False` (the index saw no name-sound key in common) skips the pinyin
    comparison, the one costly test.
    """
    best, best_matches = 0.0, []
    for person in people:
        for other in others:
            if not (sounds_alike or _may_tie(person, other)):
                continue
            found = _evidence(person, other, sounds_alike)
            certainty = 1.0
            for _, strength in found:
                certainty *= 1 - strength
            if 1 - certainty > best:
                best, best_matches = 1 - certainty, [m for m, _ in found]
    return min(best, 0.99), best_matches


def _may_tie(person: Person, other: Person) -> bool:
    """Whether `_evidence` (name sounds aside) can find anything: the same ID number or
    phone, or names of one length (the same, or one character off). Most pairs a ledger
    import shortlists share none (89% at 100,000 rows) and are passed over without gathering
    evidence, the identity test's cost (bench/imports.py)."""
    number, phone, name = _normal(person)
    other_number, other_phone, other_name = _normal(other)
    return bool(
        (number and number == other_number)
        or (phone and phone == other_phone)
        or (name and len(name) == len(other_name))
    )


def _evidence(person: Person, other: Person, sounds_alike: bool) -> list[tuple[Match, float]]:
    """What ties two petitioners together, each with its strength (0-1)."""
    found: list[tuple[Match, float]] = []
    number, phone, name = _normal(person)
    other_number, other_phone, other_name = _normal(other)
    if number and number == other_number:
        found.append((Match("id_number", "证件号码相同", _masked(number)), 0.95))
    if phone and phone == other_phone:
        found.append((Match("phone", "联系电话相同", _masked(phone)), 0.85))
    house = _same_house(person.address, other.address)
    if name and name == other_name:
        found.append((Match("name", "姓名相同", other.name), 0.45))
    elif sounds_alike and name and normalise.name_sound(name) == normalise.name_sound(other_name):
        found.append((Match("name_sound", "姓名读音相同", other.name), 0.35))
    elif name and normalise.one_edit_apart(name, other_name) and house is not False:
        # A name one character off is a slip of the pen only if nothing says otherwise:
        # two addresses in one village with different house numbers are two households.
        found.append((Match("name_one_off", "姓名仅一字之差", other.name), 0.3))
    if found and house:
        found.append((Match("address", "住址相同或相近", other.address), 0.45))
    return found


def _normal(person: Person) -> tuple[str, str, str]:
    """A petitioner's ID number, phone and name as compared, made once per person and kept
    with it (not pickled: `Person.__getstate__`). A ledger import compares each person with
    dozens of others, and the normalising functions' caches (65,536 values each) cannot
    hold a million people (bench/imports.py)."""
    normal = person.__dict__.get("_normal")
    if normal is None:
        raw = person.id_number
        normal = person._normal = (
            normalise.id_number(raw) or normalise.text(raw).upper(),
            normalise.phone(person.phone),
            normalise.name(person.name),
        )
    return normal


_HOUSE = re.compile(r"\d+")


def _same_house(address: str, other: str) -> bool | None:
    """True for the same address (or nearly: 80% alike, the same house numbers), False for
    two houses of one place (alike but numbered differently), None when it cannot tell."""
    a, b = normalise.text(address), normalise.text(other)
    if not (a and b) or (fuzz.ratio(a, b) < 80 and not _one_place(a, b)):
        return None
    numbers, other_numbers = set(_HOUSE.findall(a)), set(_HOUSE.findall(b))
    # 12号 and 12号3栋 (or 3组12号) are one house written more or less fully.
    if numbers and other_numbers and not (numbers <= other_numbers or other_numbers <= numbers):
        return False
    return fuzz.ratio(a, b) >= 80


def _one_place(a: str, b: str) -> bool:
    """The same place once house numbers are set aside (东村12号 and 东村45号)."""
    return fuzz.ratio(_HOUSE.sub("", a), _HOUSE.sub("", b)) >= 90


def _masked(value: str) -> str:
    """An ID number or phone (folded) as a suggestion shows it: its first three (of a long
    one) and last four characters, enough to recognise, not to copy."""
    if len(value) > 8:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * (len(value) - 4) + value[-4:]


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


def runs(codes: np.ndarray, other_codes: np.ndarray) -> float | None:
    """The share of the shorter text's three-character runs (distinct trigrams, as
    `run_codes`) that the other contains: what survives a retelling in other words, while
    unrelated petitions share only stock phrases. Distinct, so that a number written as 0000
    or a phrase said five times counts once. None under `RUNS_MIN_TEXT` runs (a ledger's
    「电梯停运」): too few to read a share from."""
    mine, theirs = sorted((codes, other_codes), key=len)
    if len(mine) < RUNS_MIN_TEXT:
        return None
    # Both sorted: where each of mine would sit among theirs, and whether it is there.
    at = np.searchsorted(theirs, mine)
    at[at == len(theirs)] = 0
    return int(np.count_nonzero(theirs[at] == mine)) / len(mine)


@lru_cache(maxsize=64)  # the probe's, once per lookup; an import scores one row often
def _probe_codes(text: str) -> np.ndarray:
    return run_codes(text)


_NO_RUNS = np.zeros(0, dtype=np.uint64)


def run_codes(text: str) -> np.ndarray:
    """A text's distinct three-character runs as sorted integers, each run's three code points
    side by side (21 bits each: two runs share a code only if they are the same). Kept with a
    petition they take 8 bytes a run where a set of strings took some 100, and comparing two
    is a search in C rather than a set built in Python (bench/imports.py)."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(points) < 3:
        return _NO_RUNS
    codes = (points[:-2] << 42) | (points[1:-1] << 21) | points[2:]
    codes.sort()
    # Each code once: sorted, a code is new where it differs from the one before (np.unique
    # does the same in three times the time on a petition's few hundred codes).
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))]


def shared_phrases(text: str, other: set[str], limit: int = 3) -> list[str]:
    """The longest runs of `text` that also occur in the other text: what matched, in words."""
    found: list[str] = []
    start = None
    for i in range(len(text) - 1):
        if text[i : i + 2] in other:
            start = i if start is None else start
        elif start is not None:
            found.append(text[start : i + 1])
            start = None
    if start is not None:
        found.append(text[start:])
    longest = sorted({r for r in found if len(r) >= 4}, key=len, reverse=True)
    return [r if len(r) <= 16 else r[:15] + "…" for r in longest[:limit]]
