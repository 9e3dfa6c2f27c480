"""Nothing personal leaves through the portal or Open311: every public page and answer is
searched for the petitioners' names, ID numbers and phones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from xinfang.accounts.models import Role, User
from xinfang.casework.actions import save_leader
from xinfang.intake.actions import register_petition
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.portal.actions import publish
from xinfang.receptions import actions as receptions
from xinfang.workflow import actions
from xinfang.workflow.tests.conftest import ANSWER

SECRET_ID = "43120219850712002X"
OTHER = PetitionerDraft(
    name="欧阳秀梅",
    id_number=SECRET_ID,
    phone="13974509876",
    address="鹤城区迎丰路88号",
    is_main=True,
)


@pytest.fixture
def cases(cast, places, register):
    public = register(
        consent_public=True, petitioners=[OTHER], content="欧阳秀梅反映：电话13974509876。"
    )
    accusation = register(is_accusation=True, consent_public=True, title="检举某局长受贿", petitioners=[
        PetitionerDraft(name="司马长风", id_number="431202199003070019", phone="13807451234", is_main=True)])  # fmt: skip
    for matter in (public.matter,):
        actions.forward(cast.alice, matter, places.housing)
        actions.accept(cast.dave, matter, notice="已受理")
        actions.answer(cast.dave, matter, **ANSWER)
    publish(cast.alice, public)
    return public, accusation


SECRETS = (
    "欧阳秀梅",
    SECRET_ID,
    "13974509876",
    "9876",
    "迎丰路88号",
    "司马长风",
    "431202199003070019",
    "13807451234",
    "检举某局长受贿",
)


def _pages(public, accusation):
    v2 = "/open311/v2"
    return [
        "/portal/", "/portal/board/", f"/portal/board/{public.number}/", "/portal/contact/",
        "/portal/guide/", "/portal/submit/", "/portal/lookup/",
        "/open311/discovery.json", f"{v2}/services.json", f"{v2}/services/1205.json",
        f"{v2}/requests.json", f"{v2}/requests.xml", f"{v2}/requests/{public.number}.json",
        f"{v2}/requests.json?service_request_id={public.number},{accusation.number}",
    ]  # fmt: skip


def test_it_shows_no_personal_data_on_any_public_page(cases):
    client = Client()
    public, accusation = cases
    v2 = "/open311/v2"
    hidden = [f"{v2}/requests/{accusation.number}.json", f"{v2}/requests/{accusation.number}.xml"]
    for url in _pages(*cases) + hidden:
        response = client.get(url)
        assert response.status_code == (404 if url in hidden else 200), url
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (url, secret)


def test_the_reception_schedule_shows_no_bookers_nor_session_records(cast, places):
    """A published 约访 with a booking by the petitioner above, and a held reception with an
    accusation registered at it: the public schedule and booking page name neither."""
    admin = User.objects.create_user("root", role=Role.ADMIN, unit=places.city_bureau)
    leader = save_leader(admin, name="李市长", post="副市长", level="city", region=places.city)
    slot = dict(starts_at=dt.time(9), ends_at=dt.time(11), place="市民之家三楼")
    booked = receptions.schedule_reception(
        cast.alice, leader=leader, form="appointment", date=dt.date(2026, 3, 16), slots=3, **slot
    )
    receptions.publish_reception(cast.alice, booked)
    receptions.book("nonce-1", booked, name=OTHER.name, phone=OTHER.phone, topic="迎丰路88号漏水")
    held = receptions.schedule_reception(
        cast.alice, leader=leader, form="open", date=dt.date(2026, 3, 10), **slot
    )
    accusation = register_petition(cast.alice, PetitionDraft(
        channel="visit", received_on=dt.date(2026, 3, 10), level="city", region=places.hecheng,
        content_class=places.urban, title="检举某局长受贿", content="检举某局长收受贿赂。",
        demands="", purpose="accuse", is_accusation=True, accused_name="某局长", petitioners=[
            PetitionerDraft(name="司马长风", id_number="431202199003070019", phone="13807451234",
                            is_main=True)],
    )).petition  # fmt: skip
    receptions.link_petition(cast.alice, held, accusation)
    receptions.record_session(cast.alice, held, batches=1, people=1, instructions="交办纪委监委")
    client = Client()
    for url in ("/portal/receptions/", f"/portal/receptions/{booked.pk}/book/"):
        body = client.get(url).content.decode()
        assert "市民之家三楼" in body, url
        for secret in (*SECRETS, "交办纪委监委", accusation.number):
            assert secret not in body, (url, secret)
