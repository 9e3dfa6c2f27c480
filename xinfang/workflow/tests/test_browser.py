"""Browser journey: forward, accept, extend, answer, rate; then time moves on and the
overdue badge appears."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from xinfang.lib import timesource
from xinfang.workflow import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.click("text=退出")


def test_a_matter_goes_from_forwarding_to_rating(page, login, cast, places, register):
    petition = register(title="电梯停运要求维修")
    url = page.base_url + petition.get_absolute_url()

    login(cast.alice)
    page.goto(url)
    page.click("[data-action=forward]")
    page.select_option("#id_unit", str(places.housing.pk))
    page.fill("#id_note", "请依法办理并按期答复")
    page.click("text=确认转送")
    expect(page.locator("#procedure")).to_contain_text("已转送待受理")
    logout(page)

    login(cast.dave)
    page.goto(page.base_url + "/workflow/inbox/")
    expect(page.locator("#inbox")).to_contain_text(petition.matter.number)
    page.goto(url)
    page.click("[data-action=accept]")
    page.click("text=确认受理")
    expect(page.locator("#procedure")).to_contain_text("办理中")
    page.click("[data-action=extend]")
    page.fill("#id_days", "20")
    page.fill("#id_reason", "需委托第三方检测电梯")
    page.fill("#id_approver", "李建华")
    page.click("text=确认延期")
    expect(page.locator("#clocks")).to_contain_text("延期办理")
    page.click("[data-action=answer]")
    page.select_option("#id_outcome", "support")
    page.fill("#id_text", "责成物业公司十日内修复电梯")
    page.click("text=确认出具处理意见书")
    expect(page.locator("#procedure")).to_contain_text("已答复")
    logout(page)

    login(cast.alice)
    page.goto(url)
    page.click("[data-action=rate]")
    page.check("input[name=bureau][value=satisfied]")
    page.check("input[name=unit][value=basically]")
    page.click("text=确认满意度评价")
    expect(page.locator("#ratings")).to_contain_text("基本满意")
    expect(page.locator("#timeline")).to_contain_text("满意度评价")


def test_the_overdue_badge_appears_when_time_moves_on(page, login, cast, places, register):
    from xinfang.workflow.tick import run_tick

    petition = register(title="拖欠工资")
    actions.forward(cast.alice, petition.matter, places.housing)
    login(cast.dave)
    page.goto(page.base_url + petition.get_absolute_url())
    expect(page.locator("#procedure .badge-due")).to_have_count(0)
    with timesource.freeze(dt.datetime(2026, 4, 2, 9, tzinfo=timesource.SHANGHAI)):
        run_tick()
        page.goto(page.base_url + petition.get_absolute_url())
        expect(page.locator("#procedure .badge-due")).to_have_text("已超期")
        page.goto(page.base_url + "/petitions/")
        expect(page.locator("#results .badge-due").first).to_have_text("已超期")
