"""A petitioner on a phone: submit, keep the 查询码, look the case up, read the answer once
staff answered, rate it."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from xinfang.petitions.models import Petition
from xinfang.portal.tests.conftest import PHONE, solve
from xinfang.workflow import actions
from xinfang.workflow.tests.conftest import ANSWER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    folder = os.environ.get("XINFANG_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _fill_submission(page, places, title="小区路灯损坏"):
    """李秀英's complaint about 鹤城区's street lights, all but the public-board consent."""
    page.goto(page.base_url + "/portal/submit/")
    page.fill("#id_name", "李秀英")
    page.fill("#id_id_number", "431202199003070019")
    page.fill("#id_phone", PHONE)
    page.select_option("#id_region", str(places.hecheng.pk))
    page.select_option("#id_content_class", str(places.urban.pk))
    page.fill("#id_title", title)
    page.fill("#id_content", "迎丰路小区路灯坏了三个月，夜间出行不安全。")
    page.check("input[name=is_accusation][value=no]")
    page.fill("#id_answer", solve(page.content()))


def test_it_takes_a_petitioner_from_submission_to_rating_on_a_phone(page, cast, places):
    page.set_viewport_size({"width": 390, "height": 844})
    _fill_submission(page, places)
    page.check("#id_consent_public")
    _shot(page, "1-submit")
    page.click("#submit-button")
    number = page.inner_text("#petition-number")
    code = page.inner_text("#query-code")
    _shot(page, "2-receipt")

    matter = Petition.objects.get(number=number).matter
    actions.forward(cast.alice, matter, places.housing)
    actions.accept(cast.dave, matter, notice="您反映的路灯问题已受理。")
    actions.answer(cast.dave, matter, **ANSWER)

    page.goto(page.base_url + "/portal/lookup/")
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.fill("#id_phone_last4", PHONE[-4:])
    page.click("button[type=submit]")
    assert page.inner_text("#case-status") == "已答复"
    _shot(page, "3-case")
    page.click("text=信访处理意见书")
    assert ANSWER["text"] in page.inner_text("#document")
    # A function, not an expression: Playwright would call the arrow the expression ends in.
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.click("button[data-print]")
    assert page.evaluate("() => window.printed") == 1
    page.go_back()
    page.check("input[name=bureau][value=satisfied]")
    page.check("input[name=unit][value=basically]")
    page.click("#rate-form button[type=submit]")
    assert "您已评价" in page.content()
    _shot(page, "4-rated")


def test_a_registrar_reviews_the_redacted_text_and_publishes_it_on_the_board(
    page, login, cast, register
):
    petition = register(
        consent_public=True, title="小区电梯停运半年",
        content="3栋电梯停运半年，请联系我13807459876，住鹤城区迎丰路12号3栋401室。",
    )  # fmt: skip
    login(cast.alice)
    page.goto(page.base_url + petition.get_absolute_url())
    page.click("text=公开信件审核（脱敏后公开）")
    expect(page.locator("body")).to_contain_text("公开文本（脱敏后）")
    redacted = page.locator(".panel").first
    expect(redacted).not_to_contain_text("13807459876")
    page.click("text=确认脱敏结果并公开")
    page.goto(page.base_url + "/portal/board/")
    expect(page.locator("main")).to_contain_text("小区电梯停运半年")
    expect(page.locator("main")).not_to_contain_text("13807459876")


def test_a_refused_submission_puts_the_cursor_in_the_first_field_to_mend(page, cast, places):
    page.set_viewport_size({"width": 375, "height": 700})
    _fill_submission(page, places, title="")
    page.click("#submit-button")
    expect(page.locator("#error-summary")).to_contain_text("有 1 处需要修改")
    expect(page.locator("#id_title")).to_be_focused()
    expect(page.locator("#id_title")).to_be_in_viewport()
