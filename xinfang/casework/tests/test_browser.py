"""Browser journey: a county leader opens the workbench, goes to an owned case and writes a
批示 that lands in the case's panel; the workbench fits a phone."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from xinfang.casework import actions
from xinfang.casework.models import Instruction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    if folder := os.environ.get("XINFANG_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_leader_writes_an_instruction_from_the_workbench(
    page, login, cast, leaders, forwarded, places
):
    actions.own_matter(
        cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing, target_workdays=20
    )
    login(cast.hugo)
    expect(page.locator("h1")).to_contain_text("领导工作台")
    expect(page.locator("#owned")).to_contain_text("剩余20个工作日")
    _shot(page, "leader-workbench")

    page.click(f"#owned a:has-text('{forwarded.matter.number}')")
    panel = page.locator("#casework-panel")
    expect(panel).to_contain_text("办结期限")
    panel.locator("summary:has-text('写批示')").click()
    page.fill("#id_text", "请住建局三日内拿出维修方案，结果报我。")
    page.fill("#id_answer_by", "2026-03-13")
    page.click("#instruction-form button[type=submit]")
    expect(page.locator("#instructions")).to_contain_text("请住建局三日内拿出维修方案")
    expect(page.locator("#instructions")).to_contain_text("要求2026-03-13前回复")
    _shot(page, "leader-instruction")
    assert Instruction.objects.get().leader == leaders.hugo


def test_the_workbench_fits_a_phone(page, login, cast, leaders, forwarded, places):
    actions.own_matter(
        cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing, target_workdays=20
    )
    page.set_viewport_size({"width": 375, "height": 740})
    login(cast.hugo)
    expect(page.locator("#owned")).to_be_visible()
    _shot(page, "leader-workbench-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_a_city_leader_hands_matters_down_and_a_county_leader_reports(
    page, login, cast, leaders, hecheng_case, zhongfang_case
):
    login(cast.lena)
    page.goto(page.base_url + "/petitions/")
    for case in (hecheng_case, zhongfang_case):
        page.check(f"input[name=m][value='{case.matter.number}']")
    page.click("#pick button:has-text('交办所选事项')")
    expect(page.locator("#handover-items")).to_contain_text("Hugo（区长）")
    page.fill("#id_title", "2026年第1批市领导交办事项")
    page.fill("#id_report_by", "2026-03-20")
    _shot(page, "handover-form")
    page.click("#handover-form button[type=submit]")
    expect(page.locator("#batch-progress")).to_contain_text("交办事项（件）")
    expect(page.locator("#per-leader")).to_contain_text("Zoe")
    _shot(page, "handover-batch")

    page.context.clear_cookies()
    login(cast.hugo)
    expect(page.locator("#to-report")).to_contain_text(hecheng_case.matter.number)
    page.click(f"#to-report a:has-text('{hecheng_case.matter.number}')")
    expect(page.locator("#items")).not_to_contain_text(zhongfang_case.matter.number)
    page.fill("textarea[name=report]", "已召开专题会，维修方案已落实。")
    page.click("#items button[type=submit]")
    expect(page.locator("#items")).to_contain_text("维修方案已落实")
    _shot(page, "handover-reported")
