"""The statistics files honour every filter on the screen (信访形式, 内容分类, region, period)
and say so in their title; no sheet shows a raw key."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from xinfang.stats import excel, report


@pytest.fixture
def two_classes(places, on_day):
    on_day(dt.date(2026, 1, 5), content_class=places.urban)  # 城乡建设
    on_day(dt.date(2026, 1, 6), content_class=places.wages, channel="letter")  # 劳动和社会保障


def _sheet(response, name="信访统计表"):
    return load_workbook(io.BytesIO(response.content))[name]


def test_the_excel_file_counts_only_the_filtered_class(client, cast, places, two_classes):
    client.force_login(cast.alice)
    top = places.urban.parent
    sheet = _sheet(client.get(f"/stats/export/statistics.xlsx?year=2026&content_class={top.pk}"))
    assert sheet.cell(sheet.max_row, 1).value == "合计"
    assert sheet.cell(sheet.max_row, 2).value == 1
    assert f"（{top.name}类）" in sheet["A1"].value


def test_the_csv_counts_only_the_filtered_channel(client, cast, two_classes):
    client.force_login(cast.alice)
    content = client.get("/stats/export/statistics.csv?year=2026&channel=letter").content.decode()
    assert content.strip().splitlines()[-1].startswith("合计,1,1")


def test_a_filtered_month_lists_only_its_petitions_in_the_ledger(client, cast, places, two_classes):
    client.force_login(cast.alice)
    top = places.wages.parent
    book = load_workbook(
        io.BytesIO(
            client.get(
                f"/stats/export/statistics.xlsx?year=2026&month=1&content_class={top.pk}"
            ).content
        )
    )
    ledger = book["台账"]
    numbers = [ledger.cell(r, 1).value for r in range(3, ledger.max_row + 1)]
    assert len([n for n in numbers if n]) == 1


def test_a_filtered_file_says_why_it_has_no_rates(places, two_classes):
    built = report.annual(places.city, 2026, channel="letter")
    book = load_workbook(io.BytesIO(excel.workbook_bytes(excel.statistics_workbook(built))))
    assert "不计算办结率" in book["指标"]["A3"].value


def test_every_figure_in_the_rates_sheet_has_a_chinese_name(places, two_classes):
    built = report.annual(places.city, 2026)
    sheet = load_workbook(io.BytesIO(excel.workbook_bytes(excel.statistics_workbook(built))))[
        "指标"
    ]
    names = [sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)]
    assert names and all(name and not name.isascii() for name in names)
