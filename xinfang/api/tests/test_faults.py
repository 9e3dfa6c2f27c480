"""Faults answer in the API's JSON error shape: oversized bodies, a database that refuses
writes, anything unforeseen."""

from __future__ import annotations

import json

import pytest

from xinfang.front.tests.test_health import read_only_database
from xinfang.petitions.models import Petition


def test_an_oversized_body_gets_413_in_the_error_shape(client, token, settings):
    body = json.dumps({"title": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = client.post(
        "/api/v1/petitions", data=body, content_type="application/json",
        headers={"Authorization": f"Bearer {token()}"},
    )  # fmt: skip
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "payload_too_large"


@pytest.mark.django_db(transaction=True)
def test_a_read_only_database_gets_503_with_retry_after(client, token, petition_body):
    auth = {"Authorization": f"Bearer {token()}"}  # written before the database turns read-only
    with read_only_database():
        response = client.post(
            "/api/v1/petitions", data=json.dumps(petition_body),
            content_type="application/json", headers=auth,
        )  # fmt: skip
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["errors"][0]["code"] == "unavailable"
    assert not Petition.objects.exists()


@pytest.mark.parametrize("params", [{"unit": "12345678901234567890"}, {"unit": "0"}])
def test_an_impossible_unit_id_is_a_422_naming_the_field(api, params):
    response = api("get", "/petitions", **params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "unit"


@pytest.mark.django_db(transaction=True)
def test_a_retry_while_the_database_refuses_writes_gets_the_first_answer(
    client, token, petition_body
):
    auth = {"Authorization": f"Bearer {token()}", "Idempotency-Key": "disk-full-retry"}
    send = lambda: client.post(  # noqa: E731
        "/api/v1/petitions", data=json.dumps(petition_body), content_type="application/json",
        headers=auth,
    )  # fmt: skip
    first = send()
    with read_only_database():
        again = send()
    assert first.status_code == 201
    assert again.status_code in (200, 201), again.content
    assert again.json()["number"] == first.json()["number"]
    assert Petition.objects.count() == 1
