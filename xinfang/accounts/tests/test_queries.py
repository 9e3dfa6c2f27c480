"""Who works where: the staff of a unit, the staff whose region covers a place, and the
directory the tick reads once, which agrees with both."""

from __future__ import annotations

from xinfang.accounts.models import Role, User
from xinfang.accounts.queries import StaffDirectory, staff_covering, staff_of

OVERSEERS = (Role.SUPERVISOR, Role.LEADER)


def test_the_directory_finds_a_units_staff_like_staff_of(cast, places):
    directory = StaffDirectory()
    assert {u.pk for u in directory.of(places.city_bureau.pk)} == {
        u.pk for u in staff_of(places.city_bureau)
    }
    assert [u.username for u in directory.of(places.city_bureau.pk, (Role.HANDLER,))] == []


def test_the_directory_finds_overseers_above_a_place_like_staff_covering(cast, places):
    grace = User.objects.create_user(
        "grace", role=Role.SUPERVISOR, unit=places.city_bureau, region=places.city
    )
    User.objects.create_user(
        "henry", role=Role.SUPERVISOR, unit=places.zhongfang_bureau, region=places.zhongfang
    )
    directory = StaffDirectory()
    found = directory.covering(places.hecheng.path, OVERSEERS)
    assert found == [grace]
    assert found == staff_covering(places.hecheng, OVERSEERS)


def test_inactive_staff_are_in_neither(cast, places):
    cast.dave.is_active = False
    cast.dave.save()
    assert cast.dave not in StaffDirectory().of(places.housing.pk)
    assert cast.dave not in staff_of(places.housing)


def test_staff_of_a_unit_are_its_active_users(cast, places):
    assert {u.username for u in staff_of(places.city_bureau)} == {"alice", "frank"}
    assert [u.username for u in staff_of(places.housing)] == ["dave"]


def test_a_user_who_left_is_no_longer_staff(cast, places):
    cast.frank.is_active = False
    cast.frank.save()
    assert [u.username for u in staff_of(places.city_bureau)] == ["alice"]


def test_the_city_covers_its_counties_and_a_county_only_itself(cast, places):
    handlers = [Role.HANDLER]
    assert [u.username for u in staff_covering(places.hecheng, handlers)] == ["bob"]
    assert [u.username for u in staff_covering(places.zhongfang, handlers)] == ["carol"]
    registrars = {u.username for u in staff_covering(places.hecheng, [Role.REGISTRAR])}
    assert registrars == {"alice", "frank"}


def test_staff_without_a_region_cover_nothing(cast, places):
    """dave (市住建局) has a unit but no region: he sees only what is assigned to him."""
    covering = staff_covering(places.city, [Role.HANDLER])
    assert "dave" not in {u.username for u in covering}
