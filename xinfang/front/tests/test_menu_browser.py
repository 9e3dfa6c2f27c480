"""Browser journey: the grouped menu on a desktop and on a phone. At 1366 px the sections
stand one under the other in the sidebar; at 375 px they form one strip that scrolls sideways,
each label above its links, and the current page's link is brought into view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.accounts.models import Role, User
from xinfang.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin(places):
    return User.objects.create_user(
        "adm", password="pw-adm", role=Role.ADMIN, unit=places.city_bureau, region=places.city
    )


def test_the_sections_stand_in_the_sidebar(page, login, admin):
    login(admin)
    nav = page.locator("nav.sidenav")
    expect(nav.locator(".nav-label")).to_have_text(
        ["日常办理", "领导包案", "基层治理", "统计研判", "系统"]
    )
    screenshot(page, "menu-1366")
    nav.locator("a:has-text('系统管理')").click()
    expect(page.locator("h1")).to_have_text("系统管理")
    expect(nav.locator("a[aria-current=page]")).to_have_text("系统管理")
    assert nav.locator("a[aria-current=page]").is_visible()


def test_on_a_phone_the_menu_is_a_strip_showing_the_current_page(page, login, admin):
    page.set_viewport_size({"width": 375, "height": 800})
    login(admin)
    page.goto(page.base_url + "/console/")  # 系统管理: the strip's last link
    current = page.locator("nav.sidenav a[aria-current=page]")
    expect(current).to_have_text("系统管理")
    box = current.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "menu-375")
    page.locator("nav.sidenav a:has-text('登记信访件')").click()
    expect(page.locator("h1")).to_contain_text("登记")
    screenshot(page, "menu-375-register")


@pytest.mark.parametrize("url", ["/", "/portal/"])
def test_a_page_and_everything_it_loads_are_found(page, login, admin, url):
    """No request of a staff or portal page fails: its icon, styles and scripts included
    (a browser asks for /favicon.ico, a 404 logged on every page, unless the page names one)."""
    login(admin)
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(page.base_url + url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith(".svg")
    assert failed == []
