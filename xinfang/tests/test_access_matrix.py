"""The access matrix across every door: for each member of the cast and each kind of case,
the case page, the case list, the API, the export command, the admin site and the
notifications agree with the one access rule (petitions.queries), and Open311 shows an
unpublished case to no one. (Statistics: stats/tests/test_confidential.py.)

The cast (xinfang/conftest.py): alice, city registrar authorised for 检举控告; frank, city
registrar not authorised; bob, 鹤城区 handler; carol, 中方县 handler; dave, the city housing
department (accused by the accusation below); erin, the city 纪委 (discipline inspection);
and at the city bureau, over the whole city, none authorised for 检举控告: lena the leader,
sam the supervisor, adam the administrator.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client

from xinfang.accounts.models import Role, User
from xinfang.api.actions import create_token
from xinfang.events.models import Notification
from xinfang.petitions import actions
from xinfang.petitions.queries import visible_petitions
from xinfang.workflow import actions as workflow

CAST = ("alice", "frank", "bob", "carol", "dave", "erin", "lena", "sam", "adam")
# Who may see each case, as the rule says (petitions.queries.visibility).
SEES = {
    # 问题属地 鹤城区, registered by the city bureau
    "county case": {"alice", "frank", "bob", "lena", "sam", "adam"},
    "accusation": {"alice"},  # accuses the housing department; not yet with the 纪委
    "accusation with the 纪委": {"alice", "erin"},
}


@pytest.fixture
def everyone(cast, places):
    """The conftest cast and the city bureau's leader, supervisor and administrator."""
    for name, role in (("lena", Role.LEADER), ("sam", Role.SUPERVISOR), ("adam", Role.ADMIN)):
        setattr(cast, name, User.objects.create_user(
            name, password="x", role=role, unit=places.city_bureau, region=places.city,
        ))  # fmt: skip
    return cast


@pytest.fixture
def cases(register, places, cast, everyone):
    county = register()
    accusation = register(
        is_accusation=True, purpose="accuse", accused_unit=places.housing, accused_name="某科长",
        title="举报某科长收受好处费", content="某科长在审批中收受好处费。",
    )  # fmt: skip
    with_discipline = register(
        is_accusation=True, purpose="accuse", accused_unit=places.housing, accused_name="某股长",
        title="举报某股长违规审批", content="某股长违规审批项目。",
    )  # fmt: skip
    actions.assign_to_unit(cast.alice, with_discipline.matter, places.discipline)
    return {"county case": county, "accusation": accusation,
            "accusation with the 纪委": with_discipline}  # fmt: skip


MATRIX = [(who, case) for case in SEES for who in CAST]


def _expected(who: str, case: str) -> bool:
    return who in SEES[case]


@pytest.mark.parametrize(("who", "case"), MATRIX)
def test_the_case_page(client, cast, cases, who, case):
    client.force_login(getattr(cast, who))
    status = client.get(cases[case].get_absolute_url()).status_code
    assert status == (200 if _expected(who, case) else 404)


@pytest.mark.parametrize(("who", "case"), MATRIX)
def test_the_case_list(client, cast, cases, who, case):
    client.force_login(getattr(cast, who))
    page = client.get("/petitions/").content.decode()
    assert (cases[case].number in page) == _expected(who, case)


@pytest.mark.parametrize(("who", "case"), MATRIX)
def test_the_search_box(client, cast, cases, who, case):
    """Searching by the petitioner's phone finds the case exactly for those who may see it."""
    client.force_login(getattr(cast, who))
    page = client.get("/petitions/", {"q": "13807451234"}, headers={"HX-Request": "true"})
    assert (cases[case].number in page.content.decode().split("<table", 1)[1]) == _expected(
        who, case
    )


@pytest.mark.parametrize(("who", "case"), MATRIX)
def test_the_list_export(client, cast, cases, who, case):
    """The list's file carries what the list shows, never a 检举控告."""
    client.force_login(getattr(cast, who))
    exported = cases[case].number in client.get("/petitions/export.csv").content.decode()
    assert exported == (_expected(who, case) and case == "county case")


# Who may void each case (作废): alice registered them all and is within her window; sam
# supervises the city bureau and covers the county case; frank registered none of them; the
# leader and the administrator do not correct registrations.
VOIDS = {"county case": {"alice", "sam"}, "accusation": {"alice"},
         "accusation with the 纪委": {"alice"}}  # fmt: skip


@pytest.mark.parametrize(("who", "case"), MATRIX)
def test_voiding_on_the_case_page(client, cast, cases, who, case):
    """Those who may not see the case get 404; those who see it but may not void it are
    refused; the allowed void it."""
    client.force_login(getattr(cast, who))
    response = client.post(f"/petitions/{cases[case].number}/void/", {"reason": "重复登记"})
    assert response.status_code == (302 if _expected(who, case) else 404)
    cases[case].refresh_from_db()
    assert cases[case].is_voided == (who in VOIDS[case])


@pytest.mark.parametrize(("who", "case"), MATRIX)
def test_voiding_through_the_api(client, cast, cases, who, case):
    token = create_token(getattr(cast, who))[1]
    response = client.post(
        f"/api/v1/petitions/{cases[case].number}/void", {"reason": "重复登记"},
        content_type="application/json", headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    allowed = who in VOIDS[case]
    assert response.status_code == (200 if allowed else 403 if _expected(who, case) else 404)


@pytest.mark.parametrize(("who", "case"), MATRIX)
def test_the_api(client, cast, cases, who, case):
    token = create_token(getattr(cast, who))[1]
    response = client.get(
        f"/api/v1/petitions/{cases[case].number}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == (200 if _expected(who, case) else 404)


@pytest.mark.parametrize(("who", "case"), MATRIX)
def test_the_export_command(tmp_path, cast, cases, who, case):
    """Exports never carry a 检举控告, even for those who may open it on screen."""
    path = tmp_path / "export.csv"
    call_command("export", "petitions", user=who, output=str(path), stdout=io.StringIO())
    with open(path, encoding="utf-8-sig") as fh:
        numbers = {row[1] for row in list(csv.reader(fh))[1:]}
    exported = cases[case].number in numbers
    assert exported == (_expected(who, case) and case == "county case")


@pytest.mark.parametrize("case", list(SEES))
def test_open311_shows_an_unpublished_case_to_no_one(db, cases, case):
    number = cases[case].number
    response = Client().get(f"/open311/v2/requests/{number}.json")
    missing = Client().get("/open311/v2/requests/431200-2026-999999.json")
    assert response.status_code == missing.status_code == 404
    assert response.content.replace(number.encode(), b"N") == missing.content.replace(
        b"431200-2026-999999", b"N"
    )


@pytest.mark.parametrize("case", list(SEES))
def test_notifications_reach_only_those_who_may_open_the_case(cast, cases, places, case):
    """The case is forwarded (the county case to housing, an accusation to the 纪委, the
    only lawful place for it); whoever was told of it may open it, the accused never."""
    matter = cases[case].matter
    target = places.housing if case == "county case" else places.discipline
    if case != "accusation with the 纪委":
        workflow.forward(cast.alice, matter, unit=target)
    told = Notification.objects.filter(event__matter=matter).select_related("recipient")
    assert told.exists()
    for note in told:
        assert cases[case] in visible_petitions(note.recipient), note.recipient.username
    if case != "county case":
        assert not told.filter(recipient=cast.dave).exists()


@pytest.mark.parametrize(("who", "case"), MATRIX)
def test_the_admin_site(client, cast, cases, who, case):
    """As if each were given the admin site with the right to view petitions."""
    user = getattr(cast, who)
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename="view_petition"))
    client.force_login(user)
    response = client.get(f"/admin/petitions/petition/{cases[case].pk}/change/")
    listed = cases[case].number in client.get("/admin/petitions/petition/").content.decode()
    assert listed == _expected(who, case)
    assert (response.status_code == 200) == _expected(who, case)
