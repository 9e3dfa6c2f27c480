"""The 交办 pages: a leader ticks matters on the case list, hands them down with one form,
follows the batch's progress; the receiving leader reports back on the batch page."""

from __future__ import annotations

import pytest

from xinfang.casework import actions as casework
from xinfang.casework import handover_actions
from xinfang.casework.models import Handover, HandoverItem


def test_a_leader_sees_the_handover_button_on_the_case_list(client, cast, leaders, hecheng_case):
    client.force_login(cast.lena)
    page = client.get("/petitions/").content.decode()
    assert "交办所选事项" in page
    assert f'name="m" value="{hecheng_case.matter.number}" form="pick"' in page


def test_a_registrar_sees_no_handover_button(client, cast, leaders, hecheng_case):
    client.force_login(cast.alice)
    page = client.get("/petitions/").content.decode()
    assert "交办所选事项" not in page


def test_the_case_list_shows_the_owner_and_clock(client, cast, leaders, hecheng_case, places):
    casework.own_matter(
        cast.hugo, hecheng_case.matter, leader=leaders.hugo, unit=places.housing,
        target_workdays=20,
    )  # fmt: skip
    client.force_login(cast.alice)
    page = client.get("/petitions/").content.decode()
    assert "包案领导" in page and "剩余20个工作日" in page


def test_the_form_offers_the_county_leader_for_each_matter(client, cast, leaders, hecheng_case):
    client.force_login(cast.lena)
    page = client.get(f"/casework/handovers/new/?m={hecheng_case.matter.number}").content.decode()
    assert hecheng_case.matter.number in page and "Hugo（区长）" in page


def test_handing_over_from_the_form_creates_the_batch(client, cast, leaders, hecheng_case):
    client.force_login(cast.lena)
    matter = hecheng_case.matter
    response = client.post("/casework/handovers/new/", {
        "m": matter.number, "title": "第1批交办", "report_by": "2026-03-20", "note": "",
        f"leader_{matter.pk}": leaders.hugo.pk,
    })  # fmt: skip
    batch = Handover.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/casework/handovers/{batch.pk}/"
    )
    assert batch.items.get().leader == leaders.hugo


def test_a_bad_form_says_what_to_fix_and_writes_nothing(client, cast, leaders, hecheng_case):
    client.force_login(cast.lena)
    response = client.post("/casework/handovers/new/", {
        "m": hecheng_case.matter.number, "title": "第1批交办", "report_by": "2026-03-01",
        f"leader_{hecheng_case.matter.pk}": leaders.hugo.pk,
    })  # fmt: skip
    assert "报告期限不能早于今天" in response.content.decode()
    assert not Handover.objects.exists()


def test_a_matter_the_leader_cannot_see_is_left_out_and_named(
    client, cast, leaders, zhongfang_case
):
    client.force_login(cast.hugo)
    page = client.get(f"/casework/handovers/new/?m={zhongfang_case.matter.number}").content.decode()
    assert "不存在或您无权查看" in page and "Zoe" not in page


def test_a_registrar_cannot_open_the_handover_form(client, cast, leaders, hecheng_case):
    client.force_login(cast.alice)
    assert client.get(f"/casework/handovers/new/?m={hecheng_case.matter.number}").status_code == 404


@pytest.fixture
def batch(cast, leaders, hecheng_case, zhongfang_case):
    import datetime as dt

    return handover_actions.hand_over(
        cast.lena, title="第1批交办", report_by=dt.date(2026, 3, 20),
        items=[(hecheng_case.matter, leaders.hugo), (zhongfang_case.matter, leaders.zoe)],
    )  # fmt: skip


def test_the_receiver_reports_on_the_batch_page(client, cast, batch, hecheng_case):
    client.force_login(cast.hugo)
    item = HandoverItem.objects.get(matter=hecheng_case.matter)
    assert "报告办理情况" in client.get(f"/casework/handovers/{batch.pk}/").content.decode()
    response = client.post(f"/casework/handovers/items/{item.pk}/report/", {"report": "已落实。"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.report == "已落实。"


def test_an_empty_report_is_refused_on_the_page(client, cast, batch, hecheng_case):
    client.force_login(cast.hugo)
    item = HandoverItem.objects.get(matter=hecheng_case.matter)
    page = client.post(f"/casework/handovers/items/{item.pk}/report/", {"report": " "})
    assert "这个字段是必填项" in page.content.decode()


def test_a_county_leader_cannot_report_on_another_countys_item(client, cast, batch, zhongfang_case):
    client.force_login(cast.hugo)
    item = HandoverItem.objects.get(matter=zhongfang_case.matter)
    assert (
        client.post(f"/casework/handovers/items/{item.pk}/report/", {"report": "x"}).status_code
        == 404
    )


def test_the_batch_page_shows_a_county_only_its_part(client, cast, batch, zhongfang_case):
    client.force_login(cast.hugo)
    page = client.get(f"/casework/handovers/{batch.pk}/").content.decode()
    assert zhongfang_case.matter.number not in page and "Zoe" not in page


def test_the_handover_list_is_in_the_leaders_menu(client, cast, batch):
    client.force_login(cast.hugo)
    page = client.get("/casework/handovers/").content.decode()
    assert 'href="/casework/handovers/"' in page and "第1批交办" in page
