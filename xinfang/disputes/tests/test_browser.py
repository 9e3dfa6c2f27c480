"""Browser journey: a township clerk records a dispute and sends last month's report, at a
desktop's width and at a phone's."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from xinfang.disputes.models import Dispute, MonthlyReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    if folder := os.environ.get("XINFANG_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1366, 375])
def test_a_township_clerk_records_a_dispute_and_sends_the_report(
    page, login, people, towns, places, width
):
    page.set_viewport_size({"width": width, "height": 800})
    login(people.tina)
    page.goto(page.base_url + "/disputes/")
    expect(page.locator("h1")).to_contain_text("矛盾纠纷排查台账")
    page.click("text=登记矛盾纠纷")
    page.fill("#id_found_on", "2026-02-16")
    page.fill("#id_place", "白岩村三组")
    page.fill("#id_title", "白岩村三组征地补偿款分配纠纷")
    page.select_option("#id_kind", label="征地拆迁")
    page.select_option("#id_risk", label="中")
    page.fill("#id_people", "6")
    page.fill("#id_parties", "杨光明、杨光辉")
    page.fill("#id_responsible_person", "刘建军")
    page.fill("#id_responsible_unit", "铜湾镇司法所")
    page.fill("#id_details", "两户因征地补偿款分配比例发生争执。")
    _shot(page, f"dispute-form-{width}")
    page.click("#dispute-form button[type=submit]")
    expect(page.locator("#facts")).to_contain_text("杨光明、杨光辉")

    page.fill("#id_text", "村调委会组织双方调解")
    page.click("#measure-form button:has-text('添加措施')")
    expect(page.locator("#history")).to_contain_text("村调委会组织双方调解")
    expect(page.locator("#facts")).to_contain_text("化解中")
    _shot(page, f"dispute-page-{width}")

    page.goto(page.base_url + "/disputes/reports/")
    expect(page.locator("#figures tfoot")).to_contain_text("合计")
    expect(page.locator("#report-state")).to_contain_text("未报")
    page.click("#submit-form button")
    expect(page.locator("#report-state")).to_contain_text("由 Tina 上报")
    _shot(page, f"dispute-report-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert Dispute.objects.get().unit == towns.tongwan
    assert MonthlyReport.objects.get().figures["total"]["new"] == 1


def test_a_county_clerk_sees_which_townships_have_not_reported(page, login, people, towns):
    from xinfang.disputes import actions

    actions.submit_report(people.tina, towns.tongwan, dt.date(2026, 2, 1))
    page.set_viewport_size({"width": 768, "height": 900})
    login(people.carol)
    page.goto(page.base_url + "/disputes/reports/")
    expect(page.locator("h1")).to_contain_text("中方县矛盾纠纷排查化解月报表")
    expect(page.locator("#townships tr.late")).to_contain_text("中方县中方镇")
    expect(page.locator("#townships")).to_contain_text("已报")
    _shot(page, "dispute-county-768")
    assert page.evaluate("document.documentElement.scrollWidth") <= 768


def test_a_registrar_turns_a_dispute_into_a_petition_on_a_phone(
    page, login, people, record, places
):
    from xinfang.conftest import VALID_ID
    from xinfang.disputes import actions

    dispute = record()
    actions.add_measure(people.tina, dispute, done_on=dt.date(2026, 2, 5),
                        text="村调委会组织双方调解，未达成一致", done_by="白岩村调委会")  # fmt: skip
    page.set_viewport_size({"width": 375, "height": 800})
    login(people.alice)
    page.goto(page.base_url + f"/disputes/{dispute.pk}/")
    page.click("#convert")
    expect(page.locator("#id_title")).to_have_value(dispute.title)
    page.select_option("#id_content_class", str(places.urban.pk))
    page.fill("#id_id_number", VALID_ID)
    _shot(page, "dispute-convert-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("#convert-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("已转入信访")
    expect(page.locator("body")).to_contain_text(
        "2026-02-05 白岩村调委会：村调委会组织双方调解，未达成一致"
    )
    _shot(page, "dispute-converted-375")
