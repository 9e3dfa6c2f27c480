"""A ledger's repeat keys in memory, and each row's shortlist from them, in array operations.

The preparing process of a ledger import (`linking.LedgerLinks`) matches every row with the
rows before it by insight's rule: the `repeats.SHORTLIST` earlier rows with the most weighted
key hits, each key read to its newest `index.PER_KEY` postings as the database's index reads
it. Done a row at a time in Python (a posting list per key in an in-memory SQLite table, hits
counted in a Counter), reading the lists and counting the hits were 42% of that process at
450,000 rows (py-spy, bench/imports.py). Here a chunk's rows are shortlisted at once:

- `Postings` keeps (key, row) pairs in a few sorted runs, the newest run last; two runs of
  like size are merged, and a merge keeps each key's newest `index.PER_KEY` only (a million
  rows have some twenty million postings: 12 bytes each here, as a Python dict of lists some
  2 GB);
- `shortlists` joins a chunk's (row, key) queries with the postings of the rows before the
  chunk and of the chunk's earlier rows, newest first per key, and counts the hits of each
  (row, earlier row) pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xinfang.insight import index, repeats
from xinfang.insight.fingerprint import KeyKind

# Weights by kind as an array (kinds are small ints).
_WEIGHTS = np.array([repeats.KIND_WEIGHT.get(k, 0) for k in range(max(KeyKind) + 1)])


@dataclass
class Chunk:
    """A chunk's rows as one query per (row, key): the row as its place in the chunk, the key,
    its kind; and the rows' numbers (increasing, in file order)."""

    numbers: np.ndarray
    row: np.ndarray
    key: np.ndarray
    kind: np.ndarray

    @classmethod
    def of(cls, numbers: list[int], kinds: list[dict[int, int]]) -> Chunk:
        count = sum(map(len, kinds))
        return cls(
            np.asarray(numbers, dtype=np.int64),
            np.repeat(np.arange(len(kinds)), [len(k) for k in kinds]),
            np.fromiter((k for keys in kinds for k in keys), dtype=np.int64, count=count),
            np.fromiter((k for keys in kinds for k in keys.values()), dtype=np.int64, count=count),
        )


class Postings:
    """(key, row) pairs, each key's newest `index.PER_KEY` rows readable."""

    def __init__(self):
        # Sorted by key, then row; every row of a run newer than every row of the runs before.
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, chunk: Chunk) -> None:
        """Add the postings of a chunk of rows newer than all added so far."""
        keys, rows = chunk.key, chunk.numbers[chunk.row]
        order = np.lexsort((rows, keys))
        self.runs.append((keys[order], rows[order].astype(np.int32)))
        # Merge while the run before is no longer than the newest (a binary counter): runs of
        # sizes halving, so a lookup searches a few arrays and a posting is copied a few times.
        while len(self.runs) > 1 and len(self.runs[-2][0]) <= len(self.runs[-1][0]):
            newer, older = self.runs.pop(), self.runs.pop()
            self.runs.append(_newest_per_key(*_merged(older, newer)))

    def newest(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For sorted distinct keys `wanted`: each key's newest `index.PER_KEY` rows, newest
        first: (rows, begin, end), wanted[i]'s being rows[begin[i]:end[i]]."""
        at, found = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        for keys, rows in self.runs:
            low = np.searchsorted(keys, wanted, "left")
            high = np.searchsorted(keys, wanted, "right")
            which, step = _expanded(high - np.maximum(low, high - index.PER_KEY))
            at.append(which)
            found.append(rows[high[which] - 1 - step].astype(np.int64))
        at, found = np.concatenate(at), np.concatenate(found)
        order = np.lexsort((-found, at))
        at, found = at[order], found[order]
        each = np.arange(len(wanted))
        begin = np.searchsorted(at, each, "left")
        end = np.minimum(np.searchsorted(at, each, "right"), begin + index.PER_KEY)
        return found, begin, end


@dataclass
class Shortlist:
    """A row's shortlist: earlier rows, most weighted hits first (newest on a tie), and those
    sharing a name-sound key with it."""

    rows: list[int]
    sounds: set[int]


def shortlists(postings: Postings, chunk: Chunk) -> list[Shortlist]:
    """The shortlist of each of a chunk's rows, from the postings of the rows before the chunk
    (not yet added) and of the chunk's rows before each."""
    row, kind = chunk.row, chunk.kind
    queries, earlier = _read(postings, chunk.numbers, row, chunk.key)
    # Weighted hits per (row, earlier row), and whether a name-sound key is among them.
    pairs, inverse = np.unique(row[queries] * (1 << 32) + earlier, return_inverse=True)
    hits = np.bincount(inverse, _WEIGHTS[kind[queries]], len(pairs))
    sounds = np.bincount(inverse, kind[queries] == KeyKind.NAME_SOUND, len(pairs)) > 0
    probe, candidate = pairs >> 32, pairs & 0xFFFFFFFF
    # Each row's best `repeats.SHORTLIST`: most hits, then newest (`repeats.top`'s order).
    order = np.lexsort((-candidate, -hits, probe))
    probe, candidate, sounds = probe[order], candidate[order], sounds[order]
    kept = np.arange(len(probe)) - _run_starts(probe) < repeats.SHORTLIST
    probe, candidate, sounds = probe[kept], candidate[kept], sounds[kept]
    bounds = np.searchsorted(probe, np.arange(len(chunk.numbers) + 1)).tolist()
    # The few sharing a name-sound key gathered by row: a set made from each row's whole
    # shortlist was 8% of the linking process (py-spy at 450,000 rows).
    sounding: dict[int, set[int]] = {}
    for at in np.flatnonzero(sounds).tolist():
        sounding.setdefault(int(probe[at]), set()).add(int(candidate[at]))
    candidate = candidate.tolist()
    return [
        Shortlist(candidate[b:e], sounding.get(i) or set())
        for i, (b, e) in enumerate(zip(bounds[:-1], bounds[1:], strict=True))
    ]


def _read(postings: Postings, numbers: np.ndarray, row: np.ndarray, key: np.ndarray):
    """Each query's earlier rows, as (query, earlier row number) pairs: for a query (row,
    key) the key's newest `index.PER_KEY` rows before that row."""
    wanted, which = np.unique(key, return_inverse=True)
    stored, begin, end = postings.newest(wanted)
    # First the chunk's own rows before it, newest first: in key-then-row order a query's
    # are the queries before it in its key's run.
    order = np.lexsort((row, which))
    local = np.minimum(np.arange(len(order)) - _run_starts(which[order]), index.PER_KEY)
    at, step = _expanded(local)
    queries, earlier = [order[at]], [numbers[row[order[at - 1 - step]]]]
    # Then the rows before the chunk, up to the key's cap in all.
    local_of = np.empty_like(local)
    local_of[order] = local
    query, step = _expanded(np.minimum((end - begin)[which], index.PER_KEY - local_of))
    queries.append(query)
    earlier.append(stored[begin[which[query]] + step])
    return np.concatenate(queries), np.concatenate(earlier)


def _expanded(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each index i repeated counts[i] times, with 0 … counts[i]-1 beside it."""
    counts = np.maximum(counts, 0)
    at = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return at, np.arange(len(at)) - starts[at]


def _run_starts(values: np.ndarray) -> np.ndarray:
    """For sorted `values`: where the run of equal values each belongs to starts."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.concatenate(([True], values[1:] != values[:-1]))
    return np.maximum.accumulate(np.where(new, np.arange(len(values)), 0))


def _merged(older, newer) -> tuple[np.ndarray, np.ndarray]:
    keys = np.concatenate((older[0], newer[0]))
    rows = np.concatenate((older[1], newer[1]))
    # Stable: a key's postings stay in row order (the older run's rows are the older ones).
    order = np.argsort(keys, kind="stable")
    return keys[order], rows[order]


def _newest_per_key(keys: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep each key's newest `index.PER_KEY` postings (sorted by key, then row)."""
    if len(keys) == 0:
        return keys, rows
    # Counted from the end: a key's newest posting is the last of its run.
    flipped = keys[::-1]
    from_end = (np.arange(len(keys)) - _run_starts(flipped))[::-1]
    kept = from_end < index.PER_KEY
    return keys[kept], rows[kept]
