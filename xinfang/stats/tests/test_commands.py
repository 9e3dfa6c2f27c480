"""The export, report and rollup commands."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.core.management import call_command
from docx import Document

from xinfang.lib import timesource
from xinfang.regions.models import Level
from xinfang.stats import queries
from xinfang.stats.models import RateCount
from xinfang.stats.queries import Period
from xinfang.workflow.actions import forward


def test_export_writes_one_row_per_petition_without_personal_columns(cast, register, tmp_path):
    register()
    register(is_accusation=True, purpose="accuse")
    path = tmp_path / "out.csv"
    call_command(
        "export", "petitions", user="alice", year=2026, output=str(path), stdout=io.StringIO()
    )
    with open(path, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [
        "编号",
        "信访件编号",
        "事项编号",
        "是否重复",
        "登记日期",
        "信访形式",
        "人数",
        "登记层级",
        "问题属地",
        "内容分类",
        "状态",
    ]
    assert len(rows) == 2  # the 检举控告 petition never leaves


def test_the_annual_report_command_prints_json_with_definitions(places, on_day):
    on_day(dt.date(2026, 1, 5), level=Level.NATIONAL)
    out = io.StringIO()
    call_command("report", "annual", year=2026, region="431200", format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["figures"]["national_batches"]["value"] == 1
    assert "国家信访局" in data["figures"]["national_batches"]["definition"]
    assert data["text"].startswith("2026年，全市信访总量为1批次1人次")


def test_the_docx_brief_holds_the_paragraph_and_tables(places, on_day, tmp_path):
    on_day(dt.date(2026, 1, 5))
    path = tmp_path / "brief.docx"
    call_command(
        "report", "monthly", month="2026-01", format="docx", output=str(path), stdout=io.StringIO()
    )
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert "呈 阅 件" in texts
    assert any(t.startswith("2026年1月，全市信访总量为1批次1人次") for t in texts)
    assert doc.tables[0].rows[-1].cells[0].text == "合计"


def test_rollup_rebuild_is_a_command(places, on_day):
    on_day(dt.date(2026, 1, 5))
    out = io.StringIO()
    call_command("rollup", "rebuild", stdout=out)
    assert "重建完成：1 件" in out.getvalue()


def test_rollup_rebuild_also_rebuilds_the_rates(cast, places, on_day):
    matter = on_day(dt.date(2026, 1, 5)).matter
    with timesource.freeze(dt.datetime(2026, 1, 5, 10, tzinfo=timesource.SHANGHAI)):
        forward(cast.alice, matter, places.housing, note="请依法处理")
    RateCount.objects.all().delete()  # lost, as after a restore of the petitions alone
    out = io.StringIO()
    with timesource.freeze(dt.datetime(2026, 3, 1, 10, tzinfo=timesource.SHANGHAI)):
        call_command("rollup", "rebuild", stdout=out)
        assert queries.rates(places.city, Period.year(2026))["timely_accept_rate"] == 0.0
    assert "时效和满意度统计重建完成：1 个到期时限" in out.getvalue()
