"""The statistics table and the monthly ledger (台账) as Excel (openpyxl) and CSV.

One column spec feeds both formats, so the CSV headers are the Excel headers flattened.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from xinfang.classes.models import ContentClass
from xinfang.classes.queries import subtree_ids
from xinfang.lib.spreadsheet import safe_cell, safe_row
from xinfang.petitions.queries import PetitionFilter, filter_petitions, visible_petitions
from xinfang.stats import queries
from xinfang.stats.report import Report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (group header, sub header, figure key); a group spanning two columns is merged above them.
COLUMNS = (
    ("信访总量", "批次", "total_batches"),
    ("信访总量", "人次", "total_persons"),
    ("来访", "批次", "visit_batches"),
    ("来访", "人次", "visit_persons"),
    ("进京访", "批次", "national_batches"),
    ("进京访", "人次", "national_persons"),
    ("其中非正常进京访", "批次", "national_abnormal_batches"),
    ("其中非正常进京访", "人次", "national_abnormal_persons"),
    ("赴省访", "批次", "province_batches"),
    ("赴省访", "人次", "province_persons"),
    ("越级到市访", "批次", "overlevel_city_batches"),
    ("越级到市访", "人次", "overlevel_city_persons"),
    ("集体访", "批次", "collective_batches"),
    ("集体访", "人次", "collective_persons"),
    ("人民来信", "件次", "letter_items"),
    ("网上信访", "件次", "online_items"),
    ("来电", "件次", "phone_items"),
    ("初信初访", "件", "first_time"),
    ("重信重访", "件", "repeats"),
)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="F2DCDB")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def table_rows(report: Report) -> list[tuple[str, list[int], float | None]]:
    """(region name, figures in COLUMNS order, 人次 per 10,000) per child region, then 合计."""
    rows = []
    for child, v in queries.volumes_by_child(
        report.region, report.period, confidential=report.confidential, **report.filters
    ):
        rows.append(
            (
                child.name,
                [int(v[key]) for *_, key in COLUMNS],
                queries.per_10k(v["total_persons"], child),
            )
        )
    totals = [int(report.now[key]) for *_, key in COLUMNS]
    rows.append(("合计", totals, queries.per_10k(report.now["total_persons"], report.region)))
    return rows


def flat_headers() -> list[str]:
    return ["区划"] + [f"{group}（{sub}）" for group, sub, _ in COLUMNS] + ["每万人信访人次"]


def statistics_workbook(report: Report, ledger_rows=None) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "信访统计表"
    width = len(COLUMNS) + 2
    _title(sheet, report.title, width)
    sheet.cell(2, 1, f"统计期间：{report.period.start:%Y-%m-%d} 至 {report.period.end:%Y-%m-%d}")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    # Two header rows: group names merged over their sub-columns, 区划 merged downwards.
    _head(sheet, 3, 1, "区划", rows=2)
    col = 2
    while col - 2 < len(COLUMNS):
        group = COLUMNS[col - 2][0]
        span = sum(1 for g, *_ in COLUMNS if g == group)
        if span > 1:
            _head(sheet, 3, col, group, cols=span)
            for i in range(span):
                _head(sheet, 4, col + i, COLUMNS[col - 2 + i][1])
        else:
            _head(sheet, 3, col, group)
            _head(sheet, 4, col, COLUMNS[col - 2][1])
        col += span
    _head(sheet, 3, width, "每万人信访人次", rows=2)
    row = 5
    for name, values, per_head in table_rows(report):
        cells = [name, *values, per_head]
        for c, value in enumerate(cells, start=1):
            cell = sheet.cell(row, c, safe_cell(value))
            cell.border = BOX
            if name == "合计":
                cell.font = Font(bold=True)
        row += 1
    sheet.column_dimensions["A"].width = 16
    for c in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 10
    sheet.freeze_panes = "B5"

    _rates_sheet(book, report)
    _class_sheet(book, report)
    if report.kind == "annual":
        _month_sheet(book, report)
    if ledger_rows is not None:
        _ledger_sheet(book, report, ledger_rows)
    return book


def _title(sheet, text: str, width: int) -> None:
    sheet.cell(1, 1, text).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = CENTER
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 26


def _head(sheet, row: int, col: int, text: str, *, rows: int = 1, cols: int = 1) -> None:
    cell = sheet.cell(row, col, text)
    cell.font = Font(bold=True)
    cell.alignment = CENTER
    cell.fill = HEAD_FILL
    for r in range(row, row + rows):
        for c in range(col, col + cols):
            sheet.cell(r, c).border = BOX
    if rows > 1 or cols > 1:
        sheet.merge_cells(
            start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1
        )


def _rates_sheet(book: Workbook, report: Report) -> None:
    sheet = book.create_sheet("指标")
    _title(sheet, f"{report.title} · 主要指标", 4)
    for c, text in enumerate(("指标", "数值", "单位", "口径说明"), start=1):
        _head(sheet, 2, c, text)
    row = 3
    if report.rates_note:
        sheet.cell(row, 1, report.rates_note)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        row += 1
    for key, item in report.figures().items():
        if key.startswith("band_"):
            continue
        for c, value in enumerate(
            (item["label"], item["value"], item["unit"], item["definition"]), start=1
        ):
            sheet.cell(row, c, safe_cell(value)).border = BOX
        row += 1
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["D"].width = 70


def _class_sheet(book: Workbook, report: Report) -> None:
    sheet = book.create_sheet("分类统计")
    _title(sheet, f"{report.title} · 按内容分类", 4)
    for c, text in enumerate(("内容分类", "批次", "人次", "占人次比例"), start=1):
        _head(sheet, 2, c, text)
    total = report.now["total_persons"] or 0
    row = 3
    for item in report.by_class:
        share = round(100 * item["persons"] / total, 1) if total else None
        for c, value in enumerate(
            (item["label"], item["batches"], item["persons"], share), start=1
        ):
            sheet.cell(row, c, safe_cell(value)).border = BOX
        row += 1
    for c, value in enumerate(
        ("合计", report.now["total_batches"], total, 100.0 if total else None), start=1
    ):
        cell = sheet.cell(row, c, safe_cell(value))
        cell.border = BOX
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 20


def _month_sheet(book: Workbook, report: Report) -> None:
    sheet = book.create_sheet("分月统计")
    _title(sheet, f"{report.title} · 分月", 3)
    for c, text in enumerate(("月份", "批次", "人次"), start=1):
        _head(sheet, 2, c, text)
    by_month = {row["key"].month: row for row in report.by_month}
    for month in range(1, 13):
        row = by_month.get(month, {"batches": 0, "persons": 0})
        for c, value in enumerate((f"{month}月", row["batches"], row["persons"]), start=1):
            sheet.cell(month + 2, c, safe_cell(value)).border = BOX
    for c, value in enumerate(
        ("合计", report.now["total_batches"], report.now["total_persons"]), start=1
    ):
        cell = sheet.cell(15, c, safe_cell(value))
        cell.border = BOX
        cell.font = Font(bold=True)


LEDGER_HEADERS = (
    "信访件编号",
    "事项编号",
    "登记日期",
    "信访形式",
    "人数",
    "登记层级",
    "问题属地",
    "内容分类",
    "标题",
    "是否重复",
    "状态",
)


def _ledger_sheet(book: Workbook, report: Report, rows) -> None:
    sheet = book.create_sheet("台账")
    _title(sheet, f"{report.region.name}{report.period.label}信访台账", len(LEDGER_HEADERS))
    for c, text in enumerate(LEDGER_HEADERS, start=1):
        _head(sheet, 2, c, text)
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, safe_cell(value))
    for c, w in enumerate((22, 24, 12, 14, 6, 8, 10, 14, 40, 8, 10), start=1):
        sheet.column_dimensions[get_column_letter(c)].width = w


def ledger_rows(petitions):
    """Rows of the 台账 from a petition queryset (already limited to what the reader may see)."""
    qs = petitions.select_related("matter", "region", "content_class").order_by("received_on", "id")
    for p in qs.iterator(chunk_size=2000):
        yield (
            p.number, p.matter.number, p.received_on, p.get_channel_display(), p.petitioner_count,
            p.get_level_display(), p.region.name, p.content_class.name, p.title,
            "是" if p.is_repeat else "否", p.matter.get_status_display(),
        )  # fmt: skip


def statistics_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(flat_headers()))
    for name, values, per_head in table_rows(report):
        writer.writerow(safe_row([name, *values, "" if per_head is None else per_head]))
    return "\ufeff" + out.getvalue()  # BOM so Excel opens UTF-8 Chinese correctly


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _class_ids(report: Report) -> list[int] | None:
    """The filtered top class and every class below it (the 台账 lists leaf classes)."""
    pk = report.filters.get("top_class_id")
    node = ContentClass.objects.filter(pk=pk).first() if pk else None
    return subtree_ids(node) if node is not None else None


def report_workbook(user, report: Report) -> bytes:
    """The report's workbook; a monthly one with its 台账 of the petitions `user` may see
    (检举控告 never listed)."""
    rows = None
    if report.kind == "monthly":
        petitions = filter_petitions(
            visible_petitions(user),
            PetitionFilter(
                region=report.region,
                received_from=report.period.start,
                received_to=report.period.end,
                channel=report.filters.get("channel", ""),
                content_class_ids=_class_ids(report),
            ),
        ).filter(is_accusation=False)
        rows = ledger_rows(petitions)
    return workbook_bytes(statistics_workbook(report, rows))
