from __future__ import annotations

import pytest
from django.test import Client

from xinfang.portal.actions import publish
from xinfang.workflow import actions
from xinfang.workflow.tests.conftest import ANSWER


@pytest.fixture
def public_answered(cast, places, register):
    matter = register(consent_public=True, title="小区电梯停运").matter
    actions.forward(cast.alice, matter, places.housing)
    actions.accept(cast.dave, matter, notice="已受理")
    actions.answer(cast.dave, matter, **ANSWER)
    return publish(cast.alice, matter.petitions.get()).petition


def test_it_lists_consented_petitions_on_the_board(public_answered, client):
    assert public_answered.title in client.get("/portal/board/").content.decode()


def test_it_shows_the_official_answer_on_the_board(public_answered, client):
    html = client.get(f"/portal/board/{public_answered.number}/").content.decode()
    assert ANSWER["text"] in html


def test_it_keeps_unconsented_petitions_off_the_board(cast, register, client):
    petition = register(title="不公开的信件")
    assert petition.title not in client.get("/portal/board/").content.decode()
    assert client.get(f"/portal/board/{petition.number}/").status_code == 404


def test_it_keeps_accusations_off_the_board_even_with_consent(cast, register, client):
    petition = register(title="检举某局长", is_accusation=True, consent_public=True)
    assert petition.title not in client.get("/portal/board/").content.decode()
    assert client.get(f"/portal/board/{petition.number}/").status_code == 404


def test_it_filters_the_board_by_class(public_answered, places, client):
    html = client.get("/portal/board/", {"content_class": places.wages.parent_id}).content.decode()
    assert public_answered.title not in html


def test_it_filters_the_board_by_place(public_answered, places, client):
    html = client.get("/portal/board/", {"region": places.zhongfang.pk}).content.decode()
    assert public_answered.title not in html


def test_it_blanks_personal_data_written_into_public_text(cast, register, client):
    petition = register(
        consent_public=True, content="我是张建国，电话13807451234，身份证431202199003070019。"
    )
    publish(cast.alice, petition)
    html = client.get(f"/portal/board/{petition.number}/").content.decode()
    assert "张建国" not in html and "13807451234" not in html and "431202199003070019" not in html


def test_it_shows_the_contact_card(places, client):
    assert places.hecheng_bureau.name in client.get("/portal/contact/").content.decode()


def test_it_explains_the_procedure_and_its_limits(db, client):
    html = client.get("/portal/guide/").content.decode()
    assert "60日" in html and "办理程序" in html


def test_it_links_the_leaders_reception_schedule(db, client):
    assert "/portal/receptions/" in client.get("/portal/").content.decode()
    assert "近期暂无公布的领导接访安排" in client.get("/portal/receptions/").content.decode()


def test_it_uses_its_own_mobile_layout(db, client):
    html = client.get("/portal/").content.decode()
    assert "portal.css" in html and "width=device-width" in html
    assert "sidenav" not in html


def test_it_needs_no_login(db):
    assert Client().get("/portal/submit/").status_code == 200
