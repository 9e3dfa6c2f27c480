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

import operator
import re
import unicodedata

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

from xinfang.lib.bulk import pg_array, rows_up_to

_RUN = re.compile(r"\w+")
MAX_QUERY_TERMS = 12


def fold(text: str) -> str:
    """Width and case folded (NFKC, lower case): the form `terms_of_folded` reads, and the
    one insight's repeat rule folds further (`normalise.text_of_folded`), so that a bulk
    import folds each row once for both (a quarter of making its search entry)."""
    return unicodedata.normalize("NFKC", text or "").lower()


def terms(text: str) -> list[str]:
    """Unique character bigrams (single characters for one-character runs), in order."""
    return terms_of_folded(fold(text))


def terms_of_folded(normal: str) -> list[str]:
    """`terms` of a text already `fold`ed."""
    seen: dict[str, None] = {}
    for run in _RUN.findall(normal):
        if len(run) == 1:
            seen.setdefault(run, None)
        else:  # a key seen before keeps its place: the order is that of first sight
            seen.update(dict.fromkeys(map(operator.add, run, run[1:])))
    return list(seen)


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


# PostgreSQL's full-text index, as migration 0002 creates it.
_INDEX = (
    "CREATE INDEX IF NOT EXISTS petition_search_document ON petition_search USING gin (document)"
)


def set_aside_index(adding: int) -> bool:
    """PostgreSQL, before a bulk import of `adding` entries to a table holding fewer: drop the
    full-text index (GIN), to be built once by `finish_bulk` rather than entry by entry, which
    was 852 s of a 2,007-s import of 1,000,000 rows (bench/imports.py). Searches still find
    everything meanwhile, by reading the whole table. Returns whether it was dropped."""
    if connection.vendor != "postgresql":
        return False
    if rows_up_to("petition_search", adding) >= adding:
        return False
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS petition_search_document")
    return True


def finish_bulk() -> None:
    """PostgreSQL, after a bulk import: build the full-text index if `set_aside_index` dropped
    it (here or in a run that was killed), else merge the entries its pending list holds into
    the index proper (see `importing._Writer.write`), so that searches need not scan the list."""
    if connection.vendor != "postgresql":
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('petition_search_document') IS NOT NULL")
        (present,) = cursor.fetchone()
        if present:
            cursor.execute("SELECT gin_clean_pending_list('petition_search_document'::regclass)")
            return
        cursor.execute("SET LOCAL maintenance_work_mem TO '256MB'")
        cursor.execute(_INDEX)


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
