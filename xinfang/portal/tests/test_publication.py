"""Publication (公开信件): a consented petition is published by staff after they review its
redacted text; the board and Open311 serve and search only that stored, redacted copy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from xinfang.conftest import VALID_ID
from xinfang.intake.actions import void_petition
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError
from xinfang.petitions.drafts import PetitionerDraft
from xinfang.petitions.redaction import redact
from xinfang.portal.actions import publish
from xinfang.portal.models import Publication
from xinfang.portal.queries import public_petitions

TYPED = (
    "我叫欧阳秀梅，身份证43120219850712002X，手机139 7450 9876，座机0745-2234567，"
    "住鹤城区迎丰路88号3栋2单元501室，车牌湘N·A1234被拖走，工资卡6222021234567890123。"
    "小区3栋电梯停运半年。"
)
SECRETS = ("欧阳秀梅", "43120219850712002X", "139 7450 9876", "0745-2234567", "迎丰路88号",
           "湘N·A1234", "6222021234567890123", "2单元501室")  # fmt: skip


@pytest.fixture
def consented(register):
    return register(
        consent_public=True, content=TYPED,
        petitioners=[PetitionerDraft(name="欧阳秀梅", id_number=VALID_ID, phone="13974509876",
                                     address="鹤城区迎丰路88号", is_main=True)],
    )  # fmt: skip


@pytest.mark.parametrize("secret", SECRETS)
def test_redaction_blanks_each_kind_of_particular(secret):
    assert secret not in redact(TYPED, ["欧阳秀梅"])


def test_redaction_keeps_the_substance():
    assert "电梯停运半年" in redact(TYPED, ["欧阳秀梅"])


def test_the_petitioners_registered_name_is_blanked():
    assert redact("张建国说物业不管", ["张建国"]) == "＊＊＊说物业不管"


def test_publishing_stores_the_redacted_text(cast, consented):
    publication = publish(cast.alice, consented)
    stored = Publication.objects.get(pk=publication.pk)
    for secret in SECRETS:
        assert secret not in stored.content
    assert stored.published_by == cast.alice


def test_publishing_at_a_given_moment_dates_the_publication_then(cast, consented):
    moment = dt.datetime(2026, 3, 9, 16, 30, tzinfo=timesource.SHANGHAI)
    assert publish(cast.alice, consented, at=moment).published_at == moment


def test_an_unpublished_petition_is_not_on_the_board(consented):
    page = Client().get("/portal/board/").content.decode()
    assert consented.number not in page
    assert Client().get(f"/portal/board/{consented.number}/").status_code == 404


def test_the_board_searches_only_the_published_text(cast, consented):
    publish(cast.alice, consented)
    client = Client()
    assert consented.number in client.get("/portal/board/", {"q": "电梯"}).content.decode()
    for typed in ("欧阳秀梅", "13974509876", "迎丰路88号", "6222021234567890123"):
        page = client.get("/portal/board/", {"q": typed}).content.decode()
        assert consented.number not in page, typed


def test_open311_serves_the_published_text(cast, consented):
    publish(cast.alice, consented)
    body = Client().get(f"/open311/v2/requests/{consented.number}.json").content.decode()
    assert "电梯停运半年" in body
    for secret in SECRETS:
        assert secret not in body


def test_staff_review_the_redacted_text_beside_the_original(client, cast, consented):
    client.force_login(cast.alice)
    page = client.get(f"/portal/publish/{consented.number}/").content.decode()
    redacted = page.split('id="redacted"')[1].split('id="original"')[0]
    assert "电梯停运半年" in redacted
    assert "13974509876" not in redacted and "欧阳秀梅" not in redacted
    response = client.post(f"/portal/publish/{consented.number}/")
    assert response.status_code == 302
    assert Publication.objects.filter(petition=consented).exists()


def test_staff_of_another_county_cannot_publish(client, cast, consented):
    client.force_login(cast.carol)
    assert client.post(f"/portal/publish/{consented.number}/").status_code == 404
    assert not Publication.objects.exists()


def test_an_accusation_is_never_published(cast, register):
    petition = register(is_accusation=True, consent_public=True)
    with pytest.raises(DomainError):
        publish(cast.alice, petition)


def test_a_petition_without_consent_is_never_published(cast, register):
    with pytest.raises(DomainError, match="未同意公开"):
        publish(cast.alice, register())


def test_a_voided_petition_leaves_the_board(cast, consented):
    publish(cast.alice, consented)
    void_petition(cast.alice, consented, reason="重复登记")
    assert not public_petitions().filter(pk=consented.pk).exists()
