"""Browser journey: a county leader finds aid waiting on the workbench (masked), opens it,
sees the name and amount (the look is logged) and approves it, on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinfang.aid.models import AidStatus
from xinfang.conftest import screenshot
from xinfang.events.models import Event, EventKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_approves_aid_from_the_workbench_on_a_phone(
    page, login, cast, leaders, give, hecheng_case
):
    aid = give(hecheng_case.matter, amount="20000", people=3)
    page.set_viewport_size({"width": 375, "height": 740})
    login(cast.hugo)
    waiting = page.locator("#aid-waiting")
    expect(waiting).to_contain_text("张**")
    screenshot(page, "aid-workbench-phone")
    waiting.locator("a").first.click()
    expect(page.locator("#aid-name")).to_have_text("张建国")
    expect(page.locator("#aid-amount")).to_have_text("20,000.00元")
    page.check("#decide-form input[value=approve]")
    page.click("#decide-form button[type=submit]")
    expect(page.locator("#aid-status")).to_contain_text("已批准")
    screenshot(page, "aid-approved-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    aid.refresh_from_db()
    assert aid.status == AidStatus.APPROVED
    assert Event.objects.filter(kind=EventKind.PERSONAL_DATA_REVEALED, actor=cast.hugo).exists()
