"""Who sees and changes agreements: the city all of them, a county only its own (404
otherwise) and its own rank without the other counties'; leaders read, never write."""

from __future__ import annotations

import pytest
from django.urls import reverse


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_county_leader_cannot_open_another_countys_agreement(client, hana, known_year):
    _, zhongfang = known_year
    response = _get(client, hana, reverse("assessment:detail", args=[zhongfang.pk]))
    assert response.status_code == 404


def test_a_county_leader_opens_its_own_countys_agreement(client, hana, known_year):
    hecheng, _ = known_year
    response = _get(client, hana, reverse("assessment:detail", args=[hecheng.pk]))
    assert response.status_code == 200
    assert "第 1 名 / 共 2 个" in response.content.decode()


def test_a_county_sees_its_rank_but_not_the_other_counties(client, hana, known_year):
    page = _get(client, hana, reverse("assessment:index") + "?year=2026").content.decode()
    assert "排第 <strong>1</strong> 名" in page
    assert "中方县" not in page


def test_the_city_leader_sees_every_countys_score(client, leo, known_year):
    page = _get(client, leo, reverse("assessment:index") + "?year=2026").content.decode()
    assert "鹤城区" in page and "中方县" in page
    assert "末位" in page


def test_a_handler_has_no_assessment_pages(client, cast, known_year):
    hecheng, _ = known_year
    assert _get(client, cast.bob, reverse("assessment:index")).status_code == 404
    assert (
        _get(client, cast.bob, reverse("assessment:detail", args=[hecheng.pk])).status_code == 404
    )


@pytest.mark.parametrize("name", ["edit", "goal"])
def test_a_leader_cannot_change_an_agreement(client, leo, known_year, name):
    hecheng, _ = known_year
    assert _get(client, leo, reverse(f"assessment:{name}", args=[hecheng.pk])).status_code == 404


def test_a_county_supervisor_cannot_change_its_own_countys_agreement(client, kai, known_year):
    hecheng, _ = known_year
    client.force_login(kai)
    response = client.post(
        reverse("assessment:goal", args=[hecheng.pk]),
        {"indicator": "total_persons", "comparator": "le", "value": "9999"},
    )
    assert response.status_code == 404
    assert hecheng.goals().get(indicator="total_persons").value == 120


def test_the_menu_offers_目标考核_to_leaders_and_not_to_handlers(client, leo, cast, places):
    assert "目标考核" in _get(client, leo, reverse("home")).content.decode()
    assert "目标考核" not in _get(client, cast.bob, reverse("home")).content.decode()
