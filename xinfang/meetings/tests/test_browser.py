"""Browser journey: the county bureau's clerk records a decision of a joint meeting, and the
responsible unit reports it carried out, at a desktop's width and at a phone's."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from xinfang.meetings.models import Decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    if folder := os.environ.get("XINFANG_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1366, 375])
def test_a_clerk_records_a_meeting_decision(page, login, people, meeting, units, matter, width):
    page.set_viewport_size({"width": width, "height": 800})
    login(people.carol)
    page.goto(page.base_url + "/meetings/")
    page.click("text=移民新村村屯道路施工阻工问题")
    expect(page.locator("#items")).to_contain_text(matter.number)
    page.fill("#id_text", "县移民开发局牵头入户宣传政策，尽快恢复施工")
    page.select_option("#id_unit", label="中方县移民开发局")
    page.fill("#id_days", "10")
    page.select_option("#id_matter", index=1)
    _shot(page, f"meeting-form-{width}")
    page.click("#decision-form button[type=submit]")
    expect(page.locator("#decisions")).to_contain_text("2026-03-16（10个工作日）")
    expect(page.locator("#decisions")).to_contain_text("剩余4个工作日")
    _shot(page, f"meeting-page-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert Decision.objects.get().unit == units.resettlement


def test_the_responsible_unit_reports_a_decision_late(page, login, people, decision):
    page.set_viewport_size({"width": 768, "height": 900})
    login(people.ivy)
    page.goto(page.base_url + f"/meetings/{decision.meeting_id}/")
    expect(page.locator("#decisions")).to_contain_text("超期1个工作日")
    form = page.locator(f"#decision-{decision.pk} form")
    form.locator("select[name=status]").select_option("done")
    form.locator("input[name=text]").fill("3月10日已恢复施工")
    form.locator("button").click()
    expect(page.locator("#decisions")).to_contain_text("已落实：3月10日已恢复施工")
    _shot(page, "meeting-follow-up-768")
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
