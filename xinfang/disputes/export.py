"""The monthly report (矛盾纠纷排查化解月报表) as an Excel workbook, in the layout such reports
are sent upward in: the title, the reporting unit and month, the counts by type and status
with the month's new and settled disputes and the people involved, the totals, and the
signature lines (填报人、审核人、填报日期).

Layout (one sheet):
  row 1  title, merged A1:I1
  row 2  填报单位：…  (A2:E2)       月份：YYYY年M月 (F2:I2)
  row 3  headers: 纠纷类型 排查 化解中 已化解 转入信访 合计 本月新增 本月化解 涉及人数
  row 4… one row per type, then 合计
  after a blank row: 填报人：…  审核人：  填报日期：…
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from xinfang.disputes.queries import STATUSES
from xinfang.lib.spreadsheet import safe_cell

HEADERS = [
    "纠纷类型",
    "排查",
    "化解中",
    "已化解",
    "转入信访",
    "合计",
    "本月新增",
    "本月化解",
    "涉及人数",
]
KEYS = STATUSES + ["total", "new", "settled", "people"]
FIRST_ROW = 4  # the first type's row


def title_of(unit_name: str) -> str:
    return f"{unit_name}矛盾纠纷排查化解月报表"


def workbook(
    figures: dict, *, unit_name: str, month: dt.date, filled_by: str = "",
    filled_on: dt.date | None = None,
) -> bytes:  # fmt: skip
    """The report as xlsx bytes. `filled_by` and `filled_on` are the sender and the day it
    was sent (blank lines to sign on paper when it was not sent through the system)."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{month:%Y年%m月}"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center")
    last = len(HEADERS)

    sheet.append([safe_cell(title_of(unit_name))])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = centre
    sheet.row_dimensions[1].height = 30

    sheet.cell(2, 1, safe_cell(f"填报单位：{unit_name}"))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=5)
    sheet.cell(2, 6, f"月份：{month.year}年{month.month}月")
    sheet.merge_cells(start_row=2, start_column=6, end_row=2, end_column=last)
    sheet.cell(2, 6).alignment = Alignment(horizontal="right")

    sheet.append(HEADERS)
    rows = [*figures["rows"], figures["total"]]
    for row in rows:
        sheet.append([row["label"], *(row[key] for key in KEYS)])
    end = FIRST_ROW + len(rows) - 1
    for line in sheet.iter_rows(min_row=3, max_row=end, max_col=last):
        for cell in line:
            cell.border = box
            cell.alignment = centre
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for cell in sheet[end]:
        cell.font = Font(bold=True)

    signed = end + 2
    sheet.cell(signed, 1, safe_cell(f"填报人：{filled_by}"))
    sheet.merge_cells(start_row=signed, start_column=1, end_row=signed, end_column=3)
    sheet.cell(signed, 4, "审核人：")
    sheet.merge_cells(start_row=signed, start_column=4, end_row=signed, end_column=6)
    sheet.cell(signed, 7, f"填报日期：{filled_on:%Y-%m-%d}" if filled_on else "填报日期：")
    sheet.merge_cells(start_row=signed, start_column=7, end_row=signed, end_column=last)

    sheet.column_dimensions["A"].width = 16
    for letter in "BCDEFGHI":
        sheet.column_dimensions[letter].width = 10
    sheet.page_setup.orientation = "landscape"
    sheet.print_options.horizontalCentered = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
