"""A supervisor's journey at a phone's, a tablet's and a desk's width: find the overdue
matters, tick them, 督办 them in one batch, and see the notices on a case."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from xinfang.petitions.models import Matter, Urgency
from xinfang.workflow import actions
from xinfang.workflow.models import SupervisionNotice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 768, 1366])
def test_a_supervisor_finds_overdue_matters_and_supervises_them_in_batch(
    page, login, cast, places, register, grace, width
):
    late = []
    for title in ("电梯停运三月未修", "路灯长期不亮"):
        matter = register(title=title).matter
        actions.forward(cast.alice, matter, places.housing)
        actions.accept(cast.dave, matter, notice="已受理")
        Matter.objects.filter(pk=matter.pk).update(urgency=Urgency.OVERDUE)
        late.append(matter)
    register(title="新登记的件")
    page.set_viewport_size({"width": width, "height": 900})
    login(grace)
    page.goto(page.base_url + "/petitions/?due=late")
    expect(page.locator(".count")).to_contain_text("共 2 件")
    for matter in late:
        page.check(f"input[name=m][value='{matter.number}']")
    page.click("#pick button:has-text('批量督办')")
    expect(page.locator("#batch-able")).to_contain_text("电梯停运三月未修")
    page.click("#batch-form button[type=submit]")
    expect(page.locator("#batch-result")).to_contain_text("已督办2件")
    assert SupervisionNotice.objects.count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if folder := os.environ.get("XINFANG_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/batch-supervise-{width}.png", full_page=True)
