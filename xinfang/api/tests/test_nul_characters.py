"""A NUL character in any parameter is refused with 400 on every interface, before a query
sees it (PostgreSQL cannot store or compare one in text, so it used to be a 500 there)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from xinfang.petitions.models import Petition


@pytest.fixture
def clerk(client, cast):
    client.force_login(cast.alice)
    return client


def test_a_staff_page_answers_400_saying_which_parameter(clerk):
    response = clerk.get("/petitions/", {"q": "电梯\x00"})
    assert response.status_code == 400
    assert "参数“q”含有空字符" in response.content.decode()


def test_a_staff_form_with_a_nul_saves_nothing(clerk, cast):
    response = clerk.post("/petitions/new/", {"title": "小区\x00电梯"})
    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_open311_answers_its_own_error_list(db):
    response = Client().get("/open311/v2/requests.json", {"service_code": "\x00"})
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400
    assert "service_code" in response.json()[0]["description"]


def test_the_api_answers_its_error_shape_naming_the_body(client, token, petition_body):
    petition_body["title"] = "电梯\x00停运"
    response = client.post(
        "/api/v1/petitions", data=json.dumps(petition_body), content_type="application/json",
        headers={"Authorization": f"Bearer {token()}"},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "body", "code": "nul_character", "message": "参数“body”含有空字符（\\x00），请删除后重试",
    }  # fmt: skip
    assert not Petition.objects.exists()


def test_a_literal_backslash_u0000_typed_in_a_text_is_not_a_nul(client, token, petition_body):
    petition_body["content"] = "日志里写着 \\u0000 字样"
    response = client.post(
        "/api/v1/petitions", data=json.dumps(petition_body), content_type="application/json",
        headers={"Authorization": f"Bearer {token()}"},
    )  # fmt: skip
    assert response.status_code == 201
