"""Browser journey of a handler at a phone's, a tablet's and a desk's width: the 市住建局
accepts a forwarded case (受理), prints the 受理告知书 from the case page's 文书 panel, answers
the case and prints the 信访处理意见书. Screenshots go to $XINFANG_SCREENSHOTS when set."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.conftest import WIDTHS, assert_fits, printed, screenshot, settle, stub_print
from xinfang.documents.models import Document, DocumentKind
from xinfang.workflow import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_handler_accepts_prints_the_受理告知书_answers_and_prints_the_意见书(
    page, login, cast, places, register, width
):
    page.set_viewport_size({"width": width, "height": 800})
    petition = register()
    actions.forward(cast.alice, petition.matter, places.housing, note="请依法处理")
    login(cast.dave)

    page.goto(page.base_url + petition.get_absolute_url())
    page.click("[data-action=accept]")
    expect(page.locator("h1")).to_have_text("受理")
    assert_fits(page, "the 受理 step")
    page.click("text=确认受理")
    expect(page.locator("#procedure .status")).to_have_text("办理中")
    panel = page.locator("#documents-panel")
    expect(panel).to_contain_text("受理告知书")
    assert_fits(page, "the case page once accepted")
    screenshot(page, f"handler-1-accepted-{width}")
    panel.locator("button:has-text('出具受理告知书')").click()

    expect(page.locator("#document-number")).to_be_visible()  # issued: read it now
    notice = Document.objects.get(kind=DocumentKind.ACCEPT)
    expect(page.locator("#document-number")).to_have_text(notice.number)
    expect(page.locator("#paper")).to_contain_text("张建国：")
    expect(page.locator("#paper")).to_contain_text("自受理之日起60日内办结")
    stub_print(page)
    page.click(".paper-tools [data-print]")
    assert printed(page) == 1
    assert_fits(page, "the 受理告知书")
    screenshot(page, f"handler-2-accept-notice-{width}")
    if width == 1366:
        page.emulate_media(media="print")
        screenshot(page, "handler-2-accept-notice-paper")
        expect(page.locator(".sidenav")).to_be_hidden()
        expect(page.locator(".paper-tools")).to_be_hidden()
        page.emulate_media(media="screen")

    page.click("text=返回案件")
    page.click("[data-action=answer]")
    expect(page.locator("h1")).to_have_text("出具处理意见书")
    page.select_option("#id_outcome", "support")
    page.fill("#id_text", "责成物业公司十日内修复电梯。")
    page.fill("#id_facts", "经现场核查，3栋电梯自2025年9月起停运属实。")
    page.fill("#id_legal_basis", "《物业管理条例》第三十五条")
    assert_fits(page, "the answer step")
    screenshot(page, f"handler-3-answer-form-{width}")
    page.click("text=确认出具处理意见书")
    expect(page.locator("#procedure .status")).to_have_text("已答复")
    page.locator("#documents-panel button:has-text('出具信访处理意见书')").click()

    expect(page.locator("#document-number")).to_be_visible()  # issued: read it now
    answer = Document.objects.get(kind=DocumentKind.ANSWER)
    expect(page.locator("#document-number")).to_have_text(answer.number)
    paper = page.locator("#paper")
    expect(paper).to_contain_text("信访处理意见书")
    expect(paper).to_contain_text("责成物业公司十日内修复电梯")
    expect(paper).to_contain_text("《物业管理条例》第三十五条")
    expect(paper).to_contain_text("向怀化市信访局书面提出复查请求")
    stub_print(page)
    page.click(".paper-tools [data-print]")
    assert printed(page) == 1
    assert_fits(page, "the 信访处理意见书")
    screenshot(page, f"handler-4-answer-paper-{width}")

    page.click("text=返回案件")
    panel = page.locator("#documents-panel")
    expect(panel.locator("li", has_text="受理告知书")).to_contain_text(notice.number)
    expect(panel.locator("li", has_text="信访处理意见书")).to_contain_text(answer.number)
    settle(page)
