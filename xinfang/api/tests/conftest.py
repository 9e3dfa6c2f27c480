"""API fixtures: bearer tokens for the cast and a JSON client."""

from __future__ import annotations

import pytest

from xinfang.api.actions import create_token
from xinfang.conftest import VALID_ID


@pytest.fixture
def token(cast):
    """A token for `user` (alice by default)."""

    def make(user=None):
        return create_token(user or cast.alice)[1]

    return make


@pytest.fixture
def api(client, token):
    """Call the API as `user`: api("get", "/petitions", user=cast.bob, json=..., headers=...)."""

    def call(method, path, *, user=None, json=None, headers=None, **params):
        auth = {"Authorization": f"Bearer {token(user)}", **(headers or {})}
        url = "/api/v1" + path
        if method == "get":
            return client.get(url, params, headers=auth)
        return client.generic(
            method.upper(), url, data=__import__("json").dumps(json or {}),
            content_type="application/json", headers=auth,
        )  # fmt: skip

    return call


@pytest.fixture
def petition_body():
    return {
        "channel": "letter",
        "region": "431202",
        "content_class": "1205",
        "title": "小区电梯长期停运",
        "content": "3栋电梯停运半年，物业拒不维修。",
        "demands": "尽快修复",
        "petitioners": [
            {"name": "张建国", "id_number": VALID_ID, "phone": "13807451234", "is_main": True}
        ],
    }
