"""The dashboard: who may see it, and a county user sees only their county."""

from __future__ import annotations

import datetime as dt

from xinfang.accounts.models import Role, User


def test_it_shows_the_city_figures_to_a_city_registrar(client, cast, on_day):
    on_day(dt.date(2026, 1, 5))
    client.force_login(cast.alice)
    response = client.get("/stats/")
    assert response.status_code == 200
    assert response.context["cards"][0]["value"] == 1
    assert "全部信访件" in response.content.decode()  # the definition is on screen


def test_a_county_user_sees_only_their_county(client, cast, places, on_day):
    on_day(dt.date(2026, 1, 5), region=places.hecheng)
    on_day(dt.date(2026, 1, 6), region=places.zhongfang)
    client.force_login(cast.carol)
    response = client.get("/stats/")
    assert response.context["region"] == places.zhongfang
    assert response.context["cards"][0]["value"] == 1


def test_a_county_user_cannot_ask_for_the_city(client, cast, places):
    client.force_login(cast.carol)
    assert client.get(f"/stats/?region={places.city.pk}").status_code == 404


def test_a_department_handler_is_told_it_is_not_for_them(client, cast):
    client.force_login(cast.dave)
    assert client.get("/stats/").status_code == 403


def test_a_leader_may_look(client, places):
    leader = User.objects.create_user(
        "lei", password="x", role=Role.LEADER, unit=places.housing, region=places.city
    )
    client.force_login(leader)
    assert client.get("/stats/").status_code == 200


def test_figures_link_to_the_petitions_behind_them(client, cast, places, on_day):
    on_day(dt.date(2026, 1, 5), channel="letter")
    client.force_login(cast.alice)
    card = next(c for c in client.get("/stats/").context["cards"] if c["key"] == "letter_items")
    assert card["url"].startswith("/petitions/?")
    assert "channel=letter" in card["url"] and f"region={places.city.pk}" in card["url"]
    assert "received_from=2026-01-01" in card["url"]
    listed = client.get(card["url"])
    assert listed.context["page"].paginator.count == 1


def test_the_excel_download_is_limited_to_the_scope(client, cast, places):
    client.force_login(cast.carol)
    ok = client.get("/stats/export/statistics.xlsx?year=2026&month=2")
    assert ok.status_code == 200 and ok["Content-Disposition"].endswith('.xlsx"')
    assert client.get(f"/stats/export/statistics.csv?region={places.city.pk}").status_code == 404


def test_the_city_dashboard_draws_its_counties_from_the_built_map(client, cast):
    client.force_login(cast.alice)
    url = client.get("/stats/").context["charts"]["map"]
    assert url.endswith(".json") and "maps/431200" in url


def test_a_county_dashboard_has_no_county_map(client, cast):
    client.force_login(cast.carol)
    assert client.get("/stats/").context["charts"]["map"] is None
