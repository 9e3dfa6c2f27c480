"""Who works where: the staff of a unit, and the staff whose region covers a place."""

from __future__ import annotations

from xinfang.accounts.models import Role
from xinfang.accounts.queries import staff_covering, staff_of


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
