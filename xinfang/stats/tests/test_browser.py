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


def test_a_click_on_a_county_of_the_map_lists_that_county_s_petitions(
    page, login, cast, places, on_day
):
    on_day(dt.date(2026, 1, 5), region=places.hecheng, title="鹤城区小区电梯停运")
    on_day(dt.date(2026, 1, 6), region=places.zhongfang, title="中方县拖欠工资")
    login(cast.alice)
    page.goto(page.base_url + "/stats/?year=2026")
    page.wait_for_selector("#chart-map svg path")
    # Where 鹤城区's own centre point falls on the chart (the map file gives it).
    point = page.evaluate(
        """async () => {
          const data = JSON.parse(document.getElementById("stats-data").textContent);
          const geo = await (await fetch(data.map)).json();
          const county = geo.features.find((f) => f.properties.code === "431202");
          const chart = echarts.getInstanceByDom(document.getElementById("chart-map"));
          return chart.convertToPixel({ seriesIndex: 0 }, county.properties.cp);
        }"""
    )
    page.locator("#chart-map").scroll_into_view_if_needed()
    box = page.locator("#chart-map").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.wait_for_url("**/petitions/?**")
    assert page.locator("text=鹤城区小区电梯停运").count() == 1
    assert page.locator("text=中方县拖欠工资").count() == 0


@pytest.mark.parametrize("width", [375, 768, 1366])
def test_the_charts_fit_and_name_counties_in_full(page, login, cast, places, on_day, width):
    """Full county names on the ranking chart, nothing wider than the screen."""
    import os

    on_day(dt.date(2026, 1, 5), region=places.hecheng)
    on_day(dt.date(2026, 1, 6), region=places.zhongfang)
    page.set_viewport_size({"width": width, "height": 900})
    login(cast.alice)
    page.goto(page.base_url + "/stats/?year=2026")
    page.wait_for_selector("#chart-regions svg")
    labels = page.locator("#chart-regions svg text").all_text_contents()
    assert "鹤城区" in labels and "中方县" in labels
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if folder := os.environ.get("XINFANG_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/stats-{width}.png", full_page=True)
