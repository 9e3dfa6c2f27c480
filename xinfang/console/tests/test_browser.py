"""Browser journey: an administrator opens 内容分类 from 系统管理, finds 物业管理, adds a class
under it and retires it again; the tree and the class's page fit a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.classes.models import ContentClass
from xinfang.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_adds_and_retires_a_class(page, login, adam):
    login(adam)
    page.click("nav a:has-text('系统管理')")
    page.click("main a:has-text('内容分类')")
    expect(page.locator("#class-06")).to_contain_text("停用")
    page.fill("#id_q", "物业")
    page.click("#class-search button[type=submit]")
    page.click("#class-1205 a:has-text('新增下级')")
    expect(page.locator("#id_code")).to_have_value("120501")
    page.fill("#id_name", "电梯维修")
    page.fill("#id_keywords", "电梯 停运")
    page.click("#class-form button[type=submit]")
    expect(page.locator("#class-120501")).to_contain_text("电梯维修")
    screenshot(page, "console-classes-1366")

    page.click("#class-120501 .class-name a")
    page.fill("#id_last_day", "2026-03-09")
    page.click("#class-retire button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已停用分类“电梯维修”")
    assert ContentClass.objects.get(code="120501").valid_to.isoformat() == "2026-03-09"
    screenshot(page, "console-class-1366")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    screenshot(page, "console-class-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(page.base_url + "/console/classes/?q=物业")
    screenshot(page, "console-classes-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
