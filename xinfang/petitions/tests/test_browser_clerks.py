"""Browser journeys of a registrar: Ctrl+Enter shows the review step before anything is
saved; at a phone's, a tablet's and a desk's width a petition is registered, its receipt
printed, its double found by phone and voided, and the kept one's receipt printed again.

Screenshots go to $XINFANG_SCREENSHOTS when set.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.conftest import VALID_ID, WIDTHS, assert_fits, printed, screenshot, stub_print
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
    screenshot(page, "clerks-review-1366", full_page=False)
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


@pytest.mark.parametrize("width", WIDTHS)
def test_a_registrar_registers_finds_by_phone_voids_the_double_and_prints_the_receipt(
    page, login, cast, places, register, width
):
    """alice registers 张建国's visit through the form, missing the 重复信访提示, and prints
    his receipt; searching by his phone she finds she had registered it already, voids the
    double and prints the kept case's receipt again from its case page (without the 查询码,
    shown only once)."""
    page.set_viewport_size({"width": width, "height": 800})
    kept = register()
    login(cast.alice)

    page.click("nav >> text=登记信访件")
    page.select_option("#id_channel", "visit")
    page.select_option("#id_region", str(places.hecheng.pk))
    page.fill("#id_petitioners-0-name", "张建国")
    page.fill("#id_petitioners-0-id_number", VALID_ID)
    page.fill("#id_petitioners-0-phone", "13807451234")
    page.fill("#id_title", "小区电梯长期停运无人维修")
    page.fill("#id_content", "3栋电梯停运半年，物业公司拒不维修。")
    page.select_option("#id_content_class", str(places.urban.pk))
    # The 重复信访提示 (above 保存登记 on a phone) shows the morning's registration: missed.
    expect(page.locator("#insight .candidate.likely")).to_contain_text(kept.matter.number)
    assert_fits(page, "the registration form")
    screenshot(page, f"registrar-1-form-{width}")
    page.click("button:has-text('保存登记')")

    expect(page.locator("h1")).to_have_text("登记成功")
    twice = Petition.objects.exclude(pk=kept.pk).get()
    expect(page.locator("#petition-number")).to_have_text(twice.number)
    code = page.locator("#query-code").inner_text()
    expect(page.locator("#receipt-code")).to_have_text(code)
    stub_print(page)
    page.click("button:has-text('打印回执')")
    assert printed(page) == 1
    assert_fits(page, "the registration receipt")
    screenshot(page, f"registrar-2-receipt-{width}")

    page.click("nav >> text=信访件查询")
    current = page.locator("nav [aria-current=page]")
    expect(current).to_have_text("信访件查询")
    expect(current).to_be_in_viewport()  # on a phone too, where the menu is a sideways strip
    page.fill("#id_q", "13807451234")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#results .count")).to_have_text("共 2 件")
    expect(page.locator("#results tbody tr")).to_have_count(2)
    expect(page.locator("#results")).to_contain_text("138****1234")
    assert_fits(page, "the case list")
    screenshot(page, f"registrar-3-found-by-phone-{width}")

    page.click(f"text={twice.number}")
    page.click("#void summary")
    page.fill("#void-reason", f"与{kept.number}重复登记")
    assert_fits(page, "the case page")
    screenshot(page, f"registrar-4-void-confirm-{width}")
    page.click("#void button[type=submit]")
    expect(page.locator("#voided")).to_contain_text("本信访件已作废")
    expect(page.locator("#timeline")).to_contain_text(f"作废信访件 {twice.number}")
    screenshot(page, f"registrar-5-voided-{width}")

    page.goto(page.base_url + "/petitions/?q=13807451234")
    expect(page.locator("#results .count")).to_have_text("共 1 件")
    expect(page.locator("#results")).not_to_contain_text(twice.number)
    page.click(f"text={kept.number}")
    receipt = page.locator("#documents-panel li", has_text="登记回执")
    expect(receipt).to_contain_text("补打不含查询码")
    receipt.locator("a:has-text('打印')").click()
    expect(page.locator("#paper")).to_contain_text(kept.number)
    expect(page.locator("#paper")).not_to_contain_text(code)
    stub_print(page)
    page.click(".paper-tools [data-print]")
    assert printed(page) == 1
    assert_fits(page, "the receipt's print page")
    screenshot(page, f"registrar-6-receipt-again-{width}")
