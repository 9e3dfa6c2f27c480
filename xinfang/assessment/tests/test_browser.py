"""Browser journey: a city leader opens 目标考核 from the menu, reads the counties' ranking
with 末位 flagged, and opens a county's agreement with each goal's progress and score; the
pages fit a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_reads_the_target_page(page, login, leo, known_year):
    login(leo)
    page.click("nav a:has-text('目标考核')")
    expect(page.locator("#ranking-regions")).to_contain_text("末位")
    screenshot(page, "assessment-index-1366")

    page.click("#ranking-regions a:has-text('中方县')")
    expect(page.locator("#score")).to_contain_text("94")
    expect(page.locator("#goal-total_persons")).to_contain_text("预警")
    screenshot(page, "assessment-detail-1366")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    screenshot(page, "assessment-detail-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.click("nav a:has-text('目标考核')")
    screenshot(page, "assessment-index-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
