"""The reports over the API: JSON, CSV and Excel, within the caller's statistics scope."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from xinfang.conftest import TODAY
from xinfang.stats.excel import flat_headers


@pytest.fixture
def registered(register):
    """Two petitions in 鹤城区 this month: a 7-person visit and a letter."""
    register(channel="visit", petitioner_count=7)
    register(channel="letter")


def test_it_answers_the_annual_figures_with_their_definitions(api, registered):
    body = api("get", "/statistics/annual", year=TODAY.year).json()
    total = body["figures"]["total_batches"]
    assert (total["value"], total["unit"], total["label"]) == (2, "批次", "信访总量")
    assert body["figures"]["total_persons"]["value"] == 8
    assert body["text"].startswith(f"{TODAY.year}年，全市信访总量为2批次8人次")
    assert body["region"]["code"] == "431200"


def test_it_answers_a_county_s_month_for_its_own_staff(api, cast, registered):
    month = f"{TODAY:%Y-%m}"
    response = api("get", "/statistics/monthly", user=cast.bob, month=month, region="431202")
    assert response.status_code == 200
    assert response.json()["figures"]["letter_items"]["value"] == 1


def test_it_hides_a_region_outside_the_caller_s_scope(api, cast, registered):
    response = api("get", "/statistics/annual", user=cast.bob, year=TODAY.year, region="431200")
    assert response.status_code == 404


def test_it_hides_statistics_from_staff_of_a_responsible_unit(api, cast, registered):
    assert api("get", "/statistics/annual", user=cast.dave, year=TODAY.year).status_code == 404


def test_it_writes_the_annual_table_as_csv_with_chinese_headers(api, registered):
    response = api("get", "/statistics/annual.csv", year=TODAY.year)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == flat_headers()
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["鹤城区"][1:3] == ["2", "8"]  # 批次, 人次
    assert by_name["合计"][1:3] == ["2", "8"]


def test_it_writes_the_month_as_excel_with_its_ledger(api, registered):
    response = api("get", "/statistics/monthly.xlsx", month=f"{TODAY:%Y-%m}")
    book = load_workbook(io.BytesIO(response.content))
    ledger = book[book.sheetnames[-1]]
    assert "台账" in ledger.title
    numbers = [row[0] for row in ledger.iter_rows(values_only=True) if row[0]]
    assert sum(1 for n in numbers if str(n).startswith("431200-")) == 2


def test_it_refuses_a_peak_year_after_the_report_year(api, registered):
    response = api("get", "/statistics/annual", year=2025, peak_since=2026)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "peak_since"


def test_it_refuses_a_malformed_month(api):
    response = api("get", "/statistics/monthly", month="2026-13")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "month"
