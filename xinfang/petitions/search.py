"""Free-text search over petition titles and contents, fast at 100,000+ rows.

Chinese has no spaces, and a `LIKE '%…%'` scan over every content costs ~200 ms at
100,000 petitions. So each petition's text is indexed as overlapping character bigrams
("房屋开裂" → 房屋 屋开 开裂) in the database's own full-text index: SQLite FTS5, or a
PostgreSQL tsvector with a GIN index built from the bigrams directly (no text-search
parser, so the server's locale cannot drop CJK characters). A query finds the petitions
holding all of its bigrams, then a LIKE on that small candidate set keeps only those where
the words stand together.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

from xinfang.lib.bulk import pg_array, rows_up_to

# `fold`: the form `terms_of_folded` reads, and the one insight's repeat rule folds further
# (`normalise.text_of_folded`), so that a bulk import folds each row once for both.
from xinfang.lib.text import fold

_RUN = re.compile(r"\w+")
MAX_QUERY_TERMS = 12


def terms(text: str) -> list[str]:
    """Unique character bigrams (single characters for one-character runs), in order."""
    return terms_of_folded(fold(text))


def terms_of_folded(normal: str) -> list[str]:
    """`terms` of a text already `fold`ed."""
    found: list[str] = []
    for run in _RUN.findall(normal):
        found.extend(map(operator.add, run, run[1:]) if len(run) > 1 else (run,))
    # Each once, where first seen: one dict over the whole text is a fifth faster than
    # adding each run's (bench/imports.py makes a million entries).
    return list(dict.fromkeys(found))


def index_petition(petition_id: int, words: list[str]) -> None:
    """Add a newly registered petition's entry (`words`: `terms` of its title and content)."""
    _write([(petition_id, " ".join(words))], new=True)


def document(title: str, content: str) -> str:
    """A petition's entry: the `terms` of its title and content, joined by spaces (a term
    never holds one)."""
    return document_of_folded(fold(f"{title}\n{content}"))


def document_of_folded(normal: str) -> str:
    """`document` of its title and content joined by a line break and `fold`ed."""
    return " ".join(terms_of_folded(normal))


def index_rows(rows: list[tuple[int, str, str]], *, new: bool = False) -> None:
    """Add or replace the entries of (id, title, content) rows in one round trip each way
    (`new`: petitions just created, which have no entry to replace)."""
    index_documents([(pk, document(title, content)) for pk, title, content in rows], new=new)


def index_documents(rows: list[tuple[int, str]], *, new: bool = False) -> None:
    """`index_rows` for (id, `document`) rows whose entries were made elsewhere (a ledger
    import makes them in its preparing process)."""
    _write(rows, new=new)


def _write(params: list[tuple[int, str]], *, new: bool) -> None:
    """(id, its terms joined by spaces: a term never holds one) rows. `new`: the rows have
    no entry yet, so SQLite need not delete one first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Two array literals for all rows: psycopg adapting a list per row in Python was
            # a sixth of a bulk import (bench/imports.py).
            cursor.execute(
                "INSERT INTO petition_search (petition_id, document) "
                "SELECT t.id, array_to_tsvector(string_to_array(t.words, ' ')) "
                "FROM unnest(%s::bigint[], %s::text[]) AS t(id, words) "
                "ON CONFLICT (petition_id) DO UPDATE SET document = EXCLUDED.document",
                [
                    pg_array([pk for pk, _ in params], "int"),
                    pg_array([words for _, words in params]),
                ],
            )
        else:
            if not new:
                cursor.executemany(
                    "DELETE FROM petition_search WHERE rowid = %s", [(pk,) for pk, _ in params]
                )
            cursor.executemany(
                "INSERT INTO petition_search (rowid, body) VALUES (%s, %s)",
                params,
            )


# PostgreSQL's search table is split in `PARTS` by petition id (hash, migration 0010), each
# part with its own GIN index under one partitioned index (`INDEX`), because PostgreSQL builds
# a GIN index in one process: after a bulk import the parts' indexes are built at once, each
# by a process of its own. At 1,000,000 entries the whole index took 170-180 s to build, its
# two halves side by side 78 s (2 cores; psql over bench/imports.py's ledger); four parts on
# two cores took 97 s.
PARTS = 2
INDEX = "petition_search_document"


def _part_index(part: int) -> str:
    return f"petition_search_p{part}_document"


def set_aside_index(adding: int) -> bool:
    """PostgreSQL, before a bulk import of `adding` entries to a table holding fewer: drop the
    full-text index (GIN, its parts' with it), to be built once by `finish_bulk` rather than
    entry by entry, which was 852 s of a 2,007-s import of 1,000,000 rows
    (bench/imports.py). Searches still find everything meanwhile, by reading the whole
    table. Returns whether it was dropped."""
    if connection.vendor != "postgresql":
        return False
    if rows_up_to("petition_search", adding) >= adding:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    return True


def part_builds() -> list[Callable[[], None]]:
    """PostgreSQL, after a bulk import that set the index aside (here or in a run that was
    killed): the build of each part's index, independent of each other, for the caller to run
    at once on connections of their own (`finish_bulk` runs those not run)."""
    if connection.vendor != "postgresql" or _present(INDEX):
        return []
    return [functools.partial(_build_part, part) for part in range(PARTS)]


def _build_part(part: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # Two builds at once hold 256 MB between them, as the whole index's build did (more
        # memory made it slower: 1 GB 216 s, 256 MB 179 s, 64 MB 170 s at 1,000,000 rows).
        cursor.execute("SET LOCAL maintenance_work_mem TO '128MB'")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {_part_index(part)} ON petition_search_p{part} "
            "USING gin (document)"
        )


def finish_bulk() -> None:
    """PostgreSQL, after a bulk import: make the full-text index if `set_aside_index` dropped
    it, from the parts' indexes (building those `part_builds` did not), else merge the entries
    its pending lists hold into the index proper (see `importing._Writer.write`), so that
    searches need not scan the lists."""
    if connection.vendor != "postgresql":
        return
    if _present(INDEX):
        with connection.cursor() as cursor:
            for part in range(PARTS):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [_part_index(part)])
        return
    for part in range(PARTS):  # those `part_builds` did not (each is CREATE … IF NOT EXISTS)
        _build_part(part)
    with transaction.atomic(), connection.cursor() as cursor:
        # As migration 0010 made it: the parent index valid once every part's is attached.
        cursor.execute(f"CREATE INDEX {INDEX} ON ONLY petition_search USING gin (document)")
        for part in range(PARTS):
            cursor.execute(f"ALTER INDEX {INDEX} ATTACH PARTITION {_part_index(part)}")


def _present(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return cursor.fetchone()[0]


def rebuild(petitions, chunk: int = 2000) -> int:
    """Re-index the given petitions (a queryset); returns how many."""
    count = 0
    batch: list[tuple[int, str, str]] = []
    for row in petitions.values_list("pk", "title", "content").iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) == chunk:
            index_rows(batch)
            count += len(batch)
            batch = []
    index_rows(batch)
    return count + len(batch)


def matching(text: str) -> Q:
    """A condition on Petition selecting those whose title or content contains `text`."""
    text = text.strip()
    words = terms(text)
    exact = Q(title__contains=text) | Q(content__contains=text)
    if not words or all(len(w) == 1 for w in words):
        return exact  # one character: nothing better than a scan
    words = [w for w in words if len(w) > 1][:MAX_QUERY_TERMS]
    if connection.vendor == "postgresql":
        query = " & ".join(f"'{w}'" for w in words)
        ids = RawSQL(
            "SELECT petition_id FROM petition_search WHERE document @@ %s::tsquery", [query]
        )
    else:
        query = " AND ".join(f'"{w}"' for w in words)
        ids = RawSQL("SELECT rowid FROM petition_search WHERE petition_search MATCH %s", [query])
    candidates = Q(pk__in=ids)
    if len(words) == 1 and len(text) == 2:
        return candidates  # the one bigram is the whole query: the index answer is exact
    return candidates & exact
