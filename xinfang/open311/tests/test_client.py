"""A real Open311 client (the `georeport` package from PyPI) against a running server.

georeport 0.3.1 only reads (services, definitions, requests); it has no POST requests and
no tokens, so those go through `post_request` below, a minimal client written from the spec.
"""

from __future__ import annotations

import jsonschema
import pytest
import requests
from georeport import GeoReport

from xinfang.api.actions import create_token
from xinfang.open311.tests import schemas
from xinfang.petitions.models import Petition
from xinfang.portal.actions import publish

pytestmark = pytest.mark.django_db(transaction=True)


def post_request(root: str, api_key: str, **fields) -> list[dict]:
    """POST requests.json as the GeoReport v2 spec describes (form-encoded, api_key)."""
    response = requests.post(
        f"{root}/requests.json", data={"api_key": api_key, **fields}, timeout=10
    )
    response.raise_for_status()
    return response.json()


@pytest.fixture
def root(live_server):
    return f"{live_server.url}/open311/v2"


@pytest.fixture
def posted(cast, root):
    """A consented request, posted and then published by alice after review."""
    answer = post_request(
        root, create_token(cast.alice)[1], service_code="1205", address_id="431202",
        lat="27.55", lon="109.99", last_name="张", first_name="建国", phone="13807451234",
        description="小区3栋电梯停运半年。", **{"attribute[is_accusation]": "false",
                                              "attribute[consent_public]": "true"},
    )  # fmt: skip
    publish(cast.alice, Petition.objects.get(number=answer[0]["service_request_id"]))
    return answer


def test_it_serves_the_georeport_client_its_services(cast, root):
    services = GeoReport(root).get_service_list()
    jsonschema.validate(services, schemas.SERVICES)


def test_it_serves_the_georeport_client_a_definition(cast, root):
    jsonschema.validate(GeoReport(root).get_service_definition("1205"), schemas.SERVICE_DEFINITION)


def test_it_takes_a_post_from_the_minimal_client(posted):
    jsonschema.validate(posted, schemas.POSTED)


def test_it_serves_the_georeport_client_the_posted_request(posted, root):
    number = posted[0]["service_request_id"]
    found = GeoReport(root).get_service_requests(service_request_id=number)
    jsonschema.validate(found, schemas.REQUESTS)
    assert found[0]["service_request_id"] == number


def test_it_serves_the_georeport_client_a_request_by_id(posted, root):
    request = GeoReport(root).get_service_request(posted[0]["service_request_id"])
    jsonschema.validate(request, schemas.REQUEST)
    assert request["long"] == 109.99


def test_it_serves_the_georeport_client_xml(posted, root):
    request = GeoReport(root, output_format="xml").get_service_request(
        posted[0]["service_request_id"]
    )
    assert request["status"] == "open"


def test_it_answers_the_token_over_http(posted, root):
    body = requests.get(f"{root}/tokens/{posted[0]['token']}.json", timeout=10).json()
    assert body[0]["service_request_id"] == posted[0]["service_request_id"]
