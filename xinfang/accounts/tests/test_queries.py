"""Who works in a unit and who oversees a place: the one-off queries and the directory the
tick reads once agree."""

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
