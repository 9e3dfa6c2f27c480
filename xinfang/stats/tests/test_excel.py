"""Excel and CSV: opened back and checked cell by cell."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from xinfang.regions.models import Level
from xinfang.stats import excel, report


def _book(places, on_day):
    on_day(dt.date(2026, 1, 5), level=Level.NATIONAL, region=places.hecheng)
    on_day(dt.date(2026, 2, 5), channel="letter", region=places.zhongfang)
    built = report.annual(places.city, 2026)
    return load_workbook(io.BytesIO(excel.workbook_bytes(excel.statistics_workbook(built))))


def test_the_header_cells_are_merged_chinese_groups(places, on_day):
    sheet = _book(places, on_day)["信访统计表"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A3"].value == "区划" and "A3:A4" in merged
    assert sheet["B3"].value == "信访总量" and "B3:C3" in merged
    assert (sheet["B4"].value, sheet["C4"].value) == ("批次", "人次")
    assert sheet["F3"].value == "进京访"


def test_the_rows_are_the_counties_and_a_total(places, on_day):
    sheet = _book(places, on_day)["信访统计表"]
    names = [sheet.cell(r, 1).value for r in range(5, sheet.max_row + 1)]
    assert names[-1] == "合计"
    hecheng = names.index("鹤城区") + 5
    assert sheet.cell(hecheng, 2).value == 1  # 批次
    assert sheet.cell(hecheng, 6).value == 1  # 进京访批次
    total = sheet.max_row
    assert sheet.cell(total, 2).value == 2
    assert sheet.cell(total, 16).value == 1  # 人民来信件次


def test_the_annual_book_has_months_and_classes(places, on_day):
    book = _book(places, on_day)
    months = book["分月统计"]
    assert [months.cell(r, 2).value for r in (3, 4, 5)] == [1, 1, 0]
    assert months["A15"].value == "合计" and months["B15"].value == 2
    assert book["分类统计"]["A2"].value == "内容分类"


def test_the_csv_has_the_same_flattened_headers(places, on_day):
    on_day(dt.date(2026, 1, 5))
    content = excel.statistics_csv(report.annual(places.city, 2026))
    header, *rows = content.lstrip("\ufeff").splitlines()
    assert header.startswith("区划,信访总量（批次）,信访总量（人次）,来访（批次）")
    assert rows[-1].startswith("合计,1,1,1,1")
