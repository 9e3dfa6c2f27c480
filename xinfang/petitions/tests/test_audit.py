"""Looking at personal data needs a reason, and supervisors see every look in their scope."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from xinfang.accounts.models import Role, User
from xinfang.events.models import Event, EventKind


@pytest.fixture
def sam(places):
    """Sam supervises the whole city from the city bureau."""
    return User.objects.create_user(
        "sam", password="x", role=Role.SUPERVISOR, unit=places.city_bureau, region=places.city
    )


@pytest.fixture
def zoe(places):
    """Zoe supervises 中方县 only."""
    return User.objects.create_user(
        "zoe", password="x", role=Role.SUPERVISOR, unit=places.zhongfang_bureau,
        region=places.zhongfang,
    )  # fmt: skip


def _reveal(client, petition, field="id_number", reason="电话回访核实身份"):
    person = petition.petitioners.get()
    url = reverse("petitions:reveal", args=[petition.number, person.pk, field])
    # As htmx sends it: percent-encoded UTF-8.
    header = {"HX-Prompt": quote(reason)} if reason is not None else {}
    return client.post(url, headers=header)


def test_a_look_without_a_reason_shows_nothing_and_says_why(client, cast, register):
    petition = register()
    client.force_login(cast.alice)
    page = _reveal(client, petition, reason=None).content.decode()
    assert "431202199003070019" not in page and "请填写查看原因" in page
    assert not Event.objects.filter(kind=EventKind.PERSONAL_DATA_REVEALED).exists()


def test_the_reason_is_kept_with_the_look(client, cast, register):
    petition = register()
    client.force_login(cast.alice)
    assert "431202199003070019" in _reveal(client, petition).content.decode()
    event = Event.objects.get(kind=EventKind.PERSONAL_DATA_REVEALED)
    assert event.data["reason"] == "电话回访核实身份" and event.actor == cast.alice


def test_the_supervisor_sees_who_looked_and_why(client, cast, register, sam):
    petition = register()
    client.force_login(cast.alice)
    _reveal(client, petition)
    client.force_login(sam)
    page = client.get(reverse("petitions:audit")).content.decode()
    assert petition.number in page and "电话回访核实身份" in page and "Alice" in page


def test_a_supervisor_of_another_county_sees_no_look_at_a_case_outside_it(
    client, cast, register, zoe
):
    petition = register()  # 鹤城区
    client.force_login(cast.alice)
    _reveal(client, petition)
    client.force_login(zoe)
    page = client.get(reverse("petitions:audit")).content.decode()
    assert petition.number not in page and "没有符合条件的记录" in page


def test_looks_at_an_accusation_stay_hidden_from_a_supervisor_not_authorised(
    client, cast, register, sam
):
    accusation = register(is_accusation=True, accused_unit_name="某局")
    client.force_login(cast.alice)  # authorised for accusations at the city bureau
    _reveal(client, accusation)
    client.force_login(sam)
    assert accusation.number not in client.get(reverse("petitions:audit")).content.decode()


def test_a_handler_may_not_open_the_audit_page(client, cast):
    client.force_login(cast.bob)
    assert client.get(reverse("petitions:audit")).status_code == 404


def test_the_audit_filters_by_who_looked_and_exports_csv(client, cast, register, sam):
    petition = register()
    client.force_login(cast.alice)
    _reveal(client, petition)
    client.force_login(sam)
    none = client.get(reverse("petitions:audit"), {"actor": "carol"}).content.decode()
    assert petition.number not in none
    response = client.get(reverse("petitions:audit"), {"actor": "alice", "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert petition.number in text and "电话回访核实身份" in text


def test_the_audit_menu_is_shown_to_supervisors(client, sam, cast):
    client.force_login(sam)
    assert "查看记录" in client.get(reverse("home")).content.decode()
    client.force_login(cast.bob)
    assert "查看记录" not in client.get(reverse("home")).content.decode()
