"""Browser journey: the city leader opens the campaign board from the menu and reads its
figures, weekly chart and remaining cases; the board fits a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from xinfang.backlog import actions
from xinfang.backlog.models import Ending
from xinfang.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def campaign(cast, leaders, places, register):
    found = actions.create_campaign(
        cast.lena, name="信访积案化解百日会战", region=places.city,
        starts_on=dt.date(2026, 2, 2), ends_on=dt.date(2026, 5, 12),
    )  # fmt: skip
    for i in range(6):
        region = places.hecheng if i < 4 else places.zhongfang
        matter = register(
            region=region, title=f"征地补偿款未到位（{i + 1}）", received_on=dt.date(2026, 1, 5)
        ).matter
        backlog = actions.mark_backlog(
            cast.alice, matter, reason="久拖未决", marked_on=dt.date(2026, 1, 20)
        )
        owner = leaders.hugo if i < 4 else leaders.zoe
        actions.list_in_campaign(cast.lena, found, backlog, owner=owner)
        if i < 4:
            actions.end_backlog(
                cast.alice, backlog, ending=Ending.AGREEMENT,
                ended_on=dt.date(2026, 2, 5) + dt.timedelta(days=7 * i),
            )  # fmt: skip
    return found


def _open_board(page, login, cast):
    login(cast.lena)
    page.click("nav >> text=化解活动")
    page.click("#campaigns a:has-text('信访积案化解百日会战')")
    expect(page.locator("h1")).to_contain_text("信访积案化解百日会战")


def test_a_leader_opens_the_campaign_board(page, login, cast, campaign):
    _open_board(page, login, cast)
    expect(page.locator("#campaign-sentence")).to_contain_text(
        "共列入信访积案6件，已化解4件，化解率66.7%"
    )
    expect(page.locator("#campaign-sentence")).to_contain_text("仅有2件积案尚未化解")
    expect(page.locator("#remaining")).to_contain_text("Zoe")
    expect(page.locator("#chart-progress svg")).to_be_visible()
    screenshot(page, "campaign-board")


def test_the_board_fits_a_phone(page, login, cast, campaign):
    page.set_viewport_size({"width": 375, "height": 740})
    login(cast.lena)
    page.goto(page.base_url + f"/backlog/campaigns/{campaign.pk}/")
    expect(page.locator("#campaign-figures")).to_be_visible()
    expect(page.locator("#chart-progress svg")).to_be_visible()
    screenshot(page, "campaign-board-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_handler_marks_a_case_and_flags_its_petitioner_from_the_case_page(
    page, login, cast, hecheng_case
):
    login(cast.bob)
    page.goto(page.base_url + f"/petitions/{hecheng_case.number}/")
    panel = page.locator("#backlog-panel")
    panel.locator("summary:has-text('列为积案')").click()
    page.fill("#mark-form textarea[name=reason]", "多次答复仍反复信访，诉求未落实")
    page.click("#mark-form button[type=submit]")
    expect(page.locator("#backlog-state")).to_contain_text("多次答复仍反复信访")
    page.locator("#long-term button:has-text('标记为老户')").click()
    expect(page.locator("#long-term .tag.dark")).to_have_text("老户")
    expect(page.locator("#long-term")).to_contain_text("取消老户标记")
    screenshot(page, "backlog-case-panel")
