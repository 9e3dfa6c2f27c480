"""系统管理 in the staff UI: administrators add and change users within their region, keep
units' contact details and the holidays; nobody else reaches it.

adam is the city's administrator (casework's cast); hank administers 中方县 only."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.accounts.models import Role, User
from xinfang.holidays.models import DayOverride


@pytest.fixture
def hank(places):
    return User.objects.create_user(
        "hank", password="pw-hank", role=Role.ADMIN, unit=places.zhongfang_bureau,
        region=places.zhongfang,
    )  # fmt: skip


def _new_user(client, **extra):
    data = {
        "username": "lily", "full_name": "李莉", "role": Role.REGISTRAR,
        "unit": extra.pop("unit"), "region": extra.pop("region", ""), "phone": "13807450001",
        "email": "", "is_active": "on", **extra,
    }  # fmt: skip
    return client.post("/console/users/new/", data)


def test_an_administrator_adds_a_user_and_sees_the_password_once(client, adam, places):
    client.force_login(adam)
    response = _new_user(client, unit=places.hecheng_bureau.pk, region=places.hecheng.pk)
    password = response.context["password"]
    lily = User.objects.get(username="lily")
    assert lily.check_password(password) and lily.phone == "+8613807450001"
    assert "只显示这一次" in response.content.decode()


def test_a_bureau_user_must_see_the_bureaus_place(client, adam, places):
    client.force_login(adam)
    response = _new_user(client, unit=places.hecheng_bureau.pk, region=places.zhongfang.pk)
    assert "管辖区划应为鹤城区或其下级" in response.content.decode()
    assert not User.objects.filter(username="lily").exists()


def test_a_county_administrator_cannot_add_a_user_elsewhere(client, hank, places):
    client.force_login(hank)
    response = _new_user(client, unit=places.hecheng_bureau.pk, region=places.hecheng.pk)
    assert response.status_code == 200 and not User.objects.filter(username="lily").exists()


def test_a_county_administrator_does_not_see_other_counties_users(client, hank, cast):
    client.force_login(hank)
    page = client.get("/console/users/").content.decode()
    assert "Carol" in page and "Bob" not in page
    assert client.get(f"/console/users/{cast.bob.pk}/").status_code == 404


def test_an_administrator_cannot_demote_themselves(client, adam):
    client.force_login(adam)
    response = client.post(f"/console/users/{adam.pk}/", {
        "full_name": "Adam", "role": Role.HANDLER, "unit": adam.unit_id,
        "region": adam.region_id, "is_active": "on",
    })  # fmt: skip
    assert "不能取消自己的管理员角色" in response.content.decode()


def test_a_password_reset_changes_the_password(client, adam, cast):
    client.force_login(adam)
    response = client.post(f"/console/users/{cast.bob.pk}/password/")
    cast.bob.refresh_from_db()
    assert cast.bob.check_password(response.context["password"])
    assert not cast.bob.check_password("pw-bob")


def test_a_units_contact_details_are_kept(client, adam, places):
    client.force_login(adam)
    client.post(f"/console/units/{places.hecheng_bureau.pk}/", {
        "phone": "0745-2712345", "address": "鹤城区迎丰中路1号", "hours": "工作日 8:00-12:00",
        "duties": "受理群众来信来访", "is_active": "on",
    })  # fmt: skip
    places.hecheng_bureau.refresh_from_db()
    assert places.hecheng_bureau.address == "鹤城区迎丰中路1号"


def test_a_bad_phone_is_refused_with_what_to_type(client, adam, places):
    client.force_login(adam)
    response = client.post(
        f"/console/units/{places.hecheng_bureau.pk}/", {"phone": "call me", "is_active": "on"}
    )
    assert "如：0745-2712345" in response.content.decode()


def test_an_administrator_enters_a_holiday(client, adam):
    client.force_login(adam)
    client.post("/console/days/", {"date": "2027-10-08", "is_workday": "0", "note": "国庆调整"})
    day = DayOverride.objects.get(date=dt.date(2027, 10, 8))
    assert not day.is_workday
    client.post("/console/days/2027-10-08/clear/")
    assert not DayOverride.objects.exists()


@pytest.mark.parametrize("name", ["alice", "bob", "dave"])
def test_no_one_else_reaches_the_console(client, cast, name):
    client.force_login(getattr(cast, name))
    assert client.get("/console/users/").status_code == 404


def test_the_menu_leads_an_administrator_to_the_console(client, adam):
    client.force_login(adam)
    assert 'href="/console/"' in client.get("/").content.decode()
