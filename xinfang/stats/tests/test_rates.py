"""Rates: clocks count in the period their deadline fell due; one pass serves every county."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.lib import timesource
from xinfang.stats import queries
from xinfang.stats.queries import Period
from xinfang.workflow import actions

ANSWER = dict(
    outcome="support",
    text="责成物业公司十日内修复电梯。",
    facts="电梯停运属实。",
    legal_basis="《物业管理条例》第三十五条",
)


def at(day: dt.date):
    return timesource.freeze(dt.datetime.combine(day, dt.time(10), tzinfo=timesource.SHANGHAI))


@pytest.fixture
def handled(cast, places, on_day):
    """A 鹤城区 matter accepted, answered, rated and settled in time; a 中方县 one accepted late."""
    on_time = on_day(dt.date(2026, 1, 5), region=places.hecheng).matter
    late = on_day(dt.date(2026, 1, 5), region=places.zhongfang).matter
    with at(dt.date(2026, 1, 5)):
        on_time = actions.forward(cast.alice, on_time, places.housing, note="请依法处理")
        late = actions.forward(cast.alice, late, places.housing, note="请依法处理")
        on_time = actions.accept(cast.dave, on_time, notice="已受理")
    with at(dt.date(2026, 1, 20)):
        on_time = actions.answer(cast.dave, on_time, **ANSWER)
    with at(dt.date(2026, 1, 28)):
        actions.accept(cast.dave, late, notice="已受理")
        actions.rate(cast.alice, on_time, bureau="satisfied", unit="basically")
        actions.mark_settled(cast.alice, on_time, text="问题已解决")
    return on_time, late


def test_rates_count_the_clocks_due_in_the_period(places, handled):
    r = queries.rates(places.city, Period.year(2026))
    assert r["timely_accept_rate"] == 50.0  # one of two acceptances in time
    assert r["on_time_rate"] == 100.0  # the late matter's answer is not due yet
    assert r["due_matters"] == 1
    assert (r["participation_rate"], r["satisfaction_rate"], r["settled_rate"]) == (100, 100, 100)
    assert queries.rates(places.city, Period.year(2025))["timely_accept_rate"] is None


def test_one_pass_gives_the_place_and_each_county_the_same_rates(places, handled):
    period = Period.year(2026)
    total, ranking = queries.rates_with_ranking(places.city, period)
    assert total == queries.rates(places.city, period)
    rows = {row["key"]: row for row in ranking}
    for county in (places.hecheng, places.zhongfang):
        row = rows[county.pk]
        assert {k: row[k] for k in total} == queries.rates(county, period)
    assert rows[places.zhongfang.pk]["timely_accept_rate"] == 0.0
    assert ranking[0]["key"] == places.hecheng.pk  # ranked by 按期办结率, empty ones last
    assert queries.rates_by_child_region(places.city, period) == ranking
