"""The list of leaders is kept by administrators, on a staff page and in the admin site,
through the same action; a leader's login must have the leader role over their own place."""

from __future__ import annotations

import pytest

from xinfang.accounts.models import Role, User
from xinfang.casework import actions
from xinfang.casework.models import Leader, LeaderLevel
from xinfang.lib.errors import Invalid, NotAllowed


def _values(places, **extra):
    values = {"name": "王明", "post": "县委书记", "level": LeaderLevel.COUNTY,
              "region": places.zhongfang, "user": None}  # fmt: skip
    return {**values, **extra}


def test_an_administrator_adds_a_leader_on_the_staff_page(client, adam, places):
    client.force_login(adam)
    response = client.post(
        "/casework/leaders/new/",
        {"name": "王明", "post": "县委书记", "level": "county", "region": places.zhongfang.pk,
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Leader.objects.get().post == "县委书记"


def test_an_administrator_edits_a_leader(client, adam, places):
    leader = actions.save_leader(adam, **_values(places))
    client.force_login(adam)
    client.post(
        f"/casework/leaders/{leader.pk}/",
        {"name": "王明", "post": "县长", "level": "county", "region": places.zhongfang.pk},
    )
    leader.refresh_from_db()
    assert (leader.post, leader.is_active) == ("县长", False)


def test_the_leaders_page_is_for_administrators_only(client, cast, adam):
    client.force_login(cast.alice)
    assert client.get("/casework/leaders/").status_code == 404


def test_only_an_administrator_saves_a_leader(cast, places):
    with pytest.raises(NotAllowed, match="只有管理员"):
        actions.save_leader(cast.alice, **_values(places))


def test_a_level_must_match_the_place(adam, places):
    with pytest.raises(Invalid, match="县级领导的所在地区应为县级区划"):
        actions.save_leader(adam, **_values(places, region=places.city))


def test_a_login_must_have_the_leader_role(adam, cast, places):
    with pytest.raises(Invalid, match="角色不是“领导”"):
        actions.save_leader(adam, **_values(places, user=cast.carol))


def test_a_logins_scope_must_be_the_leaders_place(adam, places):
    user = User.objects.create_user("wang", role=Role.LEADER, region=places.hecheng)
    with pytest.raises(Invalid, match="管辖区划应为中方县"):
        actions.save_leader(adam, **_values(places, user=user))


def test_a_refusal_shows_on_the_staff_page_in_words(client, adam, places):
    client.force_login(adam)
    page = client.post(
        "/casework/leaders/new/",
        {"name": "王明", "post": "县委书记", "level": "city", "region": places.zhongfang.pk},
    ).content.decode()
    assert "市级领导的所在地区应为市级区划" in page
    assert not Leader.objects.exists()


def test_the_admin_site_saves_through_the_action(client, adam, places):
    adam.is_staff = adam.is_superuser = True
    adam.save()
    client.force_login(adam)
    response = client.post(
        "/admin/casework/leader/add/",
        {"name": "王明", "post": "县委书记", "level": "city", "region": places.zhongfang.pk},
    )
    assert "市级领导的所在地区应为市级区划" in response.content.decode()
    client.post(
        "/admin/casework/leader/add/",
        {"name": "王明", "post": "县委书记", "level": "county", "region": places.zhongfang.pk,
         "is_active": "on"},
    )  # fmt: skip
    assert Leader.objects.get().region == places.zhongfang
