"""`xinfang casework import receptions|cases|aid FILE`: past ledgers, all or nothing.

Every row is read and checked before anything is written; any bad cell refuses the whole
file, naming the data line and the column. Leaders named by a receptions ledger and not yet
in the list are created from its 领导/职务/级别/地区 columns; a cases or aid ledger must name
leaders the list (or an earlier receptions import) already holds. A 事项编号 the system holds
links the row to that matter; any other is kept as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from xinfang.aid.models import AidSource
from xinfang.backlog.models import Ending
from xinfang.casework.models import Leader, LeaderLevel
from xinfang.casework.queries import REGION_LEVEL
from xinfang.leadership import rollup
from xinfang.leadership.models import (
    AidRecord,
    CaseRecord,
    ImportBatch,
    LedgerKind,
    ReceptionRecord,
)
from xinfang.lib import timesource
from xinfang.lib.ledger import Ledger, LedgerError
from xinfang.petitions.models import Matter
from xinfang.receptions.models import ReceptionForm
from xinfang.regions.models import Level, Region

COLUMNS = {
    LedgerKind.RECEPTIONS: ("日期", "领导", "职务", "级别", "形式", "地区", "批次", "人次"),
    LedgerKind.CASES: (
        "事项编号", "事项摘要", "包案领导", "职务", "级别", "包案日期", "办结期限", "办结日期",
        "积案", "终结方式", "交办人",
    ),
    LedgerKind.AID: ("日期", "信访人", "人数", "来源", "金额", "批准人", "事项编号", "息访协议"),
}  # fmt: skip
OPTIONAL = {"办结日期", "终结方式", "交办人", "事项编号", "批准人"}
FORMS = {label: value for value, label in ReceptionForm.choices} | {"坐班接访": ReceptionForm.ROTA}
LEVELS = {label: value for value, label in LeaderLevel.choices}
ENDINGS = {label: value for value, label in Ending.choices}
SOURCES = {label: value for value, label in AidSource.choices}
YES_NO = {"是": True, "否": False, "": False}
MAX_ERRORS = 20
CHUNK = 2000
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class ImportRefused(Exception):
    """The file was refused; `errors` are the lines to show (Chinese, with line and column)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Outcome:
    kind: str
    rows: int = 0
    leaders_created: list[str] = field(default_factory=list)
    linked: int = 0  # rows whose 事项编号 the system holds
    dry_run: bool = False


class _Row:
    """One data line's cells, read column by column; each problem is kept with its place."""

    def __init__(self, line: int, cells: dict[str, str], errors: list[str]):
        self.line, self.cells, self.errors = line, cells, errors

    def fail(self, column: str, message: str) -> None:
        self.errors.append(f"第{self.line}行“{column}”列：{message}")

    def text(self, column: str, most: int = 300) -> str:
        value = self.cells.get(column, "").strip()
        if not value and column not in OPTIONAL:
            self.fail(column, "不能为空")
        elif len(value) > most:
            self.fail(column, f"超过{most}个字符")
        return value

    def date(self, column: str) -> dt.date | None:
        value = self.cells.get(column, "").strip()
        if not value:
            if column not in OPTIONAL:
                self.fail(column, "不能为空，格式如 2026-03-10")
            return None
        found = DATE.match(value)
        try:
            return dt.date(*(int(g) for g in found.groups())) if found else _bad_date()
        except ValueError:
            self.fail(column, f"“{value}”不是有效日期，格式如 2026-03-10")
            return None

    def count(self, column: str, least: int = 0) -> int:
        value = self.cells.get(column, "").strip()
        if not value.isdigit() or not value.isascii() or int(value) < least or int(value) > 10**6:
            self.fail(column, f"应为不小于{least}的整数")
            return 0
        return int(value)

    def choice(self, column: str, choices: dict[str, str]) -> str:
        value = self.cells.get(column, "").strip()
        if value in choices:
            return choices[value]
        if value or column not in OPTIONAL:
            self.fail(column, f"“{value}”无效，应为：{'、'.join(k for k in choices if k)}")
        return ""

    def money(self, column: str) -> Decimal:
        value = self.cells.get(column, "").strip().replace(",", "")
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = Decimal(-1)
        if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 10:
            self.fail(column, f"“{value}”不是有效金额（元，如 5000 或 5000.50）")
            return Decimal(0)
        return amount.quantize(Decimal("0.01"))


def _bad_date():
    raise ValueError


class _Context:
    """What the rows refer to, looked up once: leaders, regions, matters."""

    def __init__(self, default_region: Region | None):
        self.default_region = default_region
        self.leaders = {(x.name, x.post): x for x in Leader.objects.select_related("region")}
        self.regions = {r.code: r for r in Region.objects.exclude(level=Level.NATIONAL)}
        self.new_leaders: dict[tuple[str, str], Leader] = {}

    def matters(self, numbers: set[str]) -> dict[str, Matter]:
        found = {}
        wanted = sorted(n for n in numbers if n)
        for start in range(0, len(wanted), 500):
            for m in Matter.objects.filter(number__in=wanted[start : start + 500]).select_related(
                "region"
            ):
                found[m.number] = m
        return found

    def leader(self, row: _Row, *, may_create: bool, name_column: str = "领导") -> Leader | None:
        name, post = row.text(name_column, 40), row.text("职务", 60)
        if not name or not post:
            return None
        key = (name, post)
        if key in self.leaders or key in self.new_leaders:
            return self.leaders.get(key) or self.new_leaders[key]
        if not may_create:
            row.fail(
                name_column,
                f"领导“{name}（{post}）”不在领导名录中，请先在领导名录中添加或先导入接访台账",
            )
            return None
        level = row.choice("级别", LEVELS)
        region = self.region(row)
        if not level or region is None:
            return None
        if region.level != REGION_LEVEL[level]:
            row.fail(
                "地区", f"{LeaderLevel(level).label}领导的地区应为{REGION_LEVEL[level].label}级区划"
            )
            return None
        leader = Leader(name=name, post=post, level=level, region=region)
        self.new_leaders[key] = leader
        return leader

    def region(self, row: _Row) -> Region | None:
        code = row.text("地区", 12)
        if code and code not in self.regions:
            row.fail("地区", f"区划代码“{code}”不存在，应为6位代码，如 431202")
            return None
        return self.regions.get(code)


def _rows(path: Path, kind: str) -> tuple[Ledger, Iterator]:
    ledger = Ledger(path, COLUMNS[kind])
    missing = [c for c in COLUMNS[kind] if c not in ledger.headers]
    if missing:
        raise ImportRefused([f"缺少列：{'、'.join(missing)}（第1行应为表头）"])
    return ledger, ledger.rows()


def _reception(row: _Row, ctx: _Context) -> ReceptionRecord | None:
    held_on = row.date("日期")
    leader = ctx.leader(row, may_create=True)
    form = row.choice("形式", FORMS)
    region = ctx.region(row)
    batches, persons = row.count("批次"), row.count("人次")
    if None in (held_on, leader, region) or not form:
        return None
    return ReceptionRecord(
        held_on=held_on, leader=leader, form=form, region=region, batches=batches,
        persons=persons, line=row.line,
    )  # fmt: skip


def _case(row: _Row, ctx: _Context, matters: dict[str, Matter]) -> CaseRecord | None:
    number, summary = row.text("事项编号", 40), row.text("事项摘要")
    leader = ctx.leader(row, may_create=False, name_column="包案领导")
    owned_on, target_on = row.date("包案日期"), row.date("办结期限")
    settled_on = row.date("办结日期")
    backlog_text = row.cells.get("积案", "").strip()
    if backlog_text not in YES_NO:
        row.fail("积案", "应为“是”或“否”")
    is_backlog = YES_NO.get(backlog_text, False)
    ending = row.choice("终结方式", ENDINGS)
    handed_by = None
    giver = row.cells.get("交办人", "").strip()
    if giver:
        handed_by = next((x for (n, _), x in ctx.leaders.items() if n == giver), None)
        if handed_by is None:
            row.fail("交办人", f"“{giver}”不在领导名录中")
    if owned_on and target_on and target_on < owned_on:
        row.fail("办结期限", "不能早于包案日期")
    if owned_on and settled_on and settled_on < owned_on:
        row.fail("办结日期", "不能早于包案日期")
    if leader is None or owned_on is None or target_on is None:
        return None
    matter = matters.get(number)
    return CaseRecord(
        matter=matter, number=number, summary=summary, leader=leader, owned_on=owned_on,
        target_on=target_on, settled_on=settled_on, is_backlog=bool(is_backlog), ending=ending,
        handed_by=handed_by, region=matter.region if matter else leader.region, line=row.line,
    )  # fmt: skip


def _aid(row: _Row, ctx: _Context, matters: dict[str, Matter]) -> AidRecord | None:
    given_on = row.date("日期")
    name = row.text("信访人", 80)
    people = row.count("人数", least=1)
    source = row.choice("来源", SOURCES)
    amount = row.money("金额")
    approver = row.text("批准人", 40)
    number = row.text("事项编号", 40)
    agreement = row.cells.get("息访协议", "").strip()
    if agreement not in YES_NO:
        row.fail("息访协议", "应为“是”或“否”")
    matter = matters.get(number) if number else None
    region = matter.region if matter else ctx.default_region
    if region is None:
        row.fail("事项编号", "未关联系统中的事项时，须用 --region 指定救助所在地区")
    if given_on is None or not source or region is None:
        return None
    return AidRecord(
        given_on=given_on, recipient_name=name, people=people, source=source, amount=amount,
        approver=approver, matter=matter, number=number, has_agreement=YES_NO.get(agreement, False),
        region=region, line=row.line,
    )  # fmt: skip


def import_ledger(
    kind: str,
    path: Path,
    *,
    user=None,
    region: Region | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    at: dt.datetime | None = None,
) -> Outcome:
    """Read and check every row of `path`, then write them all in one transaction (or
    nothing, with `dry_run`). Raises ImportRefused naming each bad line and column."""
    if kind not in COLUMNS:
        raise ImportRefused([f"未知台账类型“{kind}”，应为 receptions、cases 或 aid"])
    try:
        ledger, rows = _rows(Path(path), kind)
        data = list(rows)
    except LedgerError as exc:
        raise ImportRefused([str(exc)]) from exc
    ctx = _Context(region)
    matters = ctx.matters({cells.get("事项编号", "").strip() for _, cells in data})
    errors: list[str] = []
    records = []
    for line, cells in data:
        row = _Row(line, cells, errors)
        if kind == LedgerKind.RECEPTIONS:
            record = _reception(row, ctx)
        elif kind == LedgerKind.CASES:
            record = _case(row, ctx, matters)
        else:
            record = _aid(row, ctx, matters)
        if record is not None:
            records.append(record)
        if len(errors) >= MAX_ERRORS:
            errors.append(f"错误过多，只列出前{MAX_ERRORS}条；未导入任何数据")
            break
    if not data:
        errors.append("文件中没有数据行")
    if errors:
        raise ImportRefused(errors)
    outcome = Outcome(
        kind=kind, rows=len(records), dry_run=dry_run,
        leaders_created=[f"{x.name}（{x.post}）" for x in ctx.new_leaders.values()],
        linked=sum(1 for r in records if getattr(r, "matter_id", None)),
    )  # fmt: skip
    if dry_run:
        return outcome
    model = {LedgerKind.RECEPTIONS: ReceptionRecord, LedgerKind.CASES: CaseRecord}.get(
        kind, AidRecord
    )
    with transaction.atomic():
        for leader in ctx.new_leaders.values():
            leader.save()
        batch = ImportBatch.objects.create(
            kind=kind, file_name=Path(path).name[:200], rows=len(records), imported_by=user,
            imported_at=at or timesource.now(),
        )  # fmt: skip
        for start in range(0, len(records), CHUNK):
            chunk = records[start : start + CHUNK]
            for record in chunk:
                record.batch = batch  # a new leader's id is read from it as the row is saved
            model.objects.bulk_create(chunk)
            if progress is not None:
                progress(start + len(chunk))
        if kind == LedgerKind.RECEPTIONS:
            rollup.add(records)  # once: the days already there are read once
    return outcome
