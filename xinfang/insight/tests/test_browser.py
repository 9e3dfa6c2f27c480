"""Browser journey: while registering, the earlier matter is suggested and linked in one click."""

import os

import pytest
from playwright.sync_api import expect

from xinfang.petitions.drafts import PetitionerDraft
from xinfang.petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID = "431202199003070019"


def test_a_registrar_links_a_repeat_from_the_suggestion(page, login, cast, places, register):
    earlier = register(
        channel="letter",
        title="小区电梯停运半年无人维修",
        content="我们小区3栋电梯停运半年，物业公司拒不维修，老人上下楼困难。",
        petitioners=[PetitionerDraft(name="张建国", id_number=ID, phone="13807451234")],
    )
    login(cast.alice)
    page.goto(page.base_url + "/petitions/new/")
    page.select_option("#id_channel", "visit")
    page.select_option("#id_region", str(places.hecheng.pk))
    page.fill("#id_petitioners-0-name", "张建国")
    page.fill("#id_petitioners-0-id_number", ID)
    page.fill("#id_title", "再次反映电梯问题")
    page.fill("#id_content", "物业公司还是拒不维修电梯，老人上下楼困难，已经停运半年了。")
    page.select_option("#id_content_class", str(places.urban.pk))

    panel = page.locator("#insight")
    expect(panel).to_contain_text(earlier.matter.number)
    expect(panel).to_contain_text("证件号码相同")
    if folder := os.environ.get("XINFANG_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/register-suggestions.png", full_page=True)
    panel.locator(f'[data-link-repeat="{earlier.matter.number}"]').click()
    expect(page.locator("#id_repeat_of")).to_have_value(earlier.matter.number)
    expect(panel).to_contain_text("已关联")
    page.click("text=保存登记")

    expect(page.locator("#query-code")).to_be_visible()
    latest = Petition.objects.latest("pk")
    assert latest.is_repeat and latest.matter == earlier.matter
