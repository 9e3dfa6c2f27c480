from __future__ import annotations

import pytest
from django.db import connection

from xinfang.api.actions import once
from xinfang.conftest import at_once
from xinfang.intake.actions import register_petition
from xinfang.petitions.models import Petition


def test_it_registers_a_petition_and_returns_the_query_code(api, petition_body):
    response = api("post", "/petitions", json=petition_body)
    assert response.status_code == 201
    body = response.json()
    assert Petition.objects.get(number=body["number"])
    assert len(body["query_code"]) == 8


def test_it_masks_personal_data_in_answers(api, petition_body):
    body = api("post", "/petitions", json=petition_body).json()
    assert body["petitioners"][0]["phone"] == "138****1234"
    assert "19900307" not in body["petitioners"][0]["id_number"]


def test_it_registers_once_per_idempotency_key(api, petition_body):
    headers = {"Idempotency-Key": "abc-1"}
    first = api("post", "/petitions", json=petition_body, headers=headers).json()
    second = api("post", "/petitions", json=petition_body, headers=headers).json()
    assert Petition.objects.count() == 1
    assert second["number"] == first["number"]
    assert second["query_code"] is None


def test_it_refuses_a_reused_idempotency_key_with_another_body(api, petition_body):
    headers = {"Idempotency-Key": "abc-2"}
    api("post", "/petitions", json=petition_body, headers=headers)
    response = api("post", "/petitions", json={**petition_body, "title": "别的"}, headers=headers)
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_it_answers_validation_errors_with_field_code_and_message(api, petition_body):
    body = {
        **petition_body,
        "petitioners": [{"name": "张", "id_number": "431202199003070010", "is_main": True}],
    }
    response = api("post", "/petitions", json=body)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (
        error["field"] == "petitioners-0-id_number"
        and error["code"] == "invalid"
        and error["message"]
    )


def test_it_answers_schema_errors_in_the_same_shape(api, petition_body):
    response = api("post", "/petitions", json={**petition_body, "channel": "pigeon"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "channel"


def test_it_refuses_registration_to_a_user_who_may_not_register(api, petition_body, cast):
    assert api("post", "/petitions", json=petition_body, user=cast.dave).status_code == 403


def test_it_reads_a_petition(api, register):
    petition = register()
    assert api("get", f"/petitions/{petition.number}").json()["title"] == petition.title


def test_it_hides_another_countys_petition(api, register, cast):
    petition = register()
    assert api("get", f"/petitions/{petition.number}", user=cast.carol).status_code == 404


def test_it_lists_with_filters(api, register, places):
    register()
    register(region=places.zhongfang, title="中方县的事")
    items = api("get", "/petitions", region="431221").json()["items"]
    assert [i["title"] for i in items] == ["中方县的事"]


def test_it_pages_with_a_cursor(api, register):
    numbers = {register(title=f"第{i}件").number for i in range(5)}
    first = api("get", "/petitions", limit=3).json()
    second = api("get", "/petitions", limit=3, cursor=first["next_cursor"]).json()
    assert {i["number"] for i in first["items"] + second["items"]} == numbers
    assert second["next_cursor"] is None


def test_it_refuses_a_broken_cursor(api):
    response = api("get", "/petitions", cursor="%%%")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


def test_it_needs_a_token(client):
    response = client.get("/api/v1/petitions")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "unauthorised"


def test_it_refuses_a_revoked_token(client, token, cast):
    from xinfang.api.actions import revoke_tokens
    from xinfang.api.models import ApiToken

    plain = token()
    revoke_tokens(ApiToken.objects.all())
    response = client.get("/api/v1/petitions", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 401


def test_a_token_follows_its_users_move_to_another_county(client, token, cast, register):
    """The user's unit and scope come from memory, but which ones is read at every request."""
    number = register(region=cast.bob.region).number
    plain = token(cast.bob)
    auth = {"Authorization": f"Bearer {plain}"}
    assert client.get(f"/api/v1/petitions/{number}", headers=auth).status_code == 200
    cast.bob.region, cast.bob.unit = cast.carol.region, cast.carol.unit
    cast.bob.save()
    assert client.get(f"/api/v1/petitions/{number}", headers=auth).status_code == 404


def test_it_reads_reference_data(api):
    assert any(r["code"] == "431202" for r in api("get", "/regions").json())
    assert any(c["code"] == "1205" for c in api("get", "/classes").json())
    assert api("get", "/units").status_code == 200


def test_it_serves_the_openapi_document_and_docs(client, db):
    assert client.get("/api/v1/openapi.json").json()["info"]["title"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_retries_with_one_key_register_once(cast, draft):
    """A client that retries before the first answer came: one petition, the same answer."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the retries cannot overlap")
    results, errors = at_once(
        lambda: once(
            cast.alice, "retry-1", "same-body",
            lambda inside: register_petition(cast.alice, draft(), inside=inside),
        )[0].number
    )  # fmt: skip
    assert not errors
    assert Petition.objects.count() == 1
    assert results == [Petition.objects.get().number] * 2


def test_a_retry_about_another_county_answers_as_the_first_call(api, cast, petition_body):
    """Bob registers at 鹤城区 a petition about 中方县; his client retries with the same key."""
    headers = {"Idempotency-Key": "retry-elsewhere"}
    body = {**petition_body, "region": "431221"}
    first = api("post", "/petitions", json=body, headers=headers, user=cast.bob)
    again = api("post", "/petitions", json=body, headers=headers, user=cast.bob)
    assert first.status_code == 201
    assert again.status_code in (200, 201) and again.json()["number"] == first.json()["number"]
    assert Petition.objects.count() == 1
