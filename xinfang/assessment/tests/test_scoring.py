"""The score by the rules: weights, deductions per unit missed, 一票否决."""

from __future__ import annotations

import datetime as dt

from xinfang.assessment import queries
from xinfang.regions.models import Level

TODAY = dt.date(2026, 3, 10)


def test_a_county_within_its_goals_scores_full_points(known_year):
    hecheng, _ = known_year
    score = queries.agreement_score(hecheng, TODAY)
    assert (score.total, score.maximum, score.vetoed) == (100, 100, False)


def test_each_person_over_the_quota_to_date_costs_the_deduction(known_year):
    _, zhongfang = known_year
    score = queries.agreement_score(zhongfang, TODAY)
    [total] = [g for g in score.goals if g.progress.target.indicator == "total_persons"]
    assert (total.miss, total.lost, total.points) == (6, 6, 34)
    assert score.total == 94


def test_a_breached_veto_goal_zeroes_the_score(known_year, on_day, places):
    hecheng, _ = known_year
    for _ in range(3):
        on_day(dt.date(2026, 3, 4), level=Level.NATIONAL, is_abnormal=True)
    score = queries.agreement_score(hecheng, TODAY)
    assert score.vetoed
    assert score.total == 0
    assert score.veto_labels == ["进京非正常访（人次）"]


def test_a_rate_short_of_its_floor_costs_per_percentage_point(sign, goal, rule, on_day, places):
    agreement = sign(places.hecheng)
    goal(agreement, "repeat_rate", "le", 5)
    rule("repeat_rate", 10, deduction=0.2)
    first = on_day(dt.date(2026, 1, 5))
    on_day(dt.date(2026, 1, 6), repeat_of=first.matter)  # 1 of 2 petitions repeats: 50%
    score = queries.agreement_score(agreement, TODAY)
    [item] = score.goals
    assert item.miss == 45
    assert item.points == 1


def test_a_goal_without_a_rule_scores_nothing(sign, goal, places):
    agreement = sign(places.hecheng)
    goal(agreement, "total_persons", "le", 100)
    score = queries.agreement_score(agreement, TODAY)
    assert (score.total, score.maximum) == (0, 0)
    assert score.goals[0].rule is None
