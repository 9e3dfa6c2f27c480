"""A step sent while the database refuses writes answers 503 saying what to do."""

from __future__ import annotations

import pytest

from xinfang.front.tests.test_health import read_only_database
from xinfang.petitions.models import MatterStatus

from .test_views import step_url


@pytest.mark.django_db(transaction=True)
def test_a_step_while_the_database_refuses_writes_says_what_to_do(client, cast, places, matter):
    client.force_login(cast.alice)
    with read_only_database():
        response = client.post(
            step_url(matter, "forward"), {"unit": places.housing.pk, "note": "请办理"}
        )
    assert response.status_code == 503
    assert "没有保存任何内容" in response.content.decode()
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REGISTERED
