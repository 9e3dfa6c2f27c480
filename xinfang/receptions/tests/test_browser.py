"""Browser journeys: a leader records the morning's reception and the bureau registers a
petitioner from it (channel pre-filled, petition linked); a petitioner books 约访 on the
portal on a 375 px phone and keeps the confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from xinfang.conftest import screenshot
from xinfang.petitions.models import Petition
from xinfang.portal.tests.conftest import solve
from xinfang.receptions import actions
from xinfang.receptions.models import Booking, ReceptionPetition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_records_a_reception_and_the_bureau_registers_from_it(
    page, login, cast, held, places
):
    login(cast.hugo)
    page.click("nav >> text=领导接访")
    page.click(f"#upcoming a[href='{held.get_absolute_url()}']")  # today's, not yet recorded
    page.fill("#id_batches", "2")
    page.fill("#id_people", "3")
    page.fill("#id_instructions", "请住建局三日内到小区现场核查，结果报我。")
    page.click("#record-form button[type=submit]")
    expect(page.locator("#session-counts")).to_contain_text("接待 2 批 3 人次")
    screenshot(page, "reception-recorded")

    page.context.clear_cookies()
    login(cast.bob)
    page.goto(page.base_url + held.get_absolute_url())
    page.click("#register-here")
    expect(page.locator("#from-reception")).to_contain_text("Hugo")
    assert page.input_value("#id_channel") == "visit"
    assert page.input_value("#id_received_on") == "2026-03-10"
    page.select_option("#id_region", str(places.hecheng.pk))
    page.fill("#id_petitioners-0-name", "张建国")
    page.fill("#id_petitioners-0-id_number", "431202199003070019")
    page.fill("#id_petitioners-0-phone", "13807451234")
    page.fill("#id_title", "小区电梯停运半年无人维修")
    page.fill("#id_content", "小区3栋电梯停运半年，物业拒不维修，老人上下楼困难。")
    page.select_option("#id_content_class", str(places.urban.pk))
    screenshot(page, "reception-register")
    page.click("text=保存登记")
    expect(page.locator("body")).to_contain_text("已关联到Hugo")
    petition = Petition.objects.get()
    assert ReceptionPetition.objects.get().petition == petition

    page.goto(page.base_url + held.get_absolute_url())
    expect(page.locator("#linked")).to_contain_text(petition.number)
    screenshot(page, "reception-linked")


def test_a_petitioner_books_an_appointment_on_a_phone(page, schedule, cast, settings):
    settings.XINFANG_PORTAL_MIN_FILL_SECONDS = 0
    reception = schedule(date=dt.date(2026, 3, 13), slots=3)
    actions.publish_reception(cast.hugo, reception)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(page.base_url + "/portal/")
    page.click("main >> text=领导接访")
    expect(page.locator(f"#reception-{reception.pk}")).to_contain_text("Hugo（区长）")
    screenshot(page, "portal-schedule-phone")
    page.click(f"#reception-{reception.pk} >> text=预约约访")
    page.fill("#id_name", "李秀英")
    page.fill("#id_phone", "13807451234")
    page.fill("#id_topic", "小区路灯损坏三个月无人修")
    page.fill("#id_answer", solve(page.content()))
    screenshot(page, "portal-book-phone")
    page.click("#book-button")
    code = Booking.objects.get().code
    expect(page.locator("#booking-code")).to_have_text(code)
    expect(page.locator("#booking-time")).to_contain_text("2026年3月13日 09:00–12:00")
    expect(page.locator("#booking-place")).to_contain_text("鹤城区人民来访接待中心")
    screenshot(page, "portal-booked-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_reception_and_rota_pages_fit_a_phone(page, login, cast, held, places, leaders):
    rota = actions.generate_rota(
        cast.bob, region=places.hecheng, leaders=[leaders.hugo], starts_on=dt.date(2026, 5, 6),
        ends_on=dt.date(2026, 5, 12), place="鹤城区人民来访接待中心", starts_at=dt.time(8, 30),
        ends_at=dt.time(12, 0),
    )  # fmt: skip
    page.set_viewport_size({"width": 375, "height": 740})
    login(cast.bob)
    for name, url in (("reception-phone", held.get_absolute_url()),
                      ("rota-phone", rota.get_absolute_url())):  # fmt: skip
        page.goto(page.base_url + url)
        screenshot(page, name)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    expect(page.locator("#rota")).to_contain_text("2026-05-09")  # 劳动节调休 Saturday
