"""A supervisor's journey at a phone's, a tablet's and a desk's width: find the overdue
matters through the case list's 期限 filter, tick them, 督办 them in one batch, and see the
notice on a case. Screenshots go to $XINFANG_SCREENSHOTS when set."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from xinfang.conftest import WIDTHS, assert_fits, screenshot, settle
from xinfang.lib import timesource
from xinfang.workflow import actions
from xinfang.workflow.models import SupervisionNotice
from xinfang.workflow.tick import run_tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_supervisor_finds_overdue_matters_and_supervises_them_in_batch(
    page, login, cast, places, register, grace, width
):
    late = []
    for title in ("电梯停运三月未修", "路灯长期不亮"):
        matter = register(title=title).matter
        actions.forward(cast.alice, matter, places.housing)
        actions.accept(cast.dave, matter, notice="已受理")
        late.append(matter)
    # Accepted on 2026-03-10, due in 60 days (2026-05-09): on 2026-05-15 both are late.
    with timesource.freeze(dt.datetime(2026, 5, 15, 9, tzinfo=timesource.SHANGHAI)):
        run_tick()
        register(title="新登记的件", received_on=dt.date(2026, 5, 14))
        page.set_viewport_size({"width": width, "height": 800})
        login(grace)
        find_tick_and_supervise(page, late, width)


def find_tick_and_supervise(page, late, width):
    """The supervisor's clicks, from the menu to the supervised case."""
    page.click("nav >> text=信访件查询")
    expect(page.locator("#results .count")).to_have_text("共 3 件")
    page.select_option("#id_due", "late")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#results .count")).to_have_text("共 2 件")
    expect(page.locator("#results")).not_to_contain_text("新登记的件")
    expect(page.locator("#results .badge-due")).to_have_count(2)
    expect(page.locator("#results")).to_contain_text("超期6天")
    for matter in late:
        page.check(f"input[name=m][value='{matter.number}']")
    assert_fits(page, "the overdue list")
    screenshot(page, f"supervisor-1-overdue-ticked-{width}")

    page.click("#pick button:has-text('批量督办')")
    expect(page.locator("#batch-able li")).to_have_count(2)
    expect(page.locator("#batch-able")).to_contain_text("电梯停运三月未修")
    expect(page.locator("#batch-form button[type=submit]")).to_have_text("确认督办（2件）")
    page.fill("#id_text", "已超期，请于3月20日前办结并书面报告。")
    assert_fits(page, "the batch form")
    screenshot(page, f"supervisor-2-batch-form-{width}")
    page.click("#batch-form button[type=submit]")

    expect(page.locator("#batch-result")).to_contain_text("已督办2件")
    assert SupervisionNotice.objects.count() == 2
    screenshot(page, f"supervisor-3-done-{width}")
    page.click(f"#batch-result >> text={late[0].number}")
    expect(page.locator("#procedure")).to_contain_text("已超期，请于3月20日前办结并书面报告。")
    expect(page.locator("#procedure .tag.red")).to_have_text("待回复")
    assert_fits(page, "the supervised case")
    settle(page)
