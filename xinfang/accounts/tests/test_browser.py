"""Browser journey: an administrator sets up the second factor at the first login."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from .test_second_factor import _code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_sets_up_the_second_factor_at_the_first_login(
    page, olga, otp_for_admins, tmp_path
):
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "olga")
    page.fill("#id_password", "pw-olga-2026")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("启用双因素登录")
    expect(page.locator(".otp-qr svg")).to_be_visible()
    page.screenshot(path=str(tmp_path / "otp-setup.png"), full_page=True)
    page.fill("#id_code", "000000")
    page.click("text=确认启用")
    expect(page.locator(".has-error")).to_contain_text("验证码不正确或已过期")
    page.fill("#id_code", "111111")
    page.click("text=确认启用")
    expect(page.locator(".has-error")).to_contain_text("秒后再输入")
    page.wait_for_timeout(1100)  # django-otp's delay after one wrong code
    page.fill("#id_code", _code(TOTPDevice.objects.get(user=olga)))
    page.click("text=确认启用")
    expect(page.locator(".messages")).to_contain_text("已启用双因素登录")
    page.click("nav >> text=系统管理")
    expect(page.locator("h1")).to_have_text("系统管理")  # the staff UI's console


def test_a_locked_out_user_reads_what_to_do(page, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(page.base_url + "/login/")
        page.fill("#id_username", "alice")
        page.fill("#id_password", "wrong")
        page.click("button[type=submit]")
    expect(page.locator(".errors")).to_contain_text("已暂停登录30分钟")
