"""The monthly report (月报表) of February 2026, drawn from a known ledger, sent by 铜湾镇,
checked by its county, and exported to Excel cell by cell. It is 2026-03-10.

铜湾镇's ledger:
  A 2026-01-15 征地拆迁 6人, screened, never worked on        → on Feb's ledger, 排查
  B 2026-02-03 征地拆迁 4人, first measure 02-05              → 化解中, new
  C 2026-02-10 邻里纠纷 2人, settled 02-12                    → 已化解, new, settled in Feb
  D 2026-01-05 婚姻家庭 3人, settled 01-20                    → not on Feb's ledger
  E 2026-02-25 劳资纠纷 12人, first measure 03-02             → 排查 at Feb's end, new
  F 2026-03-01 环境污染 5人                                   → not on Feb's ledger
  G 2026-02-01 工程建设 8人, turned into a petition 02-26     → 转入信访, new
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from xinfang.disputes import actions, export, queries
from xinfang.disputes.models import DisputeKind, MonthlyReport
from xinfang.lib import timesource
from xinfang.lib.errors import Invalid, NotAllowed

FEB = dt.date(2026, 2, 1)


def _day(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


@pytest.fixture
def ledger(record, people, register, places):
    tina = people.tina
    record(found_on=_day(1, 15), people=6, title="A")
    b = record(found_on=_day(2, 3), people=4, title="B")
    actions.add_measure(tina, b, done_on=_day(2, 5), text="走访", done_by="刘建军")
    c = record(found_on=_day(2, 10), people=2, kind=DisputeKind.NEIGHBOURS, title="C")
    actions.resolve(tina, c, on=_day(2, 12), text="当场调解", done_by="村调委会")
    d = record(found_on=_day(1, 5), people=3, kind=DisputeKind.FAMILY, title="D")
    actions.resolve(tina, d, on=_day(1, 20), text="调解和好", done_by="村调委会")
    e = record(found_on=_day(2, 25), people=12, kind=DisputeKind.LABOUR, title="E")
    actions.add_measure(tina, e, done_on=_day(3, 2), text="约谈老板", done_by="劳动保障站")
    record(found_on=_day(3, 1), people=5, kind=DisputeKind.POLLUTION, title="F")
    g = record(found_on=_day(2, 1), people=8, kind=DisputeKind.CONSTRUCTION, title="G")
    petition = register(region=places.zhongfang, received_on=_day(2, 26))
    at = dt.datetime(2026, 2, 26, 10, tzinfo=timesource.SHANGHAI)
    actions.mark_converted(people.alice, g, petition, at=at)


def _row(figures: dict, kind: str) -> dict:
    return next(r for r in figures["rows"] if r["kind"] == kind)


def test_the_figures_count_each_dispute_under_its_status_at_the_months_end(ledger, towns):
    figures = queries.figures(queries.unit_disputes(towns.tongwan), FEB)
    keys = ("screened", "resolving", "resolved", "converted", "total", "new", "settled", "people")
    table = {r["label"]: tuple(r[k] for k in keys) for r in figures["rows"] if r["total"]}
    assert table == {
        "征地拆迁": (1, 1, 0, 0, 2, 1, 0, 10),
        "邻里纠纷": (0, 0, 1, 0, 1, 1, 1, 2),
        "劳资纠纷": (1, 0, 0, 0, 1, 1, 0, 12),
        "工程建设": (0, 0, 0, 1, 1, 1, 0, 8),
    }
    assert tuple(figures["total"][k] for k in keys) == (2, 1, 1, 1, 5, 4, 1, 32)


def test_the_county_report_adds_up_its_townships(ledger, people, record, towns, places):
    record(actor=people.carol, unit=towns.zhongfangzhen, found_on=_day(2, 8), people=3)
    figures = queries.figures(queries.region_disputes(places.zhongfang), FEB)
    assert figures["total"]["total"] == 6
    assert _row(figures, DisputeKind.LAND_TAKING)["new"] == 2


def test_a_township_sends_its_report_with_the_figures_frozen(ledger, people, towns, record):
    report = actions.submit_report(people.tina, towns.tongwan, FEB)
    record(found_on=_day(2, 27), people=1, title="迟报的纠纷")
    report.refresh_from_db()
    assert report.figures["total"]["total"] == 5
    assert report.submitted_by == people.tina


def test_a_month_not_yet_ended_cannot_be_sent(people, towns):
    with pytest.raises(Invalid, match="2026年03月尚未结束，月末后才能上报"):
        actions.submit_report(people.tina, towns.tongwan, dt.date(2026, 3, 1))


def test_a_report_is_sent_once(people, towns):
    actions.submit_report(people.tina, towns.tongwan, FEB)
    with pytest.raises(Invalid, match="中方县铜湾镇2026年02月的月报表已于2026-03-10 10:00上报"):
        actions.submit_report(people.tina, towns.tongwan, FEB)


def test_another_township_cannot_send_it(people, towns):
    with pytest.raises(NotAllowed):
        actions.submit_report(people.tom, towns.tongwan, FEB)


def test_a_township_that_has_not_sent_by_the_day_is_flagged(people, towns, places):
    actions.submit_report(people.tina, towns.tongwan, FEB)
    rows = queries.township_reports(places.zhongfang, FEB, _day(3, 10))
    assert [(r.unit.name, r.late) for r in rows] == [
        ("中方县中方镇", True),
        ("中方县铜湾镇", False),
    ]


def test_before_the_day_it_is_not_flagged(people, towns, places, settings):
    settings.XINFANG_DISPUTE_REPORT_DAY = 12
    rows = queries.township_reports(places.zhongfang, FEB, _day(3, 10))
    assert not any(r.late for r in rows)
    assert rows[0].due == _day(3, 12)


def test_the_county_page_shows_the_flag(client, people, towns, places):
    actions.submit_report(people.tina, towns.tongwan, FEB)
    client.force_login(people.carol)
    response = client.get(f"/disputes/reports/regions/{places.zhongfang.pk}/?month=2026-02")
    page = response.content.decode()
    assert "已报 1 / 2" in page and "未报 1" in page
    row = page.split("中方县中方镇</a>")[1].split("</tr>")[0]
    assert "未报" in row


def test_another_county_cannot_open_the_county_page(client, people, places):
    client.force_login(people.bob)
    response = client.get(f"/disputes/reports/regions/{places.zhongfang.pk}/")
    assert response.status_code == 404


def test_the_township_page_sends_the_report(client, people, towns):
    client.force_login(people.tina)
    response = client.post(f"/disputes/reports/townships/{towns.tongwan.pk}/submit/",
                           {"month": "2026-02"})  # fmt: skip
    assert response.status_code == 302
    assert MonthlyReport.objects.filter(unit=towns.tongwan, month=FEB).exists()


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_the_excel_export_cell_by_cell(ledger, people, towns, client):
    actions.submit_report(people.tina, towns.tongwan, FEB)
    client.force_login(people.tina)
    response = client.get(
        f"/disputes/reports/townships/{towns.tongwan.pk}/export.xlsx?month=2026-02"
    )
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = _sheet(response.content)
    assert sheet["A1"].value == "中方县铜湾镇矛盾纠纷排查化解月报表"
    assert "A1:I1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "填报单位：中方县铜湾镇"
    assert sheet["F2"].value == "月份：2026年2月"
    assert [c.value for c in sheet[3]] == export.HEADERS
    assert [c.value for c in sheet[4]] == ["征地拆迁", 1, 1, 0, 0, 2, 1, 0, 10]
    assert [c.value for c in sheet[5]] == ["移民安置", 0, 0, 0, 0, 0, 0, 0, 0]
    assert [c.value for c in sheet[8]] == ["邻里纠纷", 0, 0, 1, 0, 1, 1, 1, 2]
    assert [c.value for c in sheet[9]] == ["劳资纠纷", 1, 0, 0, 0, 1, 1, 0, 12]
    assert [c.value for c in sheet[10]] == ["工程建设", 0, 0, 0, 1, 1, 1, 0, 8]
    assert [c.value for c in sheet[12]] == ["其他", 0, 0, 0, 0, 0, 0, 0, 0]
    assert [c.value for c in sheet[13]] == ["合计", 2, 1, 1, 1, 5, 4, 1, 32]
    assert sheet["A14"].value is None
    assert sheet["A15"].value == "填报人：Tina"
    assert sheet["D15"].value == "审核人："
    assert sheet["G15"].value == "填报日期：2026-03-10"


def test_an_unsent_report_exports_with_blank_signature_lines(ledger, towns):
    content = export.workbook(
        queries.figures(queries.unit_disputes(towns.tongwan), FEB),
        unit_name="中方县铜湾镇", month=FEB,
    )  # fmt: skip
    sheet = _sheet(content)
    assert sheet["A15"].value == "填报人："
    assert sheet["G15"].value == "填报日期："


def test_the_county_export_is_titled_by_the_county(ledger, people, places, client):
    client.force_login(people.carol)
    response = client.get(
        f"/disputes/reports/regions/{places.zhongfang.pk}/export.xlsx?month=2026-02"
    )
    sheet = _sheet(response.content)
    assert sheet["A1"].value == "中方县矛盾纠纷排查化解月报表"
    assert sheet["F13"].value == 5
