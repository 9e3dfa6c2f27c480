from __future__ import annotations

import pytest

from xinfang.api.actions import create_token


@pytest.fixture
def api_key(cast):
    return create_token(cast.alice)[1]


@pytest.fixture
def post_data(api_key):
    def build(**overrides):
        data = {
            "api_key": api_key, "service_code": "1205", "address_id": "431202",
            "lat": "27.55", "long": "109.99", "first_name": "建国", "last_name": "张",
            "phone": "13807451234", "description": "小区3栋电梯停运半年，物业拒不维修。",
            "attribute[is_accusation]": "false", "attribute[consent_public]": "true",
            "attribute[demands]": "尽快修复",
        }  # fmt: skip
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return build
