"""Load a historical ledger (历史台账: xlsx or csv with Chinese headers) in bulk.

1. Read the file (`ledger.Ledger`: encodings, sheets, broken files refused in one line).
2. Validate every row with registration's own rules for a historical draft
   (`drafts.check(historical=True)`) and collect every error with its row number;
   unless `skip_invalid`, any error stops the import before anything is written.
3. Import in chunks of `chunk` rows, one transaction each: numbers drawn in blocks, matters,
   petitions, petitioners, timeline events and the filing step written as plain rows,
   search and repeat keys indexed in bulk. What a row needs that does not depend on the
   database (its columns, repeat keys, the earlier row of the ledger it repeats) is made by a
   second process while this one links and writes the chunks before (`prepared_chunks`), so
   an import uses two cores.
   A row repeating an earlier matter (重信重访) joins it by insight's rule, the one
   registration suggests with (`repeats.LIKELY`): its best earlier row of the ledger is found
   while preparing (`linking`), its best petition stored before the import while writing.
   New matters are filed (存档): history starts no deadlines. On PostgreSQL a file with more
   rows than the search table holds sets its full-text index aside and builds it once at the
   end, its parts at once (`search.set_aside_index`), and the repeat keys' foreign key (and,
   into an empty database, their primary key) are made once at the end beside them
   (`index.set_aside_constraints`), also when a killed run is started again.
4. Rebuild the count tables and the rates' rollup once, over the file's months.

Every row's external number (编号) is recorded with it in the same transaction, so a run
killed at any point and started again imports each row exactly once; the rollups are
rebuilt at the end of every run that reaches it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import functools
import gc
import multiprocessing
import os
import queue
import secrets
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max

from xinfang.classes.models import ContentClass
from xinfang.events.models import Event, EventKind
from xinfang.insight import fingerprint, index, normalise, repeats
from xinfang.insight.fingerprint import Person, Probe
from xinfang.intake.actions import PETITION_FIELDS, PETITIONER_FIELDS
from xinfang.intake.linking import LedgerLinks
from xinfang.lib import bulk, timesource
from xinfang.lib.ledger import Ledger, LedgerError
from xinfang.petitions import drafts, numbering, search
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.petitions.models import (
    Channel,
    IdType,
    Matter,
    MatterStatus,
    Petition,
    Petitioner,
)
from xinfang.regions.models import Level, Region
from xinfang.stats import actions as stats
from xinfang.stats import cohorts
from xinfang.stats.models import ImportedPetition
from xinfang.workflow.models import Step, StepKind

__all__ = ["LedgerError", "Outcome", "import_ledger", "validate"]

REQUIRED = (
    "编号",
    "登记日期",
    "信访形式",
    "人数",
    "登记层级",
    "是否越级",
    "是否非正常",
    "问题属地",
    "内容分类",
)
OPTIONAL = ("反映问题", "诉求", "信访人", "证件号码", "联系电话")
CHANNELS = {
    "来信": Channel.LETTER,
    "来访": Channel.VISIT,
    "网上信访": Channel.ONLINE,
    "来电": Channel.PHONE,
}
LEVELS = {
    "国家": Level.NATIONAL,
    "省": Level.PROVINCE,
    "市": Level.CITY,
    "县": Level.COUNTY,
    "乡镇": Level.TOWNSHIP,
}
YES_NO = {"是": True, "否": False, "": False}
UNRECORDED_NAME = "（历史台账未记录）"
FILING_REASON = "历史台账导入，已办结存档"


@dataclass(slots=True)
class Row:
    """A valid ledger row made ready to write: plain values only, as it crosses from the
    preparing process to the writing one (model instances would be pickled whole)."""

    number: int
    external: str
    received_on: dt.date
    petition: dict  # Petition's columns as registration fills them (attnames)
    petitioners: list[dict]  # Petitioner's columns
    probe: Probe | None  # None once linked, if nothing stored before the import needs it
    kinds: dict[int, int]  # its repeat-index keys and their kinds (as ints: pickled small)
    # Its full-text entry (`search.document`) if made while preparing, else its text folded
    # for the writer to make the entry from (folding it again was 23 µs a row, NFKC).
    document: str | None
    folded: str | None
    # The earlier row of the ledger it most likely repeats (its number) and the score, if any
    # reaches `repeats.LIKELY`: found while preparing (`linking.LedgerLinks`).
    repeats: tuple[int, float] | None = None


@dataclass
class Outcome:
    errors: list[tuple[int, str]] = field(default_factory=list)
    imported: int = 0
    skipped_existing: int = 0
    skipped_invalid: int = 0
    repeats: int = 0
    rows: int = 0
    first_day: dt.date | None = None


class Lookup:
    """Regions and classes by code or name, loaded once (both tables are small)."""

    def __init__(self):
        self.regions = {r.code: r for r in Region.objects.all()}
        self.classes = {}
        for c in ContentClass.objects.all():
            self.classes.setdefault(c.code, c)
            self.classes.setdefault(c.name, c)
            self.classes.setdefault(c.path_name.replace(" ", ""), c)


def parse(
    raw: dict[str, str], lookup: Lookup, today: dt.date
) -> tuple[tuple[PetitionDraft, Probe] | None, list[str]]:
    """The row as registration's draft and the probe repeats are found by, or its errors."""
    errors = []
    external = raw["编号"]
    if not external:
        errors.append("编号为空")
    try:
        received = dt.date.fromisoformat(raw["登记日期"].replace("/", "-")[:10])
        if received > today:
            errors.append(f"登记日期{received}晚于今天")
    except ValueError:
        received = None
        errors.append(f"登记日期“{raw['登记日期']}”不是有效日期（应为YYYY-MM-DD）")
    channel = CHANNELS.get(raw["信访形式"])
    if channel is None:
        errors.append(f"信访形式“{raw['信访形式']}”应为来信、来访、网上信访或来电")
    try:
        people = int(raw["人数"])
        if people < 1:
            errors.append("人数应至少为1")
    except ValueError:
        people = 0
        errors.append(f"人数“{raw['人数']}”不是整数")
    level = LEVELS.get(raw["登记层级"])
    if level is None:
        errors.append(f"登记层级“{raw['登记层级']}”应为国家、省、市、县或乡镇")
    flags = []
    for header in ("是否越级", "是否非正常"):
        if raw[header] not in YES_NO:
            errors.append(f"{header}应为“是”或“否”")
        flags.append(YES_NO.get(raw[header], False))
    region = lookup.regions.get(raw["问题属地"])
    if region is None:
        errors.append(f"未知问题属地代码“{raw['问题属地']}”")
    klass = lookup.classes.get(raw["内容分类"].replace(" ", ""))
    if klass is None:
        errors.append(f"未知内容分类“{raw['内容分类']}”")
    if errors:
        return None, errors
    if channel == Channel.VISIT and people >= 5:
        channel = Channel.COLLECTIVE_VISIT
    text = raw.get("反映问题", "")
    title = (text or f"历史台账{external}")[:120]
    name = raw.get("信访人", "")
    person = PetitionerDraft(
        name=name or UNRECORDED_NAME,
        id_type=IdType.RESIDENT_ID if raw.get("证件号码") else IdType.NONE,
        id_number=raw.get("证件号码", ""),
        phone=raw.get("联系电话", ""),
        is_main=True,
    )
    draft = PetitionDraft(
        channel=channel, received_on=received, level=level, region=region, content_class=klass,
        title=title, content=text or title, demands=raw.get("诉求", ""),
        petitioner_count=people, is_overlevel=flags[0], is_abnormal=flags[1],
        petitioners=[person], lodged_with="历史台账导入",
    )  # fmt: skip
    # Registration's own rules for a past petition, so a file that passes imports without
    # surprises; the counter's contact rules do not apply to history (see drafts.check).
    draft, problems, _ = drafts.check(draft, today=today, historical=True)
    messages = [m for field_errors in problems.values() for m in field_errors]
    if messages:
        return None, messages
    person = draft.petitioners[0]  # as registration normalises it
    # What repeats are recognised by: the ledger's own words and people, not the stand-ins
    # written where it recorded none (every unnamed row would share a name); its words as the
    # petition stores them, the title cut short (a 2,000-character complaint compared as
    # itself twice cost the comparisons twice the time).
    probe = Probe(
        title=title if text else "",
        content=text,
        region_code=region.code,
        people=[Person(name, person.id_number, person.phone, "")],
    )
    return (draft, probe), []


def prepare(number: int, raw: dict[str, str], parsed: tuple[PetitionDraft, Probe]) -> Row:
    """A valid row (as `parse` made it), with everything it needs that the database does not
    hold."""
    draft, probe = parsed
    # Its text folded once for its search entry and its repeat keys (NFKC was a quarter of
    # the entry's time): the probe's text is the draft's, but for the spaces `drafts.check`
    # strips, which both forms drop.
    folded = search.fold(f"{draft.title}\n{draft.content}")
    if probe.content:
        probe.text = normalise.text_of_folded(folded)
    entry_here = _entries_while_preparing()
    return Row(
        number=number,
        external=raw["编号"],
        received_on=draft.received_on,
        petition=_attributes(Petition, draft, PETITION_FIELDS),
        petitioners=[_attributes(Petitioner, p, PETITIONER_FIELDS) for p in draft.petitioners],
        probe=probe,
        kinds={key: int(kind) for key, kind in fingerprint.keys(probe).items()},
        document=search.document_of_folded(folded) if entry_here else None,
        folded=None if entry_here else folded,
    )


def _entries_while_preparing() -> bool:
    """Whether the preparing process makes the rows' search entries (else the writer does):
    on SQLite, whose writer runs every statement itself and is the busier process; not on
    PostgreSQL, whose server takes the statements off the writer while the preparing process
    is the one the import waits for (bench/imports.py, 1,000,000 rows)."""
    return connection.vendor == "sqlite"


def checked_rows(
    ledger: Ledger, lookup: Lookup, today: dt.date
) -> Iterator[tuple[int, dict[str, str], tuple[PetitionDraft, Probe] | None, list[str]]]:
    """Each data row with what `parse` made of it and every error it has, an 编号 used by an
    earlier row included: the one rule by which validation reports a row and preparing
    leaves it out."""
    seen: dict[str, int] = {}
    for number, raw in ledger.rows():
        parsed, problems = parse(raw, lookup, today)
        external = raw.get("编号", "")
        if external and external in seen:
            problems = [*problems, f"编号“{external}”与第{seen[external]}行重复"]
        elif external:
            seen[external] = number
        yield number, raw, parsed, problems


def check_headers(ledger: Ledger) -> None:
    missing = [h for h in REQUIRED if h not in ledger.headers]
    if missing:
        raise LedgerError(ledger.path, f"缺少列：{'、'.join(missing)}", sheet=ledger.sheet, row=1)


def validate(
    ledger: Ledger, lookup: Lookup, today: dt.date
) -> tuple[list[tuple[int, str]], int, dt.date | None]:
    """Every error of the file as (row, reason); the number of data rows; its first day."""
    check_headers(ledger)
    errors: list[tuple[int, str]] = []
    count = 0
    first: dt.date | None = None
    for number, _, parsed, problems in checked_rows(ledger, lookup, today):
        count += 1
        errors += [(number, p) for p in problems]
        if parsed is not None and (first is None or parsed[0].received_on < first):
            first = parsed[0].received_on
    if count == 0:
        raise LedgerError(ledger.path, "没有数据行（只有表头）", sheet=ledger.sheet)
    return errors, count, first


def import_ledger(
    path: Path,
    actor,
    *,
    today: dt.date | None = None,
    skip_invalid: bool = False,
    chunk: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool | None = None,
) -> Outcome:
    """Validate the whole ledger, then import it (see the module's steps). Raises
    `LedgerError` for a file that cannot be read as a ledger; returns the row errors.
    `parallel`: prepare rows in a second process (default: for files over
    `PARALLEL_FROM_BYTES`, where it pays for starting one); it starts while this one
    validates the file, and what it has prepared is dropped if the file has errors."""
    today = today or timesource.today()
    ledger = Ledger(path, REQUIRED)
    check_headers(ledger)
    lookup = Lookup()
    outcome = Outcome()
    if parallel is None:
        parallel = Path(path).stat().st_size > PARALLEL_FROM_BYTES
    last_stored = Petition.objects.aggregate(last=Max("pk"))["last"]
    writer = _Writer(actor, last_stored)
    with prepared_chunks(
        ledger, lookup, today, chunk, parallel, probes=last_stored is not None
    ) as chunks:
        outcome.errors, outcome.rows, outcome.first_day = validate(ledger, lookup, today)
        if outcome.errors and not skip_invalid:
            return outcome
        outcome.skipped_invalid = len({n for n, _ in outcome.errors})
        if outcome.rows >= SET_ASIDE_INDEX_FROM:
            search.set_aside_index(outcome.rows)
            index.set_aside_constraints(outcome.rows)
        try:
            with _bulk_session():
                for read, rows in chunks:
                    writer.write(rows, outcome)
                    if progress:
                        progress(read, outcome.rows)
        finally:
            _finish_bulk()
    if progress:
        progress(outcome.rows, outcome.rows)
    if outcome.first_day is not None:
        rebuild_rollups(outcome.first_day, today)
    return outcome


def _finish_bulk() -> None:
    """Make what the import set aside. On PostgreSQL each build on a connection of its own, at
    once: the repeat keys' constraints and each part of the full-text index (PostgreSQL builds
    an index in one process); then the index is put together from its parts. Inside a
    transaction (a test's) one after the other: a second connection would wait for its
    locks."""
    builds = [index.finish_bulk, *search.part_builds()]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        for build in builds:
            build()
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(builds)) as pool:
            for done in [pool.submit(_on_own_connection, build) for build in builds]:
                done.result()
    search.finish_bulk()


def _on_own_connection(work: Callable[[], None]) -> None:
    """Run `work` on this thread's own database connection, closed after it."""
    try:
        work()
    finally:
        connection.close()


@contextlib.contextmanager
def _bulk_session():
    """SQLite: a page cache of 512 MiB instead of 2 MiB, and the WAL copied back into the
    database every 80 MB instead of every 4, while the import runs. At 400,000 rows the
    inserts into the repeat keys' and the text index's B-trees (random keys) and the
    checkpoints after each chunk were a third of the time (py-spy, bench/imports.py)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint")
        (checkpoint,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -524288")
        cursor.execute("PRAGMA wal_autocheckpoint = 20000")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")


# From this many rows (and more than the search table holds) PostgreSQL's full-text index is
# built once at the end of the import: below it, entry by entry costs less than a build.
SET_ASIDE_INDEX_FROM = 10_000
# Below this size (some 5,000 rows) a second process costs more to start than it saves.
PARALLEL_FROM_BYTES = 1 << 20
# Chunks the second process may prepare ahead of the writer: enough to go on while the file
# is validated (at 1,000,000 rows the 40-odd chunks it prepares meanwhile, some 300 MB).
AHEAD = 32


@contextlib.contextmanager
def prepared_chunks(
    ledger: Ledger,
    lookup: Lookup,
    today: dt.date,
    chunk: int,
    parallel: bool,
    probes: bool = True,
) -> Iterator[Iterator[tuple[int, list[Row]]]]:
    """The valid rows (`checked_rows`) in chunks of `chunk`, each with the number of data
    rows read so far; made as they are read, or by a forked process started on entering,
    up to `AHEAD` chunks ahead of the reader. `probes`: with their probes (False: none is
    needed, nothing was stored before the import)."""
    if not parallel:
        yield _chunks(ledger, lookup, today, chunk, probes)
        return
    # Fork, not spawn: the child has the lookup and settings as they are (a test's uncommitted
    # regions included) and never touches the database connection it inherits.
    context = multiprocessing.get_context("fork")
    ready = context.Queue(maxsize=AHEAD)
    child = context.Process(
        target=_produce,
        args=(ready, os.getpid(), ledger, lookup, today, chunk, probes),
        daemon=True,
    )
    child.start()
    try:
        yield _received(child, ready)
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def _received(child, ready) -> Iterator[tuple[int, list[Row]]]:
    while True:
        try:
            item = ready.get(timeout=1)
        except queue.Empty:
            if not child.is_alive():
                raise RuntimeError("准备导入数据的子进程意外退出") from None
            continue
        if item is None:
            return
        if isinstance(item, str):  # the child's traceback
            raise RuntimeError(f"准备导入数据时出错：\n{item}")
        yield item


def _chunks(ledger, lookup, today, chunk, probes) -> Iterator[tuple[int, list[Row]]]:
    links = LedgerLinks()
    pending: list[Row] = []
    read = 0
    for number, raw, parsed, problems in checked_rows(ledger, lookup, today):
        read += 1
        if problems:
            continue
        pending.append(prepare(number, raw, parsed))
        if len(pending) >= chunk:
            yield read, _linked(links, pending, probes)
            pending = []
    if pending:
        yield read, _linked(links, pending, probes)


def _linked(links: LedgerLinks, rows: list[Row], probes: bool) -> list[Row]:
    links.link(rows)
    for row in rows:
        if not probes:
            row.probe = None
            continue
        # Its folded text and shingles are made again if the writer scores it (against the
        # petitions stored before the import): they would cross to it with every row.
        row.probe.__dict__.pop("text", None)
        row.probe.__dict__.pop("grams", None)
    return rows


def _produce(ready, parent: int, ledger, lookup, today, chunk, probes) -> None:
    """The forked child: put prepared chunks (then None, or a traceback) on `ready`; give up
    when the parent is gone (killed, it cannot say so)."""

    def put(item) -> bool:
        while os.getppid() == parent:
            try:
                ready.put(item, timeout=1)
                return True
            except queue.Full:
                continue
        # Orphaned: what is still buffered has no reader but this process's own copy of the
        # pipe, so waiting to flush it at exit would wait for ever.
        ready.cancel_join_thread()
        return False

    try:
        for item in _chunks(ledger, lookup, today, chunk, probes):
            if not put(item):
                return
            # What this process keeps of the rows passed (`LedgerLinks`) is never garbage:
            # scanned again at each full collection it cost 48 s of 854 at 1,000,000 rows
            # (gc.callbacks); frozen after each chunk, a collection scans the chunk at hand.
            gc.freeze()
        put(None)
    except BaseException:
        put(traceback.format_exc())


def rebuild_rollups(first_day: dt.date, today: dt.date) -> None:
    """Once per import instead of once per row: the count tables from the ledger's first
    month on, and the rates' rollup (a repeat joining a live matter ends its 初信初访)."""
    stats.rebuild(first_day)
    cohorts.rebuild(today)


@dataclass
class _New:
    """A petition of the chunk being written, and what it joins."""

    row: Row
    position: int  # in the chunk
    matter: int | None = None  # the id of an earlier matter in the database it repeats
    original: _New | None = None  # or the row of this chunk that opened its matter
    opened: dict | None = None  # the matter row it opens, if it repeats none
    petition: dict | None = None  # its petition row (with "id" once written)

    @property
    def kinds(self) -> dict[int, int]:
        return self.row.kinds

    @property
    def is_repeat(self) -> bool:
        return self.matter is not None or self.original is not None


# Petitions stored before the import kept for scoring, the most recently shortlisted.
RECENT = 20_000


class _Writer:
    """Writes chunks of valid rows: the bulk form of registration followed by filing."""

    def __init__(self, actor, last_stored: int | None):
        self.actor = actor
        self.unit = actor.unit
        self.region_code = actor.unit.region.code
        # The ledger's rows are matched among themselves while prepared (`linking`); here
        # only against the petitions stored before this run (none: nothing to look up).
        self.last_stored = last_stored
        # The matter of each row written (or imported by an earlier run), by its row number:
        # where a later row that repeats it goes.
        self.matter_of: dict[int, int] = {}
        self.recent: OrderedDict[int, repeats.Earlier] = OrderedDict()

    def write(self, rows: list[Row], outcome: Outcome) -> None:
        if not rows:
            return
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A chunk's commit need not wait for its WAL to reach the disk: a crash can
                # lose only the last chunks, whose 编号 go with them, so a rerun imports them
                # again (the database stays consistent either way). 3 s of a 20,000-row
                # import waited on commits (bench/imports.py).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
                    # The full-text index (GIN) keeps the chunks' entries in its pending list
                    # and merges them 128 MB at a time, not 4 MB (merged at the end of the
                    # import): full-text inserts 71 → 28 s at 100,000 rows (bench/imports.py).
                    cursor.execute("SET LOCAL gin_pending_list_limit TO '128MB'")
            known = dict(
                ImportedPetition.objects.filter(
                    external_number__in=[r.external for r in rows]
                ).values_list("external_number", "petition__matter_id")
            )
            for row in rows:
                if row.external in known:
                    self.matter_of[row.number] = known[row.external]
            outcome.skipped_existing += sum(1 for r in rows if r.external in known)
            fresh = [r for r in rows if r.external not in known]
            if not fresh:
                return
            items = self._link_repeats(fresh)
            self._create(items)
        for item in items:
            self.matter_of[item.row.number] = item.petition["matter_id"]
        outcome.imported += len(items)
        outcome.repeats += sum(1 for i in items if i.is_repeat)

    def _link_repeats(self, rows: list[Row]) -> list[_New]:
        """Each row joins the matter of what it most likely repeats (`repeats.LIKELY` and
        up): its best earlier row of the ledger or its best stored petition, the higher
        scoring (the ledger's, newer, on a tie)."""
        items = [_New(row, n) for n, row in enumerate(rows)]
        by_number = {item.row.number: item for item in items}
        stored = self._stored_best(items) if self.last_stored else [None] * len(items)
        for item, best in zip(items, stored, strict=True):
            mine = item.row.repeats
            if mine is not None and (best is None or mine[1] >= best.score):
                earlier = by_number.get(mine[0])
                if earlier is None:  # written by an earlier chunk or run
                    item.matter = self.matter_of[mine[0]]
                elif earlier.matter is not None:
                    item.matter = earlier.matter
                else:
                    item.original = earlier.original or earlier
            elif best is not None:
                item.matter = best.matter_id
        return items

    def _stored_best(self, items: list[_New]) -> list[repeats.Scored | None]:
        """Insight's rule for each row against the petitions stored before this run: the
        best-scoring one from `LIKELY` up, received no later than the row, if any."""
        stored = index.postings_of_many(
            {k for item in items for k in item.kinds}, last=self.last_stored
        )
        stored_hits = [repeats.hits_by_key(item.kinds, stored) for item in items]
        shortlists = [repeats.top(counts) for counts, _ in stored_hits]
        wanted = set().union(*shortlists)
        earlier = self._recall(wanted)
        read = repeats.earlier(
            self.actor, [pk for pk in wanted if pk not in earlier], [], texts=False
        )
        self._keep(read)
        earlier.update((e.pk, e) for e in read)
        repeats.add_texts(self._comparable(items, shortlists, stored_hits, earlier))
        found = []
        for item in items:
            day = item.row.received_on
            candidates = [
                c
                for c in map(earlier.get, shortlists[item.position])
                if c is not None and c.received_on is not None and c.received_on <= day
            ]
            best = repeats.rank(
                item.row.probe, None, candidates, stored_hits[item.position][1], limit=1,
                explain=False, at_least=repeats.LIKELY,
            )  # fmt: skip
            found.append(best[0] if best else None)
        return found

    @staticmethod
    def _comparable(items: list[_New], shortlists, stored_hits, read: dict[int, repeats.Earlier]):
        """The petitions of `read` without their texts that some row shortlists and could
        repeat by who wrote them: only their texts are read (nine in ten shortlisted at
        100,000 rows share a name or a few words and nothing more, bench/imports.py)."""
        wanted: dict[int, repeats.Earlier] = {}
        for item in items:
            sounds = stored_hits[item.position][1]
            for pk in shortlists[item.position]:
                row = read.get(pk)
                if row is None or row.text is not None or pk in wanted:
                    continue
                if repeats.reachable(
                    item.row.probe, row, sounds_alike=pk in sounds, at_least=repeats.LIKELY
                ):
                    wanted[pk] = row
        return wanted.values()

    def _recall(self, wanted: set[int]) -> dict[int, repeats.Earlier]:
        """The petitions of `wanted` kept from earlier chunks, now the most recently used."""
        found = {}
        for pk in wanted:
            kept = self.recent.get(pk)
            if kept is not None:
                found[pk] = kept
                self.recent.move_to_end(pk)
        return found

    def _keep(self, rows: Iterable[repeats.Earlier]) -> None:
        """Keep petitions for scoring, the `RECENT` most recently shortlisted, with their runs
        once made (8 bytes a run; their shingles are made again when needed: kept, they
        would cost some 20 KB a row)."""
        for row in rows:
            self.recent[row.pk] = row
        while len(self.recent) > RECENT:
            self.recent.popitem(last=False)

    def _create(self, items: list[_New]) -> None:
        """The rows of registration (intake.actions) in bulk, then filing: plain rows
        through `lib.bulk` rather than model instances (see its docstring for why)."""
        actor, unit = self.actor, self.unit
        imported_at = timesource.now()
        # 1. Numbers: one block per counter and year, in file order.
        counts: dict[str, int] = {}
        for item in items:
            year = item.row.received_on.year
            counts[f"P{self.region_code}-{year}"] = counts.get(f"P{self.region_code}-{year}", 0) + 1
            if not item.is_repeat:
                key = f"M{self.region_code}-{year}"
                counts[key] = counts.get(key, 0) + 1
        following = numbering.reserve(counts)

        def draw(prefix: str, year: int) -> int:
            key = f"{prefix}{self.region_code}-{year}"
            following[key] += 1
            return following[key] - 1

        # 2. The matters history opens, filed at once (存档: no deadline to keep).
        openers = [item for item in items if not item.is_repeat]
        for item in openers:
            petition, day = item.row.petition, item.row.received_on
            item.opened = {
                "number": f"SX{self.region_code}-{day.year}-{draw('M', day.year):06d}",
                "title": petition["title"], "region_id": petition["region_id"],
                "content_class_id": petition["content_class_id"], "status": MatterStatus.FILED,
                "registering_unit_id": unit.pk, "opened_on": day, "last_received_on": day,
                "closed_on": day, "created_at": _noon(day), "petition_count": 1,
            }  # fmt: skip
        for item in items:
            if item.original is not None:
                matter = item.original.opened
                matter["petition_count"] += 1
                matter["last_received_on"] = max(matter["last_received_on"], item.row.received_on)
        created = bulk.insert_dicts(Matter, [i.opened for i in openers], returning=["id"])
        for item, (pk,) in zip(openers, created, strict=True):
            item.opened["id"] = pk
        # 3. Petitions, people, external numbers, search and repeat keys.
        for item in items:
            day = item.row.received_on
            opener = item.opened or (item.original.opened if item.original else None)
            item.petition = {
                "number": f"{self.region_code}-{day.year}-{draw('P', day.year):06d}",
                # Nobody holds a query code for history: a random digest matches none.
                "query_code_hash": secrets.token_hex(32),
                "matter_id": opener["id"] if opener else item.matter,
                "is_repeat": item.is_repeat, "registering_unit_id": unit.pk,
                "registered_by_id": actor.pk, "registered_at": _noon(day),
                **item.row.petition,
            }  # fmt: skip
        rows = [item.petition for item in items]
        for row, (pk,) in zip(
            rows, bulk.insert_dicts(Petition, rows, returning=["id"]), strict=True
        ):
            row["id"] = pk
        bulk.insert_dicts(
            Petitioner,
            [
                {"petition_id": item.petition["id"], "position": i, **p}
                for item in items for i, p in enumerate(item.row.petitioners)
            ],
        )  # fmt: skip
        bulk.insert_dicts(
            ImportedPetition,
            [
                {"external_number": item.row.external, "petition_id": item.petition["id"],
                 "imported_at": imported_at}
                for item in items
            ],
        )  # fmt: skip
        # Its search terms, if not made while preparing (`_entries_while_preparing`).
        search.index_documents(
            [
                (item.petition["id"], item.row.document if item.row.document is not None
                 else search.document_of_folded(item.row.folded))
                for item in items
            ],
            new=True,
        )  # fmt: skip
        index.write_many((item.petition["id"], list(item.kinds)) for item in items)
        # 4. Earlier matters in the database that rows of this chunk repeat.
        joined: dict[int, list[dt.date]] = {}
        numbers: dict[int, str] = {}
        for item in items:
            if item.matter is not None:
                joined.setdefault(item.matter, []).append(item.row.received_on)
        if joined:
            numbers = dict(Matter.objects.filter(pk__in=list(joined)).values_list("pk", "number"))
            _grow(joined)
        # 5. The filing step and the timeline, as registration and file_away write them.
        steps = bulk.insert_dicts(
            Step,
            [
                {"matter_id": item.opened["id"], "kind": StepKind.FILE, "actor_id": actor.pk,
                 "on": item.row.received_on, "created_at": _noon(item.row.received_on),
                 "text": FILING_REASON}
                for item in openers
            ],
            returning=["id"],
        )  # fmt: skip
        step_of = {item.opened["id"]: pk for item, (pk,) in zip(openers, steps, strict=True)}
        events = []
        for item in items:
            petition, at = item.petition, _noon(item.row.received_on)
            channel = Channel(petition["channel"]).label
            if item.opened is not None:
                events.append(_event(
                    at, actor, EventKind.MATTER_OPENED, item.opened["id"], None,
                    f"新建信访事项 {item.opened['number']}", {},
                ))  # fmt: skip
            else:
                number = numbers[item.matter] if item.matter else item.original.opened["number"]
                events.append(_event(
                    at, actor, EventKind.REPEAT_LINKED, petition["matter_id"], petition["id"],
                    f"{petition['number']} 作为重信重访关联到事项 {number}", {"matter": number},
                ))  # fmt: skip
            events.append(_event(
                at, actor, EventKind.PETITION_REGISTERED, petition["matter_id"], petition["id"],
                f"登记{channel} {petition['number']}",
                {"channel": petition["channel"], "petitioner_count": petition["petitioner_count"]},
            ))  # fmt: skip
            if item.opened is not None:
                events.append(_event(
                    at, actor, EventKind.WORKFLOW_STEP, item.opened["id"], None,
                    f"存档：{FILING_REASON}",
                    {"action": "file", "from": MatterStatus.REGISTERED, "to": MatterStatus.FILED,
                     "step": step_of[item.opened["id"]]},
                ))  # fmt: skip
        bulk.insert_dicts(Event, events)


def _grow(joined: dict[int, list[dt.date]]) -> None:
    """Earlier matters gain the chunk's repeats: one UPDATE statement, sent with each matter's
    values (bulk_update's CASE over every row cost 0.18 s a chunk of 2,000; bench/imports)."""
    later = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    table = connection.ops.quote_name(Matter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET petition_count = petition_count + %s,"
            f" last_received_on = {later}(last_received_on, %s) WHERE id = %s",
            [(len(days), max(days), pk) for pk, days in joined.items()],
        )


def _event(at, actor, kind, matter_id, petition_id, summary: str, data: dict) -> dict:
    return {"created_at": at, "actor_id": actor.pk, "kind": kind, "matter_id": matter_id,
            "petition_id": petition_id, "summary": summary, "data": data}  # fmt: skip


def _attributes(model, source, names: tuple[str, ...]) -> dict:
    """`names` of a draft as the model's column attributes (a region as its `region_id`)."""
    return {
        attname: (value.pk if value is not None else None) if related else value
        for name, attname, related in _columns(model, names)
        for value in (getattr(source, name),)
    }


@functools.cache
def _columns(model, names: tuple[str, ...]) -> list[tuple[str, str, bool]]:
    """Each name with its column attribute and whether it is a relation, looked up once
    instead of for every row."""
    fields = [model._meta.get_field(name) for name in names]
    return [(f.name, f.attname, f.is_relation) for f in fields]


def _noon(day: dt.date) -> dt.datetime:
    """When a historical row is taken as registered: noon of its day, Beijing time."""
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=timesource.SHANGHAI)
