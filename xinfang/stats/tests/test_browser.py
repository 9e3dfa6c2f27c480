"""The dashboard in a browser: charts render and a figure opens the petitions behind it."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_click_on_a_figure_lists_its_petitions(page, login, cast, on_day):
    on_day(dt.date(2026, 1, 5), channel="letter", title="来信反映路灯不亮")
    on_day(dt.date(2026, 1, 6), title="来访反映电梯停运")
    login(cast.alice)
    page.goto(page.base_url + "/stats/")
    page.wait_for_selector("#chart-trend svg")
    page.click("a.stat-card[data-key=letter_items]")
    page.wait_for_url("**/petitions/?**")
    assert page.locator("text=来信反映路灯不亮").count() == 1
    assert page.locator("text=来访反映电梯停运").count() == 0
