"""Import an existing dispute ledger (矛盾纠纷排查化解台账) kept in a spreadsheet.

The caller reads the file (CSV in UTF-8, UTF-8 with BOM or GBK, or xlsx: the interface uses
the petition ledger's reader, xinfang.lib.ledger) and hands the rows here as
(line as the user sees it, {header: text}). All or nothing: every row is checked with the
recording action's own rules, every problem is reported as 第N行“列名”列：…, and only a file
without any is written, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from xinfang.disputes import actions, queries
from xinfang.disputes.models import Dispute, DisputeKind, DisputeStatus, Risk
from xinfang.lib import timesource
from xinfang.regions.models import Region, Unit

REQUIRED = (
    "排查日期",
    "纠纷概要",
    "当事人",
    "纠纷类型",
    "涉及人数",
    "风险等级",
    "责任人",
    "责任单位",
)
OPTIONAL = ("填报单位", "区划代码", "村（社区）组", "基本情况", "化解措施", "状态", "化解日期")
# The draft's fields under the ledger's column names, for the errors.
COLUMNS = {
    "found_on": "排查日期", "title": "纠纷概要", "parties": "当事人", "kind": "纠纷类型",
    "people": "涉及人数", "risk": "风险等级", "responsible_person": "责任人",
    "responsible_unit": "责任单位", "unit": "填报单位", "region": "区划代码",
    "place": "村（社区）组", "details": "基本情况", "measures": "化解措施",
}  # fmt: skip
KINDS = {kind.label: kind.value for kind in DisputeKind}
RISKS = {risk.label: risk.value for risk in Risk} | {f"{r.label}风险": r.value for r in Risk}
STATUSES = {"排查": DisputeStatus.SCREENED, "化解中": DisputeStatus.RESOLVING,
            "已化解": DisputeStatus.RESOLVED, "": DisputeStatus.SCREENED}  # fmt: skip


@dataclass
class Outcome:
    errors: list[str] = field(default_factory=list)  # 第N行“列”列：…
    rows: int = 0
    imported: int = 0


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-")[:10])
    except ValueError:
        return None


class _Reader:
    """One row's values into a draft, with each problem under its column."""

    def __init__(self, line: int, raw: dict[str, str], outcome: Outcome):
        self.line, self.raw, self.outcome = line, raw, outcome
        self.failed = False

    def error(self, column: str, message: str) -> None:
        self.failed = True
        self.outcome.errors.append(f"第{self.line}行“{column}”列：{message}")

    def text(self, column: str) -> str:
        return (self.raw.get(column) or "").strip()

    def choice(self, column: str, table: dict[str, str]) -> str:
        value = self.text(column)
        if value not in table:
            named = "、".join(label for label in table if label)
            self.error(column, f"“{value}”不是有效的{column}（应为{named}）")
            return ""
        return table[value]


def import_disputes(
    rows: Iterable[tuple[int, dict[str, str]]], headers: list[str], *, actor=None,
    unit: Unit | None = None, region: Region | None = None, dry_run: bool = False,
    at: dt.datetime | None = None,
) -> Outcome:  # fmt: skip
    """Check every row, then (unless `dry_run` or any row failed) write them all.

    `unit` is the reporting unit of rows without a 填报单位 column (the uploader's own);
    `region` the place of rows without 区划代码 (else the unit's region). With an `actor`,
    each row's unit must be one they may record for.
    """
    outcome = Outcome()
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        outcome.errors.append(f"第1行（表头）缺少列：{'、'.join(missing)}")
        return outcome
    now = at or timesource.now()
    today = timesource.day_of(now)
    units = {u.name: u for u in Unit.objects.select_related("region")}
    regions = {r.code: r for r in Region.objects.all()}
    allowed = (
        None if actor is None else set(queries.reporting_units(actor).values_list("pk", flat=True))
    )
    built: list[Dispute] = []
    for line, raw in rows:
        outcome.rows += 1
        row = _Reader(line, raw, outcome)
        row_unit = unit
        if name := row.text("填报单位"):
            row_unit = units.get(name)
            if row_unit is None:
                row.error("填报单位", f"没有名为“{name}”的单位")
        elif row_unit is None:
            row.error("填报单位", "请填写填报单位")
        if row_unit is not None and allowed is not None and row_unit.pk not in allowed:
            row.error("填报单位", f"您不能为{row_unit.name}导入矛盾纠纷")
        row_region = region or (row_unit.region if row_unit else None)
        if code := row.text("区划代码"):
            row_region = regions.get(code)
            if row_region is None:
                row.error("区划代码", f"未知区划代码“{code}”")
        found_on = _date(row.text("排查日期"))
        if found_on is None:
            row.error("排查日期", f"“{row.text('排查日期')}”不是有效日期（应为YYYY-MM-DD）")
        people = None
        try:
            people = int(row.text("涉及人数"))
        except ValueError:
            row.error("涉及人数", f"“{row.text('涉及人数')}”不是整数")
        kind = row.choice("纠纷类型", KINDS)
        risk = row.choice("风险等级", RISKS)
        status = row.choice("状态", STATUSES)
        resolved_on = None
        if status == DisputeStatus.RESOLVED:
            resolved_on = _date(row.text("化解日期"))
            if resolved_on is None:
                row.error("化解日期", "状态为已化解时须填写化解日期（YYYY-MM-DD）")
            elif found_on and not found_on <= resolved_on <= today:
                row.error("化解日期", "化解日期应在排查日期与今天之间")
        if row.failed:
            continue
        draft = actions.DisputeDraft(
            unit=row_unit, region=row_region, found_on=found_on, title=row.text("纠纷概要"),
            parties=row.text("当事人"), kind=kind, people=people, risk=risk,
            responsible_person=row.text("责任人"), responsible_unit=row.text("责任单位"),
            place=row.text("村（社区）组"), details=row.text("基本情况"),
            measures=row.text("化解措施"),
        )  # fmt: skip
        for name, messages in actions.check(draft, today=today).items():
            for message in messages:
                row.error(COLUMNS[name], message)
        if row.failed:
            continue
        dispute = Dispute(status=status, recorded_by=actor, recorded_at=now, updated_at=now)
        for name in COLUMNS:
            setattr(dispute, name, getattr(draft, name))
        if status != DisputeStatus.SCREENED:
            dispute.resolving_on = found_on
        dispute.resolved_on = resolved_on
        built.append(dispute)
    if outcome.rows == 0:
        outcome.errors.append("文件没有数据行（只有表头）")
    if outcome.errors or dry_run:
        return outcome
    with transaction.atomic():
        Dispute.objects.bulk_create(built, batch_size=500)
    outcome.imported = len(built)
    return outcome
