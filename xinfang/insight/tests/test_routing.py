"""Routing suggestions: the bureau's rules first, then where similar matters went."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from xinfang.classes.models import ContentClass
from xinfang.insight.models import RoutingRule
from xinfang.insight.routing import best_rule, history_routes, suggest_units
from xinfang.lib import timesource
from xinfang.regions.actions import create_unit
from xinfang.regions.models import UnitKind
from xinfang.workflow import actions as workflow

MARCH_2ND_AFTERNOON = dt.datetime(2026, 3, 2, 15, 0, tzinfo=timesource.SHANGHAI)


@pytest.fixture
def hecheng_housing(places):
    return create_unit("鹤城区住房和城乡建设局", UnitKind.DEPARTMENT, places.hecheng)


@pytest.fixture
def rules(places, hecheng_housing):
    urban_top = ContentClass.objects.get(code="12")
    return [
        RoutingRule.objects.create(content_class=urban_top, unit=places.housing),
        RoutingRule.objects.create(
            content_class=places.urban, region=places.hecheng, unit=hecheng_housing
        ),
    ]


def test_the_city_rule_for_a_class_applies_in_any_county(places, rules):
    assert best_rule(places.urban.pk, places.zhongfang).unit == places.housing


def test_a_county_rule_overrides_the_citys_for_that_county(places, rules, hecheng_housing):
    assert best_rule(places.urban.pk, places.hecheng).unit == hecheng_housing


def test_a_rule_for_another_class_does_not_apply(places, rules):
    assert best_rule(places.wages.pk, places.hecheng) is None


def test_an_inactive_rule_is_ignored(places, rules):
    RoutingRule.objects.update(is_active=False)
    assert best_rule(places.urban.pk, places.hecheng) is None


def test_a_catch_all_rule_is_the_default(places):
    RoutingRule.objects.create(unit=places.city_bureau)
    assert best_rule(places.wages.pk, places.zhongfang).unit == places.city_bureau


def test_the_suggestion_names_the_rule_that_gave_it(cast, places, rules, register):
    routes = suggest_units(cast.alice, register().matter)
    assert routes[0].unit.name == "鹤城区住房和城乡建设局"
    assert routes[0].source == "rule" and "分办规则" in routes[0].reason


def test_where_a_similar_matter_went_is_suggested_with_that_matter(cast, places, register):
    earlier = register().matter
    workflow.forward(cast.alice, earlier, places.housing)
    routes = suggest_units(cast.alice, register().matter)
    assert routes[0].unit == places.housing and routes[0].source == "history"
    assert earlier.number in routes[0].reason


def test_as_of_a_day_matters_received_from_that_day_on_are_not_history(cast, places, register):
    earlier = register(received_on=dt.date(2026, 3, 2)).matter
    workflow.forward(cast.alice, earlier, places.housing, at=MARCH_2ND_AFTERNOON)
    matter = register().matter
    assert history_routes(cast.alice, matter, as_of=dt.date(2026, 3, 2)) == []
    routes = history_routes(cast.alice, matter, as_of=dt.date(2026, 3, 3))
    assert [r.unit for r in routes] == [places.housing]


def test_as_of_a_day_a_forwarding_made_from_that_day_on_does_not_count(cast, places, register):
    """The earlier matter was received on the 2nd but only forwarded on the 10th (today)."""
    earlier = register(received_on=dt.date(2026, 3, 2)).matter
    workflow.forward(cast.alice, earlier, places.housing)
    matter = register().matter
    assert suggest_units(cast.alice, matter, as_of=dt.date(2026, 3, 10)) == []
    assert suggest_units(cast.alice, matter, as_of=dt.date(2026, 3, 11))[0].unit == places.housing


def test_as_of_leaves_the_routing_table_as_it_is(cast, places, rules, register):
    routes = suggest_units(cast.alice, register().matter, as_of=dt.date(2020, 1, 1))
    assert [r.source for r in routes] == ["rule"]


def test_an_accused_unit_is_never_suggested(cast, places, register):
    RoutingRule.objects.create(unit=places.housing)
    matter = register(is_accusation=True, accused_unit=places.housing).matter
    assert all(r.unit != places.housing for r in suggest_units(cast.alice, matter))


def test_the_forward_page_offers_the_suggestions(client, cast, rules, register):
    petition = register()
    client.force_login(cast.alice)
    page = client.get(reverse("workflow:step", args=[petition.number, "forward"]))
    html = page.content.decode()
    assert (
        "建议责任单位" in html and "鹤城区住房和城乡建设局" in html and "data-choose-unit" in html
    )


def test_a_second_rule_for_any_place_and_the_same_unit_is_refused(places, rules):
    twin = RoutingRule(content_class=rules[0].content_class, unit=places.housing)
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()  # what the admin form runs
    assert "已有相同内容分类、问题属地和责任单位的分办规则" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
