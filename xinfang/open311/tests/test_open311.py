from __future__ import annotations

import jsonschema
import pytest

from xinfang.open311.tests import schemas
from xinfang.petitions.models import Petition
from xinfang.portal.actions import publish
from xinfang.workflow import actions
from xinfang.workflow.tests.conftest import ANSWER

V2 = "/open311/v2"


def _valid(response, schema):
    jsonschema.validate(response.json(), schema)
    return response.json()


def test_it_answers_discovery(client, db):
    _valid(client.get("/open311/discovery.json"), schemas.DISCOVERY)


def test_it_lists_services(client, places):
    services = _valid(client.get(f"{V2}/services.json"), schemas.SERVICES)
    assert any(s["service_code"] == "1205" for s in services)


def test_it_defines_a_service_with_its_attributes(client, places):
    body = _valid(client.get(f"{V2}/services/1205.json"), schemas.SERVICE_DEFINITION)
    assert {"demands", "purpose", "people_concerned", "is_accusation"} <= {
        a["code"] for a in body["attributes"]
    }


def test_it_answers_404_for_an_unknown_service(client, places):
    response = client.get(f"{V2}/services/nope.json")
    assert response.status_code == 404
    _valid(response, schemas.ERRORS)


def test_it_registers_a_posted_request(client, post_data):
    response = client.post(f"{V2}/requests.json", post_data())
    body = _valid(response, schemas.POSTED)
    petition = Petition.objects.get(number=body[0]["service_request_id"])
    assert petition.channel == "online" and petition.registered_by.username == "alice"


def test_it_accepts_lon_for_long(client, cast, post_data):
    body = client.post(f"{V2}/requests.json", post_data(long=None, lon="110.01")).json()
    publish(cast.alice, Petition.objects.get(number=body[0]["service_request_id"]))
    detail = client.get(f"{V2}/requests/{body[0]['service_request_id']}.json").json()[0]
    assert detail["long"] == 110.01


def test_it_refuses_a_post_without_a_valid_api_key(client, post_data):
    response = client.post(f"{V2}/requests.json", post_data(api_key="nope"))
    assert response.status_code == 403
    _valid(response, schemas.ERRORS)


def test_it_refuses_a_post_from_a_user_who_may_not_register(client, post_data, cast):
    from xinfang.api.actions import create_token

    response = client.post(f"{V2}/requests.json", post_data(api_key=create_token(cast.dave)[1]))
    assert response.status_code == 403


def test_it_refuses_a_post_without_a_location(client, post_data):
    response = client.post(f"{V2}/requests.json", post_data(address_id=None, lat=None, long=None))
    assert response.status_code == 400
    _valid(response, schemas.ERRORS)


def test_it_places_a_request_from_its_address_string(client, post_data):
    data = post_data(address_id=None, address_string="湖南省怀化市中方县中方镇")
    number = client.post(f"{V2}/requests.json", data).json()[0]["service_request_id"]
    assert Petition.objects.get(number=number).region.code == "431221"


def test_it_posts_once_per_idempotency_key(client, post_data):
    headers = {"Idempotency-Key": "k-1"}
    first = client.post(f"{V2}/requests.json", post_data(), headers=headers).json()
    second = client.post(f"{V2}/requests.json", post_data(), headers=headers).json()
    assert first == second and Petition.objects.count() == 1


def test_it_answers_a_token(client, post_data):
    posted = client.post(f"{V2}/requests.json", post_data()).json()[0]
    body = _valid(client.get(f"{V2}/tokens/{posted['token']}.json"), schemas.TOKENS)
    assert body[0]["service_request_id"] == posted["service_request_id"]


@pytest.fixture
def answered(cast, places, register):
    matter = register(consent_public=True).matter
    actions.forward(cast.alice, matter, places.housing)
    actions.accept(cast.dave, matter, notice="已受理")
    actions.answer(cast.dave, matter, **ANSWER)
    return publish(cast.alice, matter.petitions.get()).petition


def test_it_lists_requests_with_the_spec_fields(client, answered):
    body = _valid(client.get(f"{V2}/requests.json"), schemas.REQUESTS)
    assert body[0]["agency_responsible"] == "怀化市住房和城乡建设局"
    assert body[0]["status"] == "closed"
    assert body[0]["requested_datetime"].endswith("+08:00")


def test_it_gives_the_statutory_due_date_as_expected_datetime(client, cast, places, register):
    matter = register(consent_public=True).matter
    actions.forward(cast.alice, matter, places.housing)
    publish(cast.alice, matter.petitions.get())
    body = client.get(f"{V2}/requests/{matter.petitions.get().number}.json").json()[0]
    assert body["expected_datetime"] == "2026-03-25T23:59:59+08:00"
    assert body["status"] == "open"


def test_it_filters_requests_by_status(client, answered):
    assert client.get(f"{V2}/requests.json", {"status": "open"}).json() == []


def test_it_filters_requests_by_service_code(client, answered):
    assert client.get(f"{V2}/requests.json", {"service_code": "1102"}).json() == []


def test_it_filters_requests_by_dates(client, answered):
    params = {"start_date": "2026-03-11T00:00:00+08:00", "end_date": "2026-03-12T00:00:00+08:00"}
    assert client.get(f"{V2}/requests.json", params).json() == []


def test_it_refuses_a_range_over_90_days(client, answered):
    params = {"start_date": "2025-01-01T00:00:00+08:00", "end_date": "2026-03-10T00:00:00+08:00"}
    response = client.get(f"{V2}/requests.json", params)
    assert response.status_code == 400
    _valid(response, schemas.ERRORS)


def test_it_keeps_accusations_out_of_the_list(client, register):
    register(is_accusation=True, consent_public=True)
    assert client.get(f"{V2}/requests.json").json() == []


def _as_missing(client, number: str, fmt: str = "json") -> tuple[int, str]:
    """The answer for `number`, with the number itself replaced, to compare with a missing one."""
    response = client.get(f"{V2}/requests/{number}.{fmt}")
    return response.status_code, response.content.decode().replace(number, "N")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_accusation_is_answered_exactly_as_a_missing_request(client, register, fmt):
    petition = register(is_accusation=True, consent_public=True)
    missing = _as_missing(client, "431202-2026-999999", fmt)
    assert missing[0] == 404
    assert _as_missing(client, petition.number, fmt) == missing


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unpublished_request_is_answered_exactly_as_a_missing_one(client, register, fmt):
    unconsented = register()
    consented_not_yet_published = register(consent_public=True)
    missing = _as_missing(client, "431202-2026-999999", fmt)
    assert _as_missing(client, unconsented.number, fmt) == missing
    assert _as_missing(client, consented_not_yet_published.number, fmt) == missing


def test_it_answers_404_for_an_unknown_request(client, places):
    response = client.get(f"{V2}/requests/431202-2026-999999.json")
    assert response.status_code == 404
    _valid(response, schemas.ERRORS)


def test_it_speaks_xml(client, answered):
    from xml.etree import ElementTree as ET

    root = ET.fromstring(client.get(f"{V2}/requests.xml").content)
    assert root.tag == "service_requests"
    assert root.find("request/status").text == "closed"


def test_it_answers_errors_in_xml(client, places):
    from xml.etree import ElementTree as ET

    root = ET.fromstring(client.get(f"{V2}/services/nope.xml").content)
    assert root.find("error/code").text == "404"
