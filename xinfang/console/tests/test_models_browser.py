"""Browser journey: the city's administrator opens 分类模型 from 系统管理, reads the versions
with their held-out intervals and the gain over the version each replaced, and rolls back
to the earlier one; the page fits a phone, a tablet and a desk."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.conftest import screenshot
from xinfang.insight import classifier_versions as versions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_rolls_back_the_class_model(page, login, adam, trained, var_dir):
    login(adam)
    page.click("nav a:has-text('系统管理')")
    page.click("main a:has-text('分类模型')")
    row = page.locator("#classifier-20260310020001")
    expect(row).to_contain_text("当前")
    expect(row).to_contain_text("F1 95% 区间")
    expect(row).to_contain_text("较旧版 F1 +0.000（95% 区间 0.000 至 0.000）")
    for width in (1366, 768, 375):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"console-models-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    earlier = page.locator("#classifier-20260310020000")
    earlier.locator("summary:has-text('回退')").click()
    earlier.locator("button:has-text('确认回退')").click()
    expect(page.locator(".messages")).to_contain_text("已改用分类模型 classifier-20260310020000")
    assert versions.current_name(var_dir) == "classifier-20260310020000"
