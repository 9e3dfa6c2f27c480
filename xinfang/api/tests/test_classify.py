"""Content-class suggestions over the API (`POST /classify`): the page's suggestions, and
`unsure` below XINFANG_CLASS_SUGGESTION_FLOOR. The seed model suggests."""

from __future__ import annotations

import pytest

WAGES = {"title": "工地老板拖欠农民工工资", "content": "包工头拖欠我们工资三万元，讨薪无果。"}


pytestmark = pytest.mark.usefixtures("var_dir")


def test_the_api_says_when_the_model_is_unsure(api, settings):
    settings.XINFANG_CLASS_SUGGESTION_FLOOR = 100
    body = api("post", "/classify", json=WAGES).json()
    assert body["unsure"] is True and body["floor"] == 1.0
    assert body["suggestions"][0]["confidence"] < 1.0


def test_the_api_gives_the_class_with_its_confidence_and_words(api, settings):
    settings.XINFANG_CLASS_SUGGESTION_FLOOR = 0
    body = api("post", "/classify", json=WAGES).json()
    best = body["suggestions"][0]
    assert body["unsure"] is False and best["first_level"] == "11"
    assert 0 < best["confidence"] <= 1 and best["words"]


def test_the_api_suggests_nothing_for_an_empty_text(api):
    assert api("post", "/classify", json={"title": "", "content": " "}).json()["suggestions"] == []


def test_asking_for_a_class_needs_a_token(client):
    response = client.post("/api/v1/classify", WAGES, content_type="application/json")
    assert response.status_code == 401
