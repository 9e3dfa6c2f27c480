"""A ledger's shortlists in array operations (`postings`) follow insight's rule row by row."""

from __future__ import annotations

from collections import Counter
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xinfang.insight import repeats
from xinfang.insight.fingerprint import KeyKind
from xinfang.intake import postings
from xinfang.intake.postings import Chunk, Postings, shortlists


def _one_by_one(chunks: list[list[dict[int, int]]], cap: int) -> list[tuple[list[int], set[int]]]:
    """The rule as registration applies it, a row at a time: every key's newest `cap` earlier
    rows, weighted hits counted, the `repeats.SHORTLIST` best (most hits, then newest)."""
    lists: dict[int, list[int]] = {}
    found = []
    number = 0
    for chunk in chunks:
        for kinds in chunk:
            number += 1
            counts, sounds = Counter(), set()
            for key, kind in kinds.items():
                newest = lists.get(key, [])[:cap]
                for earlier in newest:
                    counts[earlier] += repeats.KIND_WEIGHT[KeyKind(kind)]
                if kind == KeyKind.NAME_SOUND:
                    sounds.update(newest)
            best = repeats.top(counts)
            found.append((best, sounds & set(best)))
            for key in kinds:
                lists.setdefault(key, []).insert(0, number)
    return found


def _in_chunks(chunks: list[list[dict[int, int]]]) -> list[tuple[list[int], set[int]]]:
    store = Postings()
    found = []
    number = 0
    for rows in chunks:
        chunk = Chunk.of(list(range(number + 1, number + len(rows) + 1)), rows)
        number += len(rows)
        found += [(s.rows, s.sounds) for s in shortlists(store, chunk)]
        store.add(chunk)
    return found


# Few keys, so that rows share them and lists reach the cap.
_kinds = st.dictionaries(st.integers(-3, 8), st.sampled_from([int(k) for k in KeyKind]), max_size=4)
_chunks = st.lists(st.lists(_kinds, max_size=12), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(chunks=_chunks, cap=st.integers(1, 5))
def test_chunked_shortlists_equal_the_row_by_row_rule(chunks, cap):
    with mock.patch.object(postings.index, "PER_KEY", cap):
        assert _in_chunks(chunks) == _one_by_one(chunks, cap)


def test_a_key_keeps_its_newest_postings_across_merged_runs(monkeypatch):
    monkeypatch.setattr(postings.index, "PER_KEY", 3)
    store = Postings()
    for number in range(1, 41):
        store.add(Chunk.of([number], [{7: KeyKind.NAME, number * 100: KeyKind.CONTENT}]))
    rows, begin, end = store.newest(np.array([7, 500, 9999]))
    assert rows[begin[0] : end[0]].tolist() == [40, 39, 38]
    assert rows[begin[1] : end[1]].tolist() == [5]
    assert begin[2] == end[2]
    assert len(store.runs) < 10  # merged as it grew, not one run per chunk
