"""The casework report on a hand-made ledger: each counting rule, the seed's sentence, the
files, the command, the page and the API, within each user's scope."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from xinfang.leadership import files, report
from xinfang.leadership.importing import import_ledger
from xinfang.leadership.tests.conftest import AID, CASES, RECEPTIONS

EXPECTED = (
    "2026年，市县两级1名领导累计公开坐班接访2天次、下访1天次、约访4人次；累计接待信访群众22人次；"
    "带头包案3件，如期办结2件；积案2件，已化解1件，化解率50%，尚有1件未化解；"
    "救助帮扶3人次，协调救助资金1.8万元，其中通过救助协议息访1件次1人次。"
)


@pytest.fixture
def year_of_ledgers(leaders, places, ledger, receptions_rows):
    import_ledger("receptions", ledger(RECEPTIONS, receptions_rows, name="r.csv"))
    import_ledger("cases", ledger(CASES, [
        ["HH-1", "电梯维修", "Hugo", "区长", "县级", "2026-01-05", "2026-02-05", "2026-02-01", "否", "", ""],
        ["HH-2", "征地补偿", "Hugo", "区长", "县级", "2026-01-06", "2026-03-01", "", "是", "", "Lena"],
        ["HH-3", "移民安置", "Hugo", "区长", "县级", "2026-02-01", "2026-06-01", "2026-05-01", "是", "协议化解", ""],
        ["HH-0", "去年的案", "Hugo", "区长", "县级", "2025-11-01", "2025-12-01", "2025-11-20", "否", "", ""],
    ], name="c.csv"))  # fmt: skip
    import_ledger("aid", ledger(AID, [
        ["2026-03-01", "张某", "1", "信访救助", "5000", "李副区长", "", "是"],
        ["2026-04-01", "李某", "2", "民政", "12500", "", "", "否"],
    ], name="a.csv"), region=places.hecheng)  # fmt: skip
    return places.city


def test_the_counting_rules_on_a_hand_made_ledger(year_of_ledgers):
    f = report.figures(year_of_ledgers, 2026)
    assert (f.sitting_days, f.visiting_days, f.appointment_persons, f.received_persons) == (
        2,
        1,
        4,
        22,
    )
    assert (f.cases, f.on_time, f.backlog, f.resolved) == (3, 2, 2, 1)
    assert (f.aid_people, str(f.aid_wan), f.agreements, f.agreement_people) == (3, "1.8", 1, 1)


def test_the_paragraph_is_in_the_seeds_words(year_of_ledgers):
    assert report.paragraph(report.figures(year_of_ledgers, 2026)) == EXPECTED


def test_another_county_counts_nothing_of_hechengs(year_of_ledgers, places):
    f = report.figures(places.zhongfang, 2026)
    assert not f.has_data and f.received_persons == 0


def test_the_workbook_has_a_sheet_per_leader_table(year_of_ledgers):
    data = files.workbook(year_of_ledgers, report.figures(year_of_ledgers, 2026))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["报告", "领导接访", "领导包案", "领导交办", "救助帮扶"]
    assert book["报告"]["A2"].value == EXPECTED
    assert [c.value for c in book["领导接访"][2]] == ["宋敏", "区长", "县级", "鹤城区", 2, 1, 4, 22]
    assert [c.value for c in book["领导包案"][2]][-2:] == [3, 2]


def test_the_brief_carries_the_paragraph(year_of_ledgers):
    data = files.brief(year_of_ledgers, report.figures(year_of_ledgers, 2026))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "市县两级1名领导累计公开坐班接访2天次" in xml


def test_the_command_writes_the_paragraph(year_of_ledgers):
    out = io.StringIO()
    call_command("report", "casework", "--year", "2026", "--region", "431200", stdout=out)
    assert out.getvalue().strip() == EXPECTED


def test_the_annual_report_carries_the_casework_paragraph(year_of_ledgers):
    out = io.StringIO()
    call_command("report", "annual", "--year", "2026", stdout=out)
    assert out.getvalue().strip().endswith(EXPECTED)


def test_the_page_shows_the_report_and_its_rules(client, cast, year_of_ledgers):
    client.force_login(cast.alice)
    page = client.get("/leadership/report/?year=2026").content.decode()
    assert EXPECTED in page and "按“领导+日期”去重计数" in page


def test_a_county_user_cannot_ask_for_the_city(client, cast, year_of_ledgers, places):
    client.force_login(cast.carol)
    assert client.get(f"/leadership/report/?year=2026&region={places.city.pk}").status_code == 404


def test_the_api_answers_the_same(api, year_of_ledgers):
    body = api("get", "/statistics/casework", year=2026).json()
    assert body["text"] == EXPECTED and body["resolution_rate"] == "50.0"


def test_the_reception_days_equal_a_rebuild(year_of_ledgers, ledger, receptions_rows):
    """The invariant: days kept import by import equal days recomputed from every row."""
    from xinfang.leadership import rollup
    from xinfang.leadership.models import ReceptionDay

    import_ledger("receptions", ledger(RECEPTIONS, receptions_rows[:3], name="again.csv"))

    def days():
        return sorted(
            ReceptionDay.objects.values_list(
                "leader_id", "held_on", "region_id", "sitting", "visiting", "persons",
                "appointment_persons",
            )
        )  # fmt: skip

    kept = days()
    rollup.rebuild()
    assert days() == kept


def test_a_session_held_in_the_app_counts_once_with_the_ledger_day(year_of_ledgers, cast, places):
    """宋敏's 2026-03-02 开门接访 is in the ledger; the same day held in the app adds its 人次
    but not a second 天次; a 下访 on a new day adds one."""
    import datetime as dt

    from xinfang.casework.models import Leader
    from xinfang.lib import timesource
    from xinfang.receptions.models import Reception, ReceptionForm, Status

    song = Leader.objects.get(name="宋敏")
    for day, form in (
        (dt.date(2026, 3, 2), ReceptionForm.OPEN),
        (dt.date(2026, 7, 1), ReceptionForm.VISIT_DOWN),
    ):
        Reception.objects.create(
            leader=song, form=form, date=day, starts_at=dt.time(9), ends_at=dt.time(12),
            region=places.hecheng, status=Status.HELD, batches=1, people=5,
            created_by=cast.alice, created_at=timesource.now(),
        )  # fmt: skip
    f = report.figures(year_of_ledgers, 2026)
    assert (f.sitting_days, f.visiting_days, f.received_persons) == (2, 2, 32)
