"""Who sees which petition: the access matrix (问题属地 scope, unit assignment, 检举控告)."""

import pytest
from django.http import Http404

from xinfang.petitions import actions
from xinfang.petitions.queries import access_petition, visible_petitions


def sees(user, petition) -> bool:
    try:
        access_petition(user, petition.number)
    except Http404:
        return False
    return True


@pytest.fixture
def hecheng_case(register):
    return register()


@pytest.fixture
def accusation(register, places):
    """A 检举控告 petition about 鹤城区 that accuses the city housing department."""
    return register(
        is_accusation=True, purpose="accuse", accused_unit=places.housing, accused_name="某科长"
    )


def test_the_city_registrar_sees_a_county_case(cast, hecheng_case):
    assert sees(cast.alice, hecheng_case)


def test_the_county_handler_sees_a_case_in_his_county(cast, hecheng_case):
    assert sees(cast.bob, hecheng_case)


def test_a_handler_from_another_county_gets_404(cast, hecheng_case):
    assert not sees(cast.carol, hecheng_case)
    assert hecheng_case not in visible_petitions(cast.carol)


def test_a_department_sees_nothing_until_assigned(cast, hecheng_case):
    assert not sees(cast.dave, hecheng_case)


def test_a_department_sees_a_case_assigned_to_it(cast, places, hecheng_case):
    actions.assign_to_unit(cast.alice, hecheng_case.matter, places.housing)
    assert sees(cast.dave, hecheng_case)


def test_a_repeat_becomes_visible_to_the_assigned_department_too(
    cast, places, register, hecheng_case
):
    actions.assign_to_unit(cast.alice, hecheng_case.matter, places.housing)
    repeat = register(repeat_of=hecheng_case.matter)
    assert sees(cast.dave, repeat)


def test_an_anonymous_visitor_sees_nothing(hecheng_case):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_petitions(AnonymousUser()).exists()


def test_an_accusation_is_hidden_from_region_scope(cast, accusation):
    assert not sees(cast.bob, accusation)
    assert not sees(cast.frank, accusation)


def test_an_accusation_is_visible_to_authorised_staff_of_the_registering_bureau(cast, accusation):
    assert sees(cast.alice, accusation)


def test_an_accusation_is_visible_to_the_assigned_discipline_unit(cast, places, accusation):
    actions.assign_to_unit(cast.alice, accusation.matter, places.discipline)
    assert sees(cast.erin, accusation)


def test_an_accusation_cannot_be_assigned_to_the_unit_it_accuses(cast, places, accusation):
    from xinfang.lib.errors import NotAllowed

    with pytest.raises(NotAllowed, match="被检举控告"):
        actions.assign_to_unit(cast.alice, accusation.matter, places.housing)
    assert not sees(cast.dave, accusation)


def test_an_accusation_cannot_go_to_a_unit_named_only_by_name(cast, places, register):
    from xinfang.lib.errors import NotAllowed

    petition = register(is_accusation=True, accused_unit_name=places.housing.name)
    with pytest.raises(NotAllowed, match="被检举控告"):
        actions.assign_to_unit(cast.alice, petition.matter, places.housing)


def test_the_unit_named_as_accused_never_sees_it(cast, places, register):
    # An accusation against the registering bureau itself, named as text only.
    petition = register(is_accusation=True, accused_unit_name=places.city_bureau.name)
    assert not sees(cast.alice, petition)


def test_the_accused_unit_never_sees_it_even_if_assigned_as_discipline(cast, places, register):
    # Accusing the discipline commission itself: even its assignment would not show it.
    petition = register(is_accusation=True, accused_unit=places.discipline)
    assert not sees(cast.erin, petition)


def test_write_access_is_for_the_bureau_side_only(cast, places, hecheng_case):
    actions.assign_to_unit(cast.alice, hecheng_case.matter, places.housing)
    access_petition(cast.alice, hecheng_case.number, write=True)
    access_petition(cast.bob, hecheng_case.number, write=True)
    with pytest.raises(Http404):
        access_petition(cast.dave, hecheng_case.number, write=True)


def test_the_registering_bureau_keeps_reading_a_case_about_another_county(cast, places, register):
    """Bob's 鹤城区 bureau registers a matter about 中方县: it stays in Bob's list."""
    elsewhere = register(actor=cast.bob, region=places.zhongfang)
    assert sees(cast.bob, elsewhere)
    assert elsewhere in visible_petitions(cast.bob)
    assert sees(cast.carol, elsewhere)  # and 中方县 sees it by its place, as before


def test_a_department_does_not_read_what_another_unit_registered(cast, register):
    assert not sees(cast.dave, register())
