"""Browser journey: a county clerk opens 特护期 from the menu, sees the day's figures with
the warnings, and sends a 零报告 in one click; the page fits a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_county_clerk_sends_a_zero_report(page, login, cast, places, lianghui, known):
    login(cast.bob)
    page.click("nav a:has-text('特护期')")
    page.click("#periods-current a:has-text('全国两会')")
    expect(page.locator("h2").first).to_contain_text("鹤城区")
    expect(page.locator("#warnings")).to_contain_text("人次11，达到预警值10")
    screenshot(page, "periods-county-1366")

    page.click("#zero-report")
    expect(page.locator("#report-state")).to_contain_text("零报告")
    expect(page.locator("#report-state")).to_contain_text("按时报送")
    assert lianghui.reports.get().is_zero_report

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    screenshot(page, "periods-county-375")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1
