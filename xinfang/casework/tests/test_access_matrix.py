"""The casework access matrix: a county's leader sees and acts on the county's owned cases and
instructions only, at every door (the case panel, the workbench, the counts, the forms, the
actions, the admin site); the city leader sees both counties. The rule is the case core's
(petitions.queries.visibility), applied by casework.queries.

Cast (xinfang/casework/tests/conftest.py): lena, city leader; hugo, 鹤城区 leader; zoe,
中方县 leader; bob, 鹤城区 bureau handler; carol, 中方县 bureau handler.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from xinfang.casework import actions
from xinfang.casework.models import Instruction, Ownership
from xinfang.lib.errors import NotAllowed

PEOPLE = ("lena", "hugo", "zoe", "bob", "carol")
SEES = {"鹤城区": {"lena", "hugo", "bob"}, "中方县": {"lena", "zoe", "carol"}}
MATRIX = [(who, county) for county in SEES for who in PEOPLE]


@pytest.fixture
def owned(cast, leaders, register, places):
    """Each county's case owned by its leader, with an instruction waiting for an answer."""
    found = {}
    for county, region, who in (("鹤城区", places.hecheng, "hugo"),
                                ("中方县", places.zhongfang, "zoe")):  # fmt: skip
        petition = register(region=region, title=f"{county}电梯停运")
        actions.own_matter(
            getattr(cast, who), petition.matter, leader=getattr(leaders, who),
            unit=places.housing, target_workdays=20,
        )  # fmt: skip
        actions.write_instruction(
            getattr(cast, who), petition.matter, text=f"{county}：请回复。",
            answer_by=dt.date(2026, 3, 13),
        )  # fmt: skip
        found[county] = petition
    return found


@pytest.mark.parametrize(("who", "county"), MATRIX)
def test_the_case_panel(client, cast, owned, who, county):
    client.force_login(getattr(cast, who))
    response = client.get(f"/casework/cases/{owned[county].number}/panel/")
    assert response.status_code == (200 if who in SEES[county] else 404)


@pytest.mark.parametrize(("who", "county"), MATRIX)
def test_the_workbench_and_counts(client, cast, owned, who, county):
    """A leader's workbench lists the own county's case; the counts page counts only what
    the viewer may see."""
    client.force_login(getattr(cast, who))
    bench = client.get("/casework/")
    if who in ("hugo", "zoe"):
        page = bench.content.decode()
        own = (who, county) in (("hugo", "鹤城区"), ("zoe", "中方县"))
        assert (owned[county].matter.number in page) == own
        assert (f"{county}：请回复。" in page) == own
    rows = client.get("/casework/counts/").context["rows"]
    counted = sum(r.counts.owned for r in rows if r.leader.region.name == county)
    assert counted == (1 if who in SEES[county] else 0)


@pytest.mark.parametrize(("who", "county"), MATRIX)
def test_the_instruction_form(client, cast, owned, who, county):
    client.force_login(getattr(cast, who))
    before = Instruction.objects.count()
    response = client.post(
        f"/casework/cases/{owned[county].number}/instruct/", {"text": "越权批示。"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    wrote = Instruction.objects.count() > before
    if who not in SEES[county]:
        assert response.status_code == 404 and not wrote
    else:
        assert wrote == (who in ("lena", "hugo", "zoe"))


@pytest.mark.parametrize(("who", "county"), MATRIX)
def test_the_answer_form(client, cast, owned, who, county):
    instruction = Instruction.objects.get(matter=owned[county].matter)
    client.force_login(getattr(cast, who))
    response = client.post(
        f"/casework/cases/{owned[county].number}/instructions/{instruction.pk}/answer/",
        {"answer": "已处理。"}, headers={"HX-Request": "true"},
    )  # fmt: skip
    instruction.refresh_from_db()
    handler = who in ("bob", "carol") and who in SEES[county]
    assert (instruction.answered_at is not None) == handler
    if who not in SEES[county]:
        assert response.status_code == 404


@pytest.mark.parametrize(("who", "county"), [("hugo", "中方县"), ("zoe", "鹤城区")])
def test_the_actions(cast, leaders, owned, places, who, county):
    """Outside their county a leader may neither instruct nor own, whatever the door."""
    user, matter = getattr(cast, who), owned[county].matter
    with pytest.raises(NotAllowed):
        actions.write_instruction(user, matter, text="越权批示。")
    with pytest.raises(NotAllowed):
        actions.own_matter(
            user, matter, leader=getattr(leaders, who), unit=places.housing, target_workdays=5
        )


@pytest.mark.parametrize(("who", "county"), MATRIX)
def test_the_admin_site(client, cast, owned, who, county):
    user = getattr(cast, who)
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_ownership", "view_instruction"])
    )
    client.force_login(user)
    for model, row in (("ownership", Ownership), ("instruction", Instruction)):
        pk = row.objects.get(matter=owned[county].matter).pk
        status = client.get(f"/admin/casework/{model}/{pk}/change/").status_code
        assert (status == 200) == (who in SEES[county]), model
