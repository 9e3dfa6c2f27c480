"""Repeat suggestions over the API: the same ranking and access rules as the staff pages."""


def test_a_draft_finds_the_earlier_matter_by_the_same_person(api, petition_body, register):
    earlier = register()
    body = {**petition_body, "petitioners": [{**petition_body["petitioners"][0], "phone": "+86 138 0745 1234"}]}  # fmt: skip
    response = api("post", "/similar", json=body)
    assert response.status_code == 200
    top = response.json()[0]
    assert top["matter_number"] == earlier.matter.number
    assert top["petition_number"] == earlier.number
    assert top["likely"] and "联系电话相同" in top["reasons"] and 0 < top["score"] <= 1


def test_each_suggestion_names_the_keys_that_matched_and_the_shared_text(
    api, petition_body, register
):
    register()
    top = api("post", "/similar", json=petition_body).json()[0]
    matched = {m["key"]: m for m in top["matched"]}
    assert {"id_number", "phone", "name", "content"} <= set(matched)
    assert matched["name"] == {"key": "name", "label": "姓名相同", "value": "张建国"}
    assert matched["phone"]["value"] == "138****1234"
    assert top["shared"], "the passages both texts contain"


def test_asking_for_suggestions_registers_nothing(api, petition_body):
    from xinfang.petitions.models import Petition

    api("post", "/similar", json=petition_body)
    assert Petition.objects.count() == 0


def test_a_registered_petition_lists_other_matters_it_may_repeat(api, register):
    earlier = register()
    later = register()
    found = api("get", f"/petitions/{later.number}/similar").json()
    assert [f["matter_number"] for f in found] == [earlier.matter.number]


def test_a_token_from_another_county_sees_no_suggestion_there(api, cast, petition_body, register):
    register()
    assert api("post", "/similar", user=cast.carol, json=petition_body).json() == []


def test_a_token_from_another_county_gets_404_for_the_petition(api, cast, register):
    petition = register()
    response = api("get", f"/petitions/{petition.number}/similar", user=cast.carol)
    assert response.status_code == 404


def test_an_unknown_region_is_a_field_error(api, petition_body):
    response = api("post", "/similar", json={**petition_body, "region": "999999"})
    assert response.status_code in (400, 422)
    assert response.json()["errors"][0]["field"] == "region"
