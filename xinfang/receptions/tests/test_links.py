"""Petitions registered at a reception, and cases taken on (包案) there."""

from __future__ import annotations

import pytest

from xinfang.casework.models import Ownership
from xinfang.lib.errors import DomainError, NotAllowed
from xinfang.receptions import actions
from xinfang.receptions.models import ReceptionCase, ReceptionPetition
from xinfang.receptions.queries import linked_counts, linked_petitions


def test_a_petition_registered_at_a_reception_is_linked(held, register, cast):
    petition = register()
    link = actions.link_petition(cast.alice, held, petition)
    assert link.petition == petition
    assert linked_counts(held) == (1, 1)


def test_a_petition_belongs_to_one_reception(held, schedule, register, cast):
    petition = register()
    actions.link_petition(cast.alice, held, petition)
    other = schedule(form="open", date=held.date, slots=0)
    with pytest.raises(DomainError, match="已关联到其他接访"):
        actions.link_petition(cast.alice, other, petition)


def test_a_future_reception_takes_no_petitions(schedule, register, cast):
    with pytest.raises(DomainError, match="接访尚未进行"):
        actions.link_petition(cast.alice, schedule(), register())


def test_staff_of_another_county_may_not_link(held, register, cast):
    with pytest.raises(NotAllowed):
        actions.link_petition(cast.carol, held, register())


def test_an_accusation_registered_there_stays_hidden_from_whom_the_rule_keeps_it(
    held, register, cast
):
    accusation = register(is_accusation=True, title="检举某局长受贿", accused_name="王某")
    actions.link_petition(cast.alice, held, accusation)
    assert [link.petition for link in linked_petitions(cast.alice, held)] == [accusation]
    assert list(linked_petitions(cast.frank, held)) == []


def test_the_leader_takes_a_case_on_at_the_reception(held, register, cast, leaders, places):
    petition = register()
    actions.link_petition(cast.alice, held, petition)
    case = actions.take_on(
        leaders.hugo.user, held, petition, unit=places.housing, target_workdays=20
    )
    ownership = Ownership.objects.get()
    assert case.ownership == ownership
    assert (ownership.leader, ownership.matter) == (leaders.hugo, petition.matter)


def test_only_the_receptions_leader_takes_cases_on(held, register, cast, leaders, places):
    petition = register()
    actions.link_petition(cast.alice, held, petition)
    with pytest.raises(NotAllowed, match="只有接访领导本人"):
        actions.take_on(leaders.lena.user, held, petition, unit=places.housing, target_workdays=20)
    assert not ReceptionCase.objects.exists()


def test_a_case_not_registered_there_is_not_taken_on_from_it(held, register, leaders, places):
    with pytest.raises(DomainError, match="不是在本场接访登记的"):
        actions.take_on(
            leaders.hugo.user, held, register(), unit=places.housing, target_workdays=20
        )
    assert not ReceptionPetition.objects.exists()
