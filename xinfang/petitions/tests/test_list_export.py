"""/petitions/export.xlsx and .csv: the filtered case list as a file, as the screen shows it.

alice (city registrar) registered the petitions; bob sees 鹤城区, carol only 中方县; grace
supervises the city bureau and reads the 查看记录.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from xinfang.accounts.models import Role, User
from xinfang.conftest import VALID_ID
from xinfang.events.models import Event, EventKind
from xinfang.petitions import exports


@pytest.fixture
def cases(register, places):
    return {
        "lift": register(),
        "wages": register(title="工厂拖欠工资", content="拖欠工资三个月。", content_class=places.wages),
        "formula": register(title="=HYPERLINK(\"http://x\")", content="标题像公式。"),
        "accusation": register(
            is_accusation=True, purpose="accuse", accused_name="某科长",
            title="举报某科长收受好处费", content="某科长在审批中收受好处费。",
        ),
    }  # fmt: skip


def csv_rows(client, user, **query) -> list[list[str]]:
    client.force_login(user)
    response = client.get("/petitions/export.csv", query)
    assert response["Content-Disposition"].startswith("attachment")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_holds_the_rows_the_screen_lists_for_the_same_query(client, cast, cases):
    numbers = {row[0] for row in csv_rows(client, cast.alice, q="拖欠")[1:]}
    assert numbers == {cases["wages"].number}


def test_the_xlsx_holds_the_same_rows(client, cast, cases):
    client.force_login(cast.alice)
    response = client.get("/petitions/export.xlsx", {"q": "拖欠"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == exports.HEADERS
    assert [r[0] for r in rows[1:]] == [cases["wages"].number]


def test_personal_data_is_masked(client, cast, cases):
    row = next(r for r in csv_rows(client, cast.alice) if r[0] == cases["lift"].number)
    assert (row[6], row[8]) == ("张建国", "138****1234")
    assert VALID_ID not in row[7] and row[7].endswith(VALID_ID[-4:])


def test_a_formula_is_written_as_text(client, cast, cases):
    row = next(r for r in csv_rows(client, cast.alice) if r[0] == cases["formula"].number)
    assert row[5].startswith("'=")


def test_an_accusation_never_leaves_in_a_file(client, cast, cases):
    numbers = {row[0] for row in csv_rows(client, cast.alice)}
    assert cases["accusation"].number not in numbers


def test_a_user_outside_the_region_exports_nothing_of_it(client, cast, cases):
    assert csv_rows(client, cast.carol) == [exports.HEADERS]


def test_a_voided_petition_is_not_exported(client, cast, cases):
    from xinfang.intake.actions import void_petition

    void_petition(cast.alice, cases["lift"], reason="重复登记")
    assert cases["lift"].number not in {row[0] for row in csv_rows(client, cast.alice)}


def test_the_export_is_logged_with_its_query(client, cast, cases):
    csv_rows(client, cast.alice, q="拖欠")
    event = Event.objects.get(kind=EventKind.LIST_EXPORTED)
    assert (event.actor, event.data["query"], event.data["rows"]) == (
        cast.alice,
        "q=%E6%8B%96%E6%AC%A0",
        1,
    )


def test_the_audit_page_shows_the_export_to_a_supervisor_over_the_exporter(
    client, cast, cases, grace
):
    csv_rows(client, cast.alice, q="拖欠")
    client.force_login(grace)
    assert "导出信访件列表（CSV，1件）" in client.get("/petitions/audit/").content.decode()


def test_a_county_supervisor_does_not_see_a_city_registrar_export(client, cast, cases, places):
    csv_rows(client, cast.alice)
    zoe = User.objects.create_user(
        "zoe", password="x", role=Role.SUPERVISOR, unit=places.zhongfang_bureau,
        region=places.zhongfang,
    )  # fmt: skip
    client.force_login(zoe)
    assert "导出信访件列表" not in client.get("/petitions/audit/").content.decode()


def test_too_many_rows_are_refused_with_the_reason(client, cast, cases, monkeypatch):
    monkeypatch.setattr(exports, "MAX_ROWS", 1)
    client.force_login(cast.alice)
    response = client.get("/petitions/export.xlsx", follow=True)
    assert "超过单次导出上限" in response.content.decode()
    assert not Event.objects.filter(kind=EventKind.LIST_EXPORTED).exists()


def test_the_list_offers_both_files_for_its_query(client, cast, cases):
    client.force_login(cast.alice)
    page = client.get("/petitions/", {"q": "拖欠"}).content.decode()
    assert "/petitions/export.xlsx?q=%E6%8B%96%E6%AC%A0" in page
    assert "/petitions/export.csv?q=%E6%8B%96%E6%AC%A0" in page


def test_an_unknown_format_is_not_found(client, cast):
    client.force_login(cast.alice)
    assert client.get("/petitions/export.pdf").status_code == 404
