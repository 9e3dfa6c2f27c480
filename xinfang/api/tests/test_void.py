"""POST /api/v1/petitions/{number}/void: 作废 with a reason, structured errors.

alice registered the petition (city registrar); frank is another city registrar; carol
handles 中方县 cases and cannot see it.
"""

from __future__ import annotations


def test_it_voids_a_petition_and_the_detail_says_so(api, register):
    petition = register()
    response = api("post", f"/petitions/{petition.number}/void", json={"reason": "重复登记"})
    assert response.status_code == 200
    assert (response.json()["voided"], response.json()["void_reason"]) == (True, "重复登记")
    assert api("get", f"/petitions/{petition.number}").json()["voided"] is True


def test_a_petition_not_voided_says_so(api, register):
    assert api("get", f"/petitions/{register().number}").json()["voided"] is False


def test_a_voided_petition_leaves_the_list(api, register):
    petition = register()
    api("post", f"/petitions/{petition.number}/void", json={"reason": "重复登记"})
    numbers = [row["number"] for row in api("get", "/petitions").json()["items"]]
    assert petition.number not in numbers


def test_a_missing_reason_is_a_field_error(api, register):
    response = api("post", f"/petitions/{register().number}/void", json={"reason": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"


def test_another_registrar_is_refused_in_words(api, register, cast):
    petition = register()
    response = api(
        "post", f"/petitions/{petition.number}/void", user=cast.frank, json={"reason": "重复登记"}
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "not_allowed"


def test_a_second_void_is_refused(api, register):
    petition = register()
    api("post", f"/petitions/{petition.number}/void", json={"reason": "重复登记"})
    response = api("post", f"/petitions/{petition.number}/void", json={"reason": "重复登记"})
    assert response.status_code == 403
    assert "已作废" in response.json()["errors"][0]["message"]


def test_a_user_outside_the_region_gets_404(api, register, cast):
    petition = register()
    response = api(
        "post", f"/petitions/{petition.number}/void", user=cast.carol, json={"reason": "重复登记"}
    )
    assert response.status_code == 404
