"""What a petition is matched on: a probe of its facts and the index keys made from them.

A key is a 64-bit hash of (kind, place, value). Identity keys (ID number, phone) are global;
names, 被反映人 and content are scoped to the county of the 问题属地, because repeats are
about the same place and a county scope keeps every posting list short.

Content keys are MinHash LSH bands over character bigrams: two texts with bigram Jaccard
J share at least one band with probability 1 - (1 - J**ROWS)**BANDS (J=0.5 → 99%, 0.3 → 78%).
Chinese needs no word segmentation for this.
"""

from __future__ import annotations

import hashlib
import operator
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property, lru_cache

import numpy as np
from datasketch import MinHash

from xinfang.insight import normalise

BANDS = 16
ROWS = 2
SEED = 1
assert ROWS == 2, "`_content_keys` writes a band as two values"


class KeyKind(IntEnum):
    ID_NUMBER = 1
    PHONE = 2
    NAME = 3
    NAME_SOUND = 4
    NAME_VARIANT = 5
    ACCUSED = 6
    CONTENT = 7


@dataclass
class Person:
    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""

    def __getstate__(self) -> dict:
        """Its fields only: what scoring keeps with it (`repeats._normal`) is made again
        where needed rather than sent to another process with every row."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


@dataclass
class Probe:
    """The facts of a petition, registered or not, that repeats are recognised by."""

    title: str
    content: str
    region_code: str
    people: list[Person] = field(default_factory=list)
    accused_name: str = ""

    @property
    def scope(self) -> str:
        return county_of(self.region_code)

    @cached_property
    def text(self) -> str:
        return normalise.text(f"{self.title} {self.content}")

    @cached_property
    def grams(self) -> set[str]:
        return shingles(self.text)


def county_of(region_code: str) -> str:
    """The county-level code a region belongs to (townships sit below their county)."""
    return (region_code or "")[:6]


def shingles(normal_text: str) -> set[str]:
    """Character bigrams: robust to reordered sentences and one-word rewrites."""
    # map over two offsets of the string: a third of the time of slicing in a comprehension
    return set(map(operator.add, normal_text, normal_text[1:]))


@lru_cache(maxsize=1)
def _template() -> MinHash:
    sketch = MinHash(num_perm=BANDS * ROWS, seed=SEED, hashfunc=zlib.crc32)
    # The scheme `signature` computes; another would change every content key stored.
    assert sketch.scheme == "affine32", f"datasketch's scheme is now {sketch.scheme}"
    return sketch


def signature(grams: set[str]) -> np.ndarray:
    """The MinHash of `grams`, exactly as datasketch's MinHash (scheme "affine32") makes it:
    each gram's CRC-32, mixed by MurmurHash3's finaliser, through each permutation
    h → a·h + b (mod 2³²), the least per permutation. Done here in a few array operations:
    a MinHash object per text, even reused, cost twice as much, a tenth of the time to
    prepare a ledger's rows (py-spy, bench/imports.py). The tests hold it to datasketch's."""
    template = _template()
    if not grams:
        return template.hashvalues.copy()
    a, b = template.permutations
    hv = np.fromiter(map(zlib.crc32, map(str.encode, grams)), dtype=np.uint32, count=len(grams))
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return (hv[:, np.newaxis] * a + b).min(axis=0)


def key(kind: KeyKind, scope: str, value: str) -> int:
    digest = hashlib.blake2b(f"{int(kind)}|{scope}|{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def keys(probe: Probe, grams: set[str] | None = None) -> dict[int, KeyKind]:
    """Every index key of a probe, with its kind (`grams`: its shingles, if already made)."""
    found: dict[int, KeyKind] = {}
    scope = probe.scope
    for person in probe.people:
        if number := normalise.id_number(person.id_number) or _other_id(person.id_number):
            found[key(KeyKind.ID_NUMBER, "", number)] = KeyKind.ID_NUMBER
        if phone := normalise.phone(person.phone):
            found[key(KeyKind.PHONE, "", phone)] = KeyKind.PHONE
        if name := normalise.name(person.name):
            found[key(KeyKind.NAME, scope, name)] = KeyKind.NAME
            if sound := normalise.name_sound(name):
                found[key(KeyKind.NAME_SOUND, scope, sound)] = KeyKind.NAME_SOUND
            for variant in normalise.name_variants(name):
                found[key(KeyKind.NAME_VARIANT, scope, variant)] = KeyKind.NAME_VARIANT
    if accused := normalise.name(probe.accused_name):
        found[key(KeyKind.ACCUSED, scope, accused)] = KeyKind.ACCUSED
    grams = probe.grams if grams is None else grams
    if len(grams) >= 4:
        found.update(dict.fromkeys(_content_keys(scope, signature(grams)), KeyKind.CONTENT))
    return found


def _content_keys(scope: str, values: np.ndarray) -> Iterator[int]:
    """`key(KeyKind.CONTENT, scope, "band:value,value")` for each band of a signature, its
    text made in one f-string (a ledger import makes sixteen a row: through `key` they were
    a third of the time to make a row's keys). Two values a band (`ROWS`)."""
    prefix = f"{int(KeyKind.CONTENT)}|{scope}|"
    # As Python ints: str() of a NumPy integer takes several times as long.
    values = values.tolist()
    for band, (first, second) in enumerate(zip(values[0::2], values[1::2], strict=True)):
        digest = hashlib.blake2b(f"{prefix}{band}:{first},{second}".encode(), digest_size=8)
        yield int.from_bytes(digest.digest(), "big", signed=True)


def _other_id(raw: str) -> str:
    """Credit codes and other documents match as typed, folded."""
    folded = normalise.text(raw).upper()
    return folded if len(folded) >= 6 else ""
