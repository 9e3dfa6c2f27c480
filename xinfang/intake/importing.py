"""Load a historical ledger (xlsx or csv with Chinese headers) through the registration action.

Two passes over the file, both streaming (openpyxl read-only / csv reader), so a million rows
never sit in memory: first every row is validated and all errors are collected with row
numbers; then, unless errors stop it, rows are registered in batches of `batch` per
transaction. Each imported row is registered on its received date (the clock is frozen
there, so numbers carry that year) and then filed (存档), so history starts no deadlines.
Re-running the same file skips numbers already imported.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from xinfang.classes.models import ContentClass
from xinfang.lib import clock
from xinfang.petitions import drafts
from xinfang.petitions.actions import register_petition
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.petitions.models import Channel, IdType, Petitioner
from xinfang.regions.models import Level, Region
from xinfang.stats.models import ImportedPetition

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


@dataclass
class Row:
    number: int
    external: str
    draft: PetitionDraft


@dataclass
class Outcome:
    errors: list[tuple[int, str]] = field(default_factory=list)
    imported: int = 0
    skipped_existing: int = 0
    skipped_invalid: int = 0
    rows: int = 0


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as the user sees it, {header: text}) for each data row."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = [str(h or "").strip() for h in next(rows, ())]
        for i, values in enumerate(rows, start=2):
            if values and any(v not in (None, "") for v in values):
                yield i, {h: _text(v) for h, v in zip(headers, values, strict=False)}
        book.close()
    else:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            for i, row in enumerate(reader, start=2):
                if any((v or "").strip() for v in row.values()):
                    yield i, {(k or "").strip(): (v or "").strip() for k, v in row.items()}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
    number: int, raw: dict[str, str], lookup: Lookup, today: dt.date
) -> tuple[Row | None, list[str]]:
    errors = []
    missing = [h for h in REQUIRED if h not in raw]
    if missing:
        return None, [f"缺少列：{'、'.join(missing)}"]
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
    title = (raw.get("反映问题") or f"历史台账{external}")[:120]
    person = PetitionerDraft(
        name=raw.get("信访人") or "（历史台账未记录）",
        id_type=IdType.RESIDENT_ID if raw.get("证件号码") else IdType.NONE,
        id_number=raw.get("证件号码", ""),
        phone=raw.get("联系电话", ""),
        is_main=True,
    )
    draft = PetitionDraft(
        channel=channel, received_on=received, level=level, region=region, content_class=klass,
        title=title, content=raw.get("反映问题") or title, demands=raw.get("诉求", ""),
        petitioner_count=people, is_overlevel=flags[0], is_abnormal=flags[1],
        petitioners=[person], lodged_with="历史台账导入",
    )  # fmt: skip
    # The registration rules themselves (contact for letters, ID for visits, …), so a file
    # that passes validation imports without surprises.
    problems, _ = drafts.validate(draft, today=today)
    messages = [m for field_errors in problems.values() for m in field_errors]
    if messages:
        return None, messages
    return Row(number, external, draft), []


def validate(path: Path, lookup: Lookup, today: dt.date) -> tuple[list[tuple[int, str]], int]:
    """Every error of the file as (row, reason); and the number of data rows."""
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    count = 0
    for number, raw in read_rows(path):
        count += 1
        row, problems = parse(number, raw, lookup, today)
        errors += [(number, p) for p in problems]
        external = raw.get("编号", "")
        if external and external in seen:
            errors.append((number, f"编号“{external}”与第{seen[external]}行重复"))
        elif external:
            seen[external] = number
    return errors, count


def import_ledger(
    path: Path,
    actor,
    *,
    skip_invalid: bool = False,
    batch: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    lookup = Lookup()
    today = clock.today()
    outcome = Outcome()
    outcome.errors, outcome.rows = validate(path, lookup, today)
    if outcome.errors and not skip_invalid:
        return outcome
    bad_rows = {n for n, _ in outcome.errors}
    pending: list[Row] = []
    done = 0
    for number, raw in read_rows(path):
        done += 1
        if number in bad_rows:
            outcome.skipped_invalid += 1
            continue
        row, _ = parse(number, raw, lookup, today)
        pending.append(row)
        if len(pending) >= batch:
            _commit(pending, actor, outcome)
            pending = []
        if progress:
            progress(done, outcome.rows)
    _commit(pending, actor, outcome)
    if progress:
        progress(outcome.rows, outcome.rows)
    return outcome


def _commit(rows: list[Row], actor, outcome: Outcome) -> None:
    if not rows:
        return
    known = set(
        ImportedPetition.objects.filter(external_number__in=[r.external for r in rows]).values_list(
            "external_number", flat=True
        )
    )
    from xinfang.workflow.actions import file_away

    with transaction.atomic():
        for row in rows:
            if row.external in known:
                outcome.skipped_existing += 1
                continue
            day = row.draft.received_on
            with clock.freeze(dt.datetime(day.year, day.month, day.day, 12, tzinfo=clock.SHANGHAI)):
                row.draft.repeat_of = _earlier_matter(row.draft)
                petition = register_petition(actor, row.draft).petition
                ImportedPetition.objects.create(
                    external_number=row.external, petition=petition, imported_at=clock.now()
                )
                if not row.draft.repeat_of:
                    file_away(actor, petition.matter, reason="历史台账导入，已办结存档")
            outcome.imported += 1


def _earlier_matter(draft: PetitionDraft):
    """The matter of an earlier petition by the same person on the same class and place (重复)."""
    person = draft.petitioners[0]
    if not (person.id_number or person.phone):
        return None
    same = Petitioner.objects.filter(
        petition__content_class=draft.content_class,
        petition__region=draft.region,
        petition__received_on__lte=draft.received_on,
    )
    same = (
        same.filter(id_number=person.id_number.upper())
        if person.id_number
        else same.filter(phone=person.phone)
    )
    found = same.select_related("petition__matter").order_by("petition__received_on").first()
    return found.petition.matter if found else None
