"""Who sees which hot issue: figures from the visible members only, never another county's."""

from __future__ import annotations

import pytest
from django.http import Http404

from xinfang.hotspots import queries
from xinfang.hotspots.actions import refresh_hot_issues

from .texts import ELEVATOR, UNRELATED


@pytest.fixture
def two_counties(petition, places):
    """The same elevator complaint twice in 鹤城区 and twice in 中方县 (one a collective visit)."""
    for text in UNRELATED:
        petition(text)
    petition(ELEVATOR[0])
    petition(ELEVATOR[1], days_ago=1)
    petition(ELEVATOR[0], region=places.zhongfang)
    petition(ELEVATOR[1], region=places.zhongfang, count=6)
    refresh_hot_issues()


def test_a_county_user_sees_nothing_of_another_countys_hot_issue(cast, elevator):
    refresh_hot_issues()
    assert queries.hot_issues(cast.carol) == []
    assert len(queries.hot_issues(cast.bob)) == len(queries.hot_issues(cast.alice)) == 1


def test_a_city_user_sees_the_whole_issue_across_counties(cast, two_counties):
    (view,) = queries.hot_issues(cast.alice)
    f = view.figures
    assert (f.batches, f.persons) == (4, 9)
    assert f.is_multi_place and f.is_collective
    assert dict(f.places) == {"鹤城区": 2, "中方县": 2}


def test_each_county_sees_its_own_part_with_its_own_figures(cast, two_counties):
    (bob,) = queries.hot_issues(cast.bob)
    assert (bob.figures.batches, bob.figures.persons) == (2, 2)
    assert bob.figures.places == [("鹤城区", 2)]
    assert not bob.figures.is_multi_place and not bob.figures.is_collective
    (carol,) = queries.hot_issues(cast.carol)
    assert carol.figures.places == [("中方县", 2)] and carol.figures.is_collective
    assert carol.representative.petition_id not in {m.petition_id for m in bob.members}


def test_the_region_filter_narrows_a_city_users_view(cast, places, two_counties):
    (view,) = queries.hot_issues(cast.alice, region=places.zhongfang)
    assert view.figures.places == [("中方县", 2)]


def test_an_issue_with_one_visible_member_is_not_shown(cast, petition, places, elevator):
    petition(ELEVATOR[0], region=places.zhongfang)
    refresh_hot_issues()
    (view,) = queries.hot_issues(cast.alice)
    assert view.figures.batches == 5
    assert queries.hot_issues(cast.carol) == []
    with pytest.raises(Http404):
        queries.access_hot_issue(cast.carol, view.pk)


def test_a_department_sees_only_what_is_assigned_to_it(cast, elevator):
    refresh_hot_issues()
    assert queries.hot_issues(cast.dave) == []
