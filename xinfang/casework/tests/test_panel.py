"""The case page's 领导包案与批示 panel: the owner and clock for everyone who may see the case,
the forms for leaders, the answer form for the handlers."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.casework import actions
from xinfang.casework.models import Instruction, Ownership

HX = {"HX-Request": "true"}


def _panel(client, petition) -> str:
    return client.get(f"/casework/cases/{petition.number}/panel/").content.decode()


def test_the_case_page_loads_the_panel(client, cast, forwarded):
    client.force_login(cast.alice)
    page = client.get(forwarded.get_absolute_url()).content.decode()
    assert f"/casework/cases/{forwarded.number}/panel/" in page


def test_the_panel_shows_the_owner_and_the_clock(client, cast, leaders, forwarded, places):
    actions.own_matter(
        cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing, target_workdays=20
    )
    client.force_login(cast.dave)
    page = _panel(client, forwarded)
    assert "Hugo</strong>（区长）" in page and "2026-04-08（20个工作日）" in page
    assert "剩余20个工作日" in page


def test_a_leader_owns_the_case_from_the_panel(client, cast, leaders, forwarded, places):
    client.force_login(cast.hugo)
    response = client.post(
        f"/casework/cases/{forwarded.number}/own/",
        {"leader": leaders.hugo.pk, "unit": places.housing.pk, "target_on": "2026-04-30"},
        headers=HX,
    )
    assert "2026-04-30" in response.content.decode()
    assert Ownership.objects.get(matter=forwarded.matter).leader == leaders.hugo


def test_a_refused_ownership_shows_the_reason_on_the_form(client, cast, leaders, forwarded, places):
    client.force_login(cast.hugo)
    response = client.post(
        f"/casework/cases/{forwarded.number}/own/",
        {"leader": leaders.hugo.pk, "unit": places.housing.pk},
        headers=HX,
    )
    assert "二选一" in response.content.decode()
    assert not Ownership.objects.exists()


def test_a_leader_writes_an_instruction_from_the_panel(client, cast, leaders, forwarded):
    client.force_login(cast.hugo)
    response = client.post(
        f"/casework/cases/{forwarded.number}/instruct/",
        {"text": "请三日内回复。", "answer_by": "2026-03-13"},
        headers=HX,
    )
    assert "请三日内回复。" in response.content.decode()
    assert Instruction.objects.get().answer_by == dt.date(2026, 3, 13)


def test_the_panel_offers_leaders_forms_only_to_leaders(client, cast, leaders, forwarded):
    client.force_login(cast.alice)
    assert "instruction-form" not in _panel(client, forwarded)
    client.force_login(cast.hugo)
    assert "instruction-form" in _panel(client, forwarded)


@pytest.fixture
def instruction(cast, leaders, forwarded):
    return actions.write_instruction(
        cast.hugo, forwarded.matter, text="请回复。", answer_by=dt.date(2026, 3, 13)
    )


def test_the_handler_answers_from_the_panel(client, cast, forwarded, instruction):
    client.force_login(cast.dave)
    assert "回复批示" in _panel(client, forwarded)
    response = client.post(
        f"/casework/cases/{forwarded.number}/instructions/{instruction.pk}/answer/",
        {"answer": "已约谈物业。"},
        headers=HX,
    )
    assert "已约谈物业。" in response.content.decode()
    instruction.refresh_from_db()
    assert instruction.answered_by == cast.dave


def test_an_empty_answer_is_refused_in_words(client, cast, forwarded, instruction):
    client.force_login(cast.dave)
    response = client.post(
        f"/casework/cases/{forwarded.number}/instructions/{instruction.pk}/answer/",
        {"answer": ""},
        headers=HX,
    )
    assert "这个字段是必填项" in response.content.decode()
    instruction.refresh_from_db()
    assert instruction.answered_at is None


def test_a_form_sent_without_htmx_goes_back_to_the_case_page(client, cast, forwarded, instruction):
    client.force_login(cast.dave)
    response = client.post(
        f"/casework/cases/{forwarded.number}/instructions/{instruction.pk}/answer/",
        {"answer": "已约谈物业。"},
    )
    assert response.status_code == 302 and response.url == forwarded.get_absolute_url()
