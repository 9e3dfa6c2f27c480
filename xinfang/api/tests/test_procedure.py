from __future__ import annotations

import pytest

from xinfang.workflow.tests.conftest import ANSWER


@pytest.fixture
def matter(register):
    return register().matter


def test_it_forwards_a_matter(api, matter, places):
    response = api("post", f"/matters/{matter.number}/forward", json={"unit": places.housing.pk})
    assert response.status_code == 200
    assert response.json()["status"] == "forwarded"


def test_it_walks_forward_accept_extend_answer_rate(api, matter, places, cast):
    api("post", f"/matters/{matter.number}/forward", json={"unit": places.housing.pk})
    assert (
        api(
            "post", f"/matters/{matter.number}/accept", user=cast.dave, json={"notice": "已受理"}
        ).status_code
        == 200
    )
    extend = {"days": 10, "reason": "情况复杂", "approver": "王局长"}
    assert (
        api("post", f"/matters/{matter.number}/extend", user=cast.dave, json=extend).status_code
        == 200
    )
    assert (
        api("post", f"/matters/{matter.number}/answer", user=cast.dave, json=ANSWER).json()[
            "status"
        ]
        == "answered"
    )
    rated = api(
        "post", f"/matters/{matter.number}/rate", json={"bureau": "satisfied", "unit": "satisfied"}
    )
    assert rated.status_code == 200


def test_it_refuses_an_illegal_step_with_409(api, matter, cast):
    response = api("post", f"/matters/{matter.number}/answer", json=ANSWER)
    assert response.status_code in (403, 409)
    assert response.json()["errors"][0]["message"]


def test_it_refuses_a_step_from_a_unit_without_the_role(api, matter, places, cast):
    api("post", f"/matters/{matter.number}/forward", json={"unit": places.housing.pk})
    response = api(
        "post", f"/matters/{matter.number}/accept", user=cast.alice, json={"notice": "x"}
    )
    assert response.status_code == 403


def test_it_requests_a_review(api, matter, places, cast):
    api("post", f"/matters/{matter.number}/forward", json={"unit": places.housing.pk})
    api("post", f"/matters/{matter.number}/accept", user=cast.dave, json={"notice": "已受理"})
    api("post", f"/matters/{matter.number}/answer", user=cast.dave, json=ANSWER)
    body = {"reviewing_unit": places.city_bureau.pk, "reason": "不服"}
    assert (
        api("post", f"/matters/{matter.number}/request-review", json=body).json()["status"]
        == "reviewing"
    )


def test_it_hides_a_matter_from_another_county(api, matter, cast):
    assert api("get", f"/matters/{matter.number}", user=cast.carol).status_code == 404
    assert (
        api(
            "post", f"/matters/{matter.number}/forward", user=cast.carol, json={"unit": 1}
        ).status_code
        == 404
    )


def test_it_reads_the_timeline(api, matter):
    events = api("get", f"/matters/{matter.number}/timeline").json()
    assert events[0]["kind"] == "matter_opened"


def test_it_refuses_to_forward_an_accusation_to_the_accused_unit(api, register, places):
    matter = register(is_accusation=True, accused_unit=places.housing).matter
    response = api("post", f"/matters/{matter.number}/forward", json={"unit": places.housing.pk})
    assert response.status_code == 403
    assert "被检举控告" in response.json()["errors"][0]["message"]
    matter.refresh_from_db()
    assert matter.status == "registered" and not matter.assignments.exists()


def test_it_refuses_to_forward_an_accusation_to_the_unit_named_as_accused(
    api, petition_body, places
):
    """The API names the accused unit as text (被反映人单位): the name is enough to bar it."""
    body = {**petition_body, "is_accusation": True, "purpose": "accuse",
            "accused_name": "某科长", "accused_unit_name": places.housing.name}  # fmt: skip
    matter_number = api("post", "/petitions", json=body).json()["matter_number"]
    response = api("post", f"/matters/{matter_number}/forward", json={"unit": places.housing.pk})
    assert response.status_code == 403
    assert "被检举控告" in response.json()["errors"][0]["message"]
    response = api(
        "post", f"/matters/{matter_number}/forward",
        json={"unit": places.discipline.pk, "assisting": [places.housing.pk]},
    )  # fmt: skip
    assert response.status_code == 403
