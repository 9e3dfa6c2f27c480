"""The case list as a file (Excel or CSV): the rows the screen lists, as the screen shows them.

The same access rule (the caller passes `visible_petitions` filtered by the list's form), the
same masking (`masked_particulars`), every cell through `safe_cell` (formula injection), and
检举控告 never leaves in a file (the rule of every export: stats/management/commands/export).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet

from xinfang.lib.spreadsheet import safe_row
from xinfang.petitions.models import Petition
from xinfang.petitions.queries import masked_particulars

MAX_ROWS = 20000  # a file for a desk, not a data dump: larger sets go through `xinfang export`
HEADERS = [
    "信访件编号", "事项编号", "收到日期", "信访形式", "人数", "标题", "信访人", "证件号码",
    "联系电话", "问题属地", "内容分类", "状态", "重信重访",
]  # fmt: skip


def exportable(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    """The listed petitions that may leave in a file, newest first as on screen."""
    return qs.filter(is_accusation=False).order_by("-received_on", "-id")


def rows(qs: QuerySet[Petition]) -> Iterator[list]:
    """One row per petition of `qs` (already `exportable`), cells made safe."""
    qs = qs.select_related("matter", "region", "content_class").prefetch_related("petitioners")
    for p in qs.iterator(chunk_size=2000):
        main = p.main_petitioner
        shown = masked_particulars(main) if main else {"id_number": "", "phone": ""}
        yield safe_row([
            p.number, p.matter.number, p.received_on.isoformat(), p.get_channel_display(),
            p.petitioner_count, p.title, main.name if main else "", shown["id_number"],
            shown["phone"], p.region.name, p.content_class.name, p.matter.get_status_display(),
            "是" if p.is_repeat else "否",
        ])  # fmt: skip


def as_csv(qs: QuerySet[Petition]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows(qs))
    return "\ufeff" + out.getvalue()  # BOM: Excel opens UTF-8 Chinese correctly


def as_xlsx(qs: QuerySet[Petition]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("信访件")
    sheet.append(HEADERS)
    for row in rows(qs):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
