"""Who sees what: a county its own figures and reports, the city every county; anyone
else is answered 404, as if the page did not exist."""

from __future__ import annotations

import datetime as dt

from xinfang.periods import actions
from xinfang.periods.tests.conftest import TODAY


def _zero(period, user, county):
    return actions.submit_report(user, period, county, day=TODAY, is_zero_report=True)


def test_a_county_clerk_goes_straight_to_their_countys_day(lianghui, cast, places, client):
    client.force_login(cast.bob)
    response = client.get(f"/periods/{lianghui.pk}/")
    assert response.status_code == 302
    assert response.url == f"/periods/{lianghui.pk}/counties/{places.hecheng.code}/"


def test_a_county_clerk_cannot_open_another_countys_day(lianghui, cast, places, client):
    client.force_login(cast.carol)
    response = client.get(f"/periods/{lianghui.pk}/counties/{places.hecheng.code}/")
    assert response.status_code == 404


def test_another_countys_clerk_gets_404_on_its_report(lianghui, cast, places, client):
    report = _zero(lianghui, cast.bob, places.hecheng)
    client.force_login(cast.carol)
    assert client.get(f"/periods/reports/{report.pk}/").status_code == 404


def test_a_county_clerk_reads_their_own_countys_report(lianghui, cast, places, client):
    report = _zero(lianghui, cast.bob, places.hecheng)
    client.force_login(cast.bob)
    assert "零报告（当日无情况）" in client.get(f"/periods/reports/{report.pk}/").content.decode()


def test_another_countys_clerk_cannot_post_its_report(lianghui, cast, places, client):
    client.force_login(cast.carol)
    response = client.post(
        f"/periods/{lianghui.pk}/counties/{places.hecheng.code}/report/",
        {"day": TODAY.isoformat(), "zero": "1"},
    )
    assert response.status_code == 404
    assert not lianghui.reports.exists()


def test_the_city_sees_every_countys_report(lianghui, cast, places, client):
    report = _zero(lianghui, cast.carol, places.zhongfang)
    client.force_login(cast.alice)
    assert client.get(f"/periods/reports/{report.pk}/").status_code == 200
    page = client.get(f"/periods/{lianghui.pk}/").content.decode()
    assert "鹤城区" in page and "中方县" in page


def test_a_period_of_another_county_is_not_seen(define, cast, places, client):
    period = define(regions=[places.zhongfang])
    client.force_login(cast.bob)
    assert client.get(f"/periods/{period.pk}/").status_code == 404
    assert period.name not in client.get("/periods/").content.decode()


def test_a_department_handler_works_no_periods(lianghui, cast, client):
    client.force_login(cast.dave)
    assert client.get("/periods/").status_code == 404
    assert client.get(f"/periods/{lianghui.pk}/").status_code == 404


def test_only_an_administrator_opens_the_period_form(lianghui, cast, adam, client):
    client.force_login(cast.alice)
    assert client.get("/periods/new/").status_code == 404
    assert client.get(f"/periods/{lianghui.pk}/edit/").status_code == 404
    client.force_login(adam)
    assert client.get("/periods/new/").status_code == 200


def test_the_menu_shows_the_periods_to_bureau_staff_only(cast, client):
    client.force_login(cast.bob)
    assert 'href="/periods/"' in client.get("/").content.decode()
    client.force_login(cast.dave)
    assert 'href="/periods/"' not in client.get("/").content.decode()


def test_a_county_period_starting_later_is_listed_as_coming(define, cast, client):
    define(name="清明特护期", kind="qingming", starts_on=dt.date(2026, 4, 3),
           ends_on=dt.date(2026, 4, 6))  # fmt: skip
    client.force_login(cast.bob)
    page = client.get("/periods/").content.decode()
    assert "即将开始" in page and "清明特护期" in page
