"""Linked disputes and petition matters are shown only to those who may see them."""

from __future__ import annotations

import pytest

from xinfang.lib.errors import Invalid
from xinfang.projects import actions, queries

pytestmark = pytest.mark.django_db


def test_a_linked_matter_is_listed_to_who_may_see_it(people, project, register, places):
    petition = register(region=places.zhongfang)
    actions.link_matter(people.alice, project, petition.matter.number)
    assert list(queries.linked_matters(people.alice, project)) == [petition.matter]


def test_a_linked_matter_is_hidden_from_who_may_not_see_it(people, project, register, places):
    petition = register(region=places.zhongfang)
    actions.link_matter(people.alice, project, petition.matter.number)
    assert list(queries.linked_matters(people.ivy, project)) == []


def test_a_matter_the_clerk_may_not_see_cannot_be_linked(people, project, register, places):
    petition = register(region=places.hecheng)
    with pytest.raises(Invalid) as caught:
        actions.link_matter(people.carol, project, petition.matter.number)
    assert caught.value.errors == {"number": [f"没有找到信访事项“{petition.matter.number}”"]}
