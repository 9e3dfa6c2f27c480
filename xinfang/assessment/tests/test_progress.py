"""An agreement's progress on a known year: each goal's actual, quota to date, projection to
the year's end and the warning before a breach, from `stats.targets`."""

from __future__ import annotations

import datetime as dt

from xinfang.assessment import queries
from xinfang.stats.actions import set_target
from xinfang.stats.targets import Status

TODAY = dt.date(2026, 3, 10)  # day 69 of 365


def _goal(agreement, indicator):
    [item] = [p for p in queries.goal_progress(agreement, TODAY) if p.target.indicator == indicator]
    return item


def test_a_goal_reads_the_actual_the_quota_to_date_and_the_projection(known_year):
    hecheng, _ = known_year
    total = _goal(hecheng, "total_persons")
    assert total.actual == 10
    assert total.quota_to_date == 30
    assert total.projected == round(10 * 365 / 69, 1) == 52.9
    assert total.status == Status.OK


def test_a_county_ahead_of_its_monthly_quota_is_warned_before_the_breach(known_year):
    _, zhongfang = known_year
    total = _goal(zhongfang, "total_persons")
    assert (total.actual, total.quota_to_date) == (36, 30)
    assert total.actual < total.limit  # not yet breached for the year
    assert total.status == Status.AT_RISK


def test_the_agreement_holds_only_its_owners_goals(known_year, olga, places):
    hecheng, _ = known_year
    set_target(
        olga, year=2026, region=places.city, indicator="repeat_rate", comparator="le", value=5
    )
    set_target(
        olga, year=2026, unit=places.hecheng_bureau, indicator="repeat_rate", comparator="le",
        value=5,
    )  # fmt: skip
    indicators = [p.target.indicator for p in queries.goal_progress(hecheng, TODAY)]
    assert indicators == ["total_persons", "national_abnormal_persons"]


def test_goals_are_listed_in_the_seeds_order(sign, goal, places):
    agreement = sign(places.zhongfang)
    goal(agreement, "repeat_rate", "le", 5)
    goal(agreement, "first_time_closed_rate", "ge", 98)
    goal(agreement, "total_persons", "le", 3000)
    order = [p.target.indicator for p in queries.goal_progress(agreement, TODAY)]
    assert order == ["total_persons", "first_time_closed_rate", "repeat_rate"]
