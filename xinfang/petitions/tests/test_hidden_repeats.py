"""A matter may hold petitions some of its readers may not see (a 检举控告 joined to a matter
the accused unit handles; a follow-up letter to an accusation). Its pages and API answers
show such readers nothing of the hidden petitions: not their numbers, titles, petitioners or
count, nor the handling of the accusation (第30条)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from xinfang.api.actions import create_token
from xinfang.petitions.drafts import PetitionerDraft
from xinfang.workflow import actions
from xinfang.workflow.tests.conftest import at
from xinfang.workflow.tick import run_tick

ACCUSER = PetitionerDraft(
    name="司马长风", id_number="43120219850712002X", phone="13974500001", is_main=True
)
SECRET_TITLE = "检举住建局某科长收受物业公司好处"


def names(petition_number: str, text: str) -> bool:
    """Whether `text` names the petition (a matter number is SX + its first petition's)."""
    return re.search(r"(?<!SX)" + re.escape(petition_number), text) is not None


def api_get(client, user, path):
    token = create_token(user)[1]
    return client.get("/api/v1" + path, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def joined(cast, places, register):
    """A matter forwarded to the housing department (dave), then an accusation against that
    department registered as a repeat of it."""
    first = register()
    actions.forward(cast.alice, first.matter, places.housing)
    accusation = register(
        repeat_of=first.matter, is_accusation=True, purpose="accuse", title=SECRET_TITLE,
        accused_unit=places.housing, accused_name="某科长", petitioners=[ACCUSER],
    )  # fmt: skip
    return first, accusation


@pytest.fixture
def followed_up(cast, places, register):
    """An accusation about 鹤城区 (alice only), then a follow-up letter bob may see."""
    accusation = register(is_accusation=True, title=SECRET_TITLE, petitioners=[ACCUSER])
    actions.forward(cast.alice, accusation.matter, places.discipline)
    follow_up = register(repeat_of=accusation.matter, title="再次来信询问办理进度")
    return accusation, follow_up


def test_the_accused_units_case_page_shows_nothing_of_the_joined_accusation(client, cast, joined):
    first, accusation = joined
    client.force_login(cast.dave)
    response = client.get(reverse("petitions:detail", args=[first.number]))
    assert response.status_code == 200
    page = response.content.decode()
    assert not names(accusation.number, page)
    for secret in ("司马长风", SECRET_TITLE):
        assert secret not in page, secret
    assert response.context["matter"].shown_petition_count == 1


def test_the_api_timeline_shows_the_accused_unit_nothing_of_it(client, cast, joined):
    first, accusation = joined
    actions.accept(cast.dave, first.matter, notice="已受理")
    events = api_get(client, cast.dave, f"/matters/{first.matter.number}/timeline").json()
    assert not names(accusation.number, str(events))
    assert any(e["actor"] == cast.dave.display_name for e in events)  # its own part shows


def test_the_api_matter_counts_only_what_the_reader_may_see(client, cast, joined):
    first, _ = joined
    assert (
        api_get(client, cast.dave, f"/matters/{first.matter.number}").json()["petition_count"] == 1
    )
    assert (
        api_get(client, cast.alice, f"/matters/{first.matter.number}").json()["petition_count"] == 2
    )


def test_a_follow_up_does_not_show_the_accusations_title(client, cast, followed_up):
    accusation, follow_up = followed_up
    body = api_get(client, cast.bob, f"/matters/{follow_up.matter.number}").json()
    assert body["title"] == "再次来信询问办理进度"
    assert body["petition_count"] == 1
    client.force_login(cast.bob)
    page = client.get(reverse("petitions:detail", args=[follow_up.number])).content.decode()
    assert SECRET_TITLE not in page
    assert not names(accusation.number, page)
    assert "纪律检查委员会" not in page


def test_the_home_page_lists_a_pressing_follow_up_under_its_own_title(client, cast, followed_up):
    _, follow_up = followed_up
    with at(dt.date(2026, 3, 24)):
        run_tick()
        client.force_login(cast.bob)
        page = client.get(reverse("home")).content.decode()
    assert follow_up.matter.number in page
    assert SECRET_TITLE not in page


def test_the_authorised_registrar_still_sees_the_whole_record(client, cast, followed_up):
    accusation, follow_up = followed_up
    client.force_login(cast.alice)
    page = client.get(reverse("petitions:detail", args=[follow_up.number])).content.decode()
    assert names(accusation.number, page)
    assert "纪律检查委员会" in page


def test_a_county_handler_who_sees_only_the_follow_up_cannot_handle_the_accusation(
    cast, places, register
):
    from xinfang.lib.errors import NotAllowed
    from xinfang.workflow.queries import allowed_actions

    accusation = register(is_accusation=True, title=SECRET_TITLE, petitioners=[ACCUSER])
    register(repeat_of=accusation.matter, title="再次来信询问办理进度")
    assert allowed_actions(cast.bob, accusation.matter) == []
    with pytest.raises(NotAllowed):
        actions.forward(cast.bob, accusation.matter, places.housing)
    assert "forward" in allowed_actions(cast.alice, accusation.matter)
