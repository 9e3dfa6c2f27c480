"""Places: a region's subtree, look-ups from memory, and the indented choices."""

from __future__ import annotations

from xinfang.regions.queries import region_by_code, region_choices, subtree, unit_by_id


def test_a_city_subtree_holds_its_counties(places):
    below = set(subtree(places.city).values_list("code", flat=True))
    assert {"431200", "431202", "431221"} <= below


def test_a_county_subtree_holds_no_neighbour(places):
    below = set(subtree(places.hecheng).values_list("code", flat=True))
    assert "431202" in below and "431221" not in below and "431200" not in below


def test_a_unit_comes_with_its_region_without_another_query(places, django_assert_num_queries):
    unit = unit_by_id(places.housing.pk)
    with django_assert_num_queries(0):
        assert unit.region.code == "431200"


def test_an_unknown_code_is_none(places):
    assert region_by_code("999999") is None
    assert region_by_code("431202").name == places.hecheng.name


def test_choices_indent_a_county_below_its_city(places):
    labels = dict(region_choices())
    city, county = labels[places.city.pk], labels[places.hecheng.pk]
    assert county.startswith("　" * (city.count("　") + 1))
    assert county.endswith("（431202）")
