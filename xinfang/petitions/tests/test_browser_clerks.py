"""Browser journeys of a registrar correcting a mistake: Ctrl+Enter shows the review step
before anything is saved; a petition registered twice is found by phone and voided.

Screenshots go to $XINFANG_SCREENSHOTS when set.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.conftest import VALID_ID, screenshot
from xinfang.petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ctrl_enter_shows_the_review_step_and_saves_only_when_confirmed(page, login, cast, places):
    login(cast.alice)
    page.goto(page.base_url + "/petitions/new/")
    page.select_option("#id_channel", "visit")
    page.select_option("#id_region", str(places.hecheng.pk))
    page.fill("#id_petitioners-0-name", "张建国")
    page.fill("#id_petitioners-0-id_number", VALID_ID)
    page.fill("#id_petitioners-0-phone", "13807451234")
    page.fill("#id_title", "小区电梯长期停运无人维修")
    page.fill("#id_content", "3栋电梯停运半年，物业公司拒不维修。")
    page.select_option("#id_content_class", str(places.urban.pk))
    page.press("#id_content", "Control+Enter")

    expect(page.locator("#review")).to_be_visible()
    expect(page.locator("#review-facts")).to_contain_text("张建国")
    expect(page.locator("#review-facts")).to_contain_text("小区电梯长期停运无人维修")
    screenshot(page, "clerks-review-1366")
    assert Petition.objects.count() == 0
    page.click("#review-back")
    expect(page.locator("#review")).to_be_hidden()
    assert Petition.objects.count() == 0

    page.press("#id_title", "Control+Enter")
    page.click("#review-save")
    expect(page.locator("h1")).to_have_text("登记成功")
    assert Petition.objects.count() == 1
    # The receipt to print carries the 查询码 shown this once.
    code = page.locator("#query-code").inner_text()
    expect(page.locator("#receipt-code")).to_have_text(code)
    screenshot(page, "clerks-registered-receipt-1366")


@pytest.mark.parametrize("width", [375, 1366])
def test_a_registrar_finds_a_double_registration_by_phone_and_voids_it(
    page, login, cast, register, width
):
    page.set_viewport_size({"width": width, "height": 800})
    kept = register()
    twice = register()
    login(cast.alice)
    page.goto(page.base_url + "/petitions/")
    page.fill("#id_q", "13807451234")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#results")).to_contain_text("共 2 件")
    expect(page.locator("#results")).to_contain_text("138****1234")
    screenshot(page, f"clerks-search-{width}")

    page.click(f"text={twice.number}")
    page.click("#void summary")
    page.fill("#void-reason", f"与{kept.number}重复登记")
    screenshot(page, f"clerks-void-confirm-{width}")
    page.click("#void button[type=submit]")
    expect(page.locator("#voided")).to_contain_text("本信访件已作废")
    expect(page.locator("#timeline")).to_contain_text(f"作废信访件 {twice.number}")
    screenshot(page, f"clerks-voided-{width}")

    page.goto(page.base_url + "/petitions/?q=13807451234")
    expect(page.locator("#results")).to_contain_text("共 1 件")
    expect(page.locator("#results")).not_to_contain_text(twice.number)
