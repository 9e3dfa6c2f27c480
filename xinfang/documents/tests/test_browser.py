"""Browser journey: a handler of the 市住建局 accepts a forwarded case and prints the
受理告知书 from the case page's 文书 panel."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.conftest import screenshot
from xinfang.documents.models import Document
from xinfang.workflow import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_handler_accepts_a_case_and_prints_the_受理告知书(page, login, cast, places, register):
    petition = register()
    actions.forward(cast.alice, petition.matter, places.housing, note="请依法处理")
    login(cast.dave)
    page.goto(page.base_url + petition.get_absolute_url())
    page.click("[data-action=accept]")
    page.click("text=确认受理")
    panel = page.locator("#documents-panel")
    expect(panel).to_contain_text("受理告知书")
    panel.locator("button:has-text('出具受理告知书')").click()

    number = Document.objects.get().number
    expect(page.locator("#document-number")).to_have_text(number)
    expect(page.locator("#paper")).to_contain_text("张建国：")
    expect(page.locator("#paper")).to_contain_text("自受理之日起60日内办结")
    screenshot(page, "documents-accept-notice-1366")
    page.emulate_media(media="print")
    screenshot(page, "documents-accept-notice-print")
    expect(page.locator(".sidenav")).to_be_hidden()
    expect(page.locator(".paper-tools")).to_be_hidden()
