"""The report paragraph: computed figures, increases and decreases worded correctly."""

from __future__ import annotations

import datetime as dt

from xinfang.regions.models import Level
from xinfang.stats import report, text


def test_it_words_a_decrease_with_one_decimal():
    assert text.direction(78, 106) == "下降26.4%"


def test_it_words_an_increase():
    assert text.direction(12, 10) == "上升20.0%"


def test_it_says_level_when_unchanged():
    assert text.direction(5, 5) == "持平"


def test_a_zero_last_year_is_not_a_percentage():
    assert text.direction(3, 0) == "上年同期为零"


def test_the_annual_paragraph_compares_with_last_year(places, on_day):
    on_day(dt.date(2025, 1, 3), level=Level.NATIONAL)
    on_day(dt.date(2025, 3, 2), level=Level.NATIONAL)
    with_clock = dt.date(2026, 2, 1)
    on_day(with_clock, level=Level.NATIONAL)
    paragraph = text.paragraph(report.annual(places.city, 2026))
    assert paragraph.startswith(
        "2026年，全市信访总量为1批次1人次，同比批次下降50.0%、人次下降50.0%"
    )
    assert "进京访1批次1人次，同比批次下降50.0%、人次下降50.0%" in paragraph


def test_a_year_after_a_partial_year_is_not_compared(places, on_day):
    """Data since March 2025: a change against 2025 would compare with ten months."""
    on_day(dt.date(2025, 3, 2), level=Level.NATIONAL)
    for day in (dt.date(2026, 1, 5), dt.date(2026, 2, 5)):
        on_day(day, level=Level.NATIONAL)
    built = report.annual(places.city, 2026)
    paragraph = text.paragraph(built)
    assert paragraph.startswith(
        "2026年，全市信访总量为2批次2人次（系统数据自2025年3月起，上年同期数据不完整，不作同比）"
    )
    assert "同比" not in paragraph.replace("不作同比", "") and "上升" not in paragraph
    assert built.figures()["total_batches"]["yoy_pct"] is None


def test_the_dashboard_says_last_year_is_partial(client, cast, on_day):
    on_day(dt.date(2025, 3, 2))
    on_day(dt.date(2026, 1, 5))
    client.force_login(cast.alice)
    cards = client.get("/stats/?year=2026").context["cards"]
    assert cards[0]["yoy"] == "上年同期数据不完整（自2025年3月起），不作同比"


def test_the_dashboard_says_why_the_list_may_show_fewer(client, cast, on_day):
    on_day(dt.date(2026, 1, 5))
    client.force_login(cast.frank)  # not authorised for 检举控告
    assert "列表可能少于统计数" in client.get("/stats/").content.decode()
    client.force_login(cast.alice)  # authorised: the list shows what the counts count
    assert "列表可能少于统计数" not in client.get("/stats/").content.decode()


def test_a_year_after_an_empty_year_says_so(places, on_day):
    on_day(dt.date(2026, 1, 5), channel="letter")
    paragraph = text.paragraph(report.annual(places.city, 2026))
    assert "人民来信1件次，上年同期为零" in paragraph
    assert "%" not in paragraph.split("人民来信")[0].split("信访总量")[1][:30]


def test_the_peak_is_the_highest_earlier_year_since_the_given_year(places, on_day):
    for day in (dt.date(2023, 5, 1), dt.date(2023, 6, 1), dt.date(2023, 7, 1), dt.date(2023, 8, 1)):
        on_day(day)
    on_day(dt.date(2024, 5, 1))
    for day in (dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)):
        on_day(day)
    built = report.annual(places.city, 2026, peak_since=2022)
    assert built.peaks["total_batches"] == (2023, 4)
    assert "与2022年以来的信访高峰期比较批次下降25.0%、人次下降25.0%" in text.paragraph(built)


def test_the_monthly_report_compares_with_the_month_before(places, on_day):
    on_day(dt.date(2026, 1, 10))
    on_day(dt.date(2026, 2, 10))
    on_day(dt.date(2026, 2, 11))
    paragraph = text.paragraph(report.monthly(places.city, 2026, 2))
    assert paragraph.startswith("2026年2月，全市信访总量为2批次2人次")
    assert "环比批次上升100.0%、人次上升100.0%" in paragraph
