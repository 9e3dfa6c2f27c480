"""Agreements, goals and rules are written through the actions, checked, in Chinese."""

from __future__ import annotations

import pytest

from xinfang.assessment import actions
from xinfang.assessment.models import Agreement, ScoringRule
from xinfang.lib.errors import Invalid, NotAllowed
from xinfang.stats.models import Target

from .conftest import AT


def test_a_city_supervisor_signs_a_countys_agreement(grace, places):
    agreement = actions.create_agreement(
        grace, year=2026, owner=places.hecheng, title="2026年度信访工作目标管理责任状",
        issuer_name="怀化市信访工作联席会议", responsible="鹤城区委书记", at=AT,
    )  # fmt: skip
    assert agreement.issuer == places.city
    assert agreement.owner_name == "鹤城区"


def test_a_county_supervisor_may_not_sign_its_own_countys_agreement(kai, places):
    with pytest.raises(Invalid) as caught:
        actions.create_agreement(
            kai, year=2026, owner=places.hecheng, title="责任状", issuer_name="鹤城区", at=AT
        )
    assert caught.value.errors["owner"] == ["只能为本辖区的下级地区或单位签订目标责任状"]


def test_a_leader_reads_agreements_but_does_not_sign_them(leo, places):
    with pytest.raises(NotAllowed):
        actions.create_agreement(
            leo, year=2026, owner=places.hecheng, title="责任状", issuer_name="怀化市", at=AT
        )


def test_a_second_agreement_for_the_same_owner_and_year_is_refused(sign, places):
    sign(places.hecheng)
    with pytest.raises(Invalid) as caught:
        sign(places.hecheng)
    assert caught.value.errors["owner"] == ["鹤城区2026年度的目标责任状已存在"]


def test_an_agreement_needs_a_title_and_an_issuer(sign, places):
    with pytest.raises(Invalid) as caught:
        sign(places.hecheng, title="", issuer_name=" ")
    assert caught.value.errors["title"] == ["请填写名称（2至80字）"]
    assert caught.value.errors["issuer_name"] == ["请填写下达单位（2至80字）"]


def test_a_goal_is_the_statistics_target_of_the_owner_and_year(sign, goal, places):
    agreement = sign(places.hecheng)
    goal(agreement, "national_abnormal_persons", "le", 80)
    target = Target.objects.get()
    assert (target.year, target.region, target.unit) == (2026, places.hecheng, None)
    assert list(agreement.goals()) == [target]


def test_a_rate_goal_above_100_percent_is_refused(sign, goal, places):
    agreement = sign(places.hecheng)
    with pytest.raises(Invalid) as caught:
        goal(agreement, "settled_rate", "ge", 105)
    assert caught.value.errors["value"] == ["比率的目标值应在0至100（%）之间"]


def test_a_month_split_must_add_up_to_the_years_goal(sign, goal, places):
    agreement = sign(places.hecheng)
    with pytest.raises(Invalid) as caught:
        goal(agreement, "total_persons", "le", 1000, monthly={m: 80 for m in range(1, 13)})
    assert caught.value.errors["monthly"] == ["12个月合计960，应等于全年目标值1000"]


def test_only_a_ceiling_on_a_count_is_split_by_month(sign, goal, places):
    agreement = sign(places.hecheng)
    with pytest.raises(Invalid) as caught:
        goal(agreement, "settled_rate", "ge", 95, monthly={m: 1 for m in range(1, 13)})
    assert caught.value.errors["monthly"] == ["只有数量上限（≤ 人次、批次）的指标可以分解到月份"]


def test_removing_a_goal_removes_its_target(sign, goal, olga, places):
    agreement = sign(places.hecheng)
    goal(agreement, "repeat_rate", "le", 5)
    actions.remove_goal(olga, agreement, "repeat_rate", at=AT)
    assert not Target.objects.exists()


def test_last_years_agreement_is_copied_with_its_goals_and_month_split(sign, goal, olga, places):
    agreement = sign(places.hecheng, year=2025)
    goal(agreement, "total_persons", "le", 120, monthly={m: 10 for m in range(1, 13)})
    goal(agreement, "on_time_rate", "eq", 100)
    copy = actions.copy_agreement(olga, agreement, year=2026, at=AT)
    assert copy.title == "2026年度信访工作目标管理责任状"
    copied = {t.indicator: t for t in copy.goals()}
    assert set(copied) == {"total_persons", "on_time_rate"}
    assert copied["total_persons"].monthly["3"] == 10


def test_copying_onto_a_year_that_has_its_agreement_is_refused(sign, olga, places):
    agreement = sign(places.hecheng, year=2025)
    sign(places.hecheng, year=2026)
    with pytest.raises(Invalid) as caught:
        actions.copy_agreement(olga, agreement, year=2026, at=AT)
    assert caught.value.errors["year"] == ["鹤城区2026年度的目标责任状已存在"]
    assert Agreement.objects.count() == 2


def test_a_scoring_rule_needs_points(rule):
    with pytest.raises(Invalid) as caught:
        rule("total_persons", 0)
    assert caught.value.errors["weight"] == ["分值应大于0且不超过1000"]


def test_a_county_supervisor_may_not_set_the_citys_rules(kai, places):
    with pytest.raises(NotAllowed):
        actions.set_rule(
            kai, region=places.city, year=2026, indicator="total_persons", weight=40, at=AT
        )


def test_last_years_rules_are_copied(rule, olga, places):
    rule("total_persons", 40, deduction=1)
    rule("national_abnormal_persons", 60, is_veto=True)
    count = actions.copy_rules(olga, region=places.city, from_year=2026, to_year=2027, at=AT)
    assert count == 2
    copied = ScoringRule.objects.get(
        region=places.city, year=2027, indicator="national_abnormal_persons"
    )
    assert copied.is_veto
