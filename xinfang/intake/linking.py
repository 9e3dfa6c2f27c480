"""Repeats among a ledger's own rows (重信重访 within the file), found while it is prepared.

A past ledger's repeats are mostly of its own earlier rows. The process that prepares the rows
(`importing.prepared_chunks`) keeps what insight's repeat rule needs of every row it has
passed, and gives each row its best earlier row by that rule, so that the process writing the
rows reads nothing back from the database to score it, and the two processes share the work:

- the rows' repeat keys as `postings.Postings` (sorted arrays, each key's newest
  `index.PER_KEY` kept, as the database's index reads them);
- each row as the `repeats.Earlier` it becomes (its folded text, people and day), the runs of
  the `RECENT` most recently compared kept with them (8 bytes a run).

Then, as at registration: the shortlist by weighted key hits (`postings.shortlists`, a chunk
at once, in the order of `repeats.top`), earlier days only, scored by `repeats.rank` from
`repeats.LIKELY` up. When the writer did it, reading the shortlisted rows back from the
database and folding their texts again was more than a quarter of its time (py-spy at
600,000 rows, bench/imports.py).

Which matter a row joins is the writer's to decide: it knows the matters in the database, and
compares this row's best with the best petition stored before the import (`_Writer`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Protocol

from xinfang.insight import repeats
from xinfang.insight.fingerprint import Probe
from xinfang.intake import postings

# Rows whose runs (and shingles, if made) stay kept, the most recently compared: some 2 KB a
# row. A row is compared with the newest rows that share a name with it, which for a common
# name reach back a tenth of a million-row ledger: with 20,000 kept, making runs again was a
# ninth of the preparing process at 450,000 rows (py-spy). Keeping 100,000 did not make the
# 1,000,000-row import faster (1,629 s with 20,000, 1,731 s with 100,000 and the stored
# title; bench/imports.py, one run each): what it saves is not yet separated from the noise.
RECENT = 100_000


class Linkable(Protocol):
    number: int  # the row's number in the ledger: increasing in file order
    received_on: object
    probe: Probe
    kinds: dict[int, int]
    repeats: tuple[int, float] | None


class LedgerLinks:
    """What the rows passed so far are matched on; `link` finds each new row's best."""

    def __init__(self):
        self.postings = postings.Postings()
        self.rows: dict[int, repeats.Earlier] = {}
        self.compared: OrderedDict[int, None] = OrderedDict()  # rows with runs kept

    def link(self, rows: list[Linkable]) -> None:
        """Set each row's `repeats`: (the number of the earlier row it most likely repeats,
        its score), or None; rows in file order, each after the rows before it."""
        chunk = postings.Chunk.of([row.number for row in rows], [row.kinds for row in rows])
        shortlists = postings.shortlists(self.postings, chunk)
        for row, shortlist in zip(rows, shortlists, strict=True):
            day = row.received_on
            candidates = [
                earlier
                for earlier in map(self.rows.__getitem__, shortlist.rows)
                if earlier.received_on <= day
            ]
            best = repeats.rank(
                row.probe, None, candidates, shortlist.sounds, limit=1, explain=False,
                at_least=repeats.LIKELY,
            )  # fmt: skip
            row.repeats = (best[0].pk, best[0].score) if best else None
            self._touch(c.pk for c in candidates if c.codes is not None or c.grams is not None)
            self.rows[row.number] = repeats.earlier_of(row.probe, row.number, row.number, day)
        self.postings.add(chunk)

    def _touch(self, numbers: Iterable[int]) -> None:
        """Mark rows as just compared; drop the runs of the least recently compared."""
        for number in numbers:
            self.compared[number] = None
            self.compared.move_to_end(number)
        while len(self.compared) > RECENT:
            number, _ = self.compared.popitem(last=False)
            row = self.rows[number]
            row.codes = row.grams = None
