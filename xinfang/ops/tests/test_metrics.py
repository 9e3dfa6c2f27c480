"""/metrics: Prometheus figures behind a bearer token; absent without one."""

from __future__ import annotations

import pytest


@pytest.fixture
def token(settings):
    settings.XINFANG_METRICS_TOKEN = "s3cret-scrape"
    return "s3cret-scrape"


def test_it_does_not_exist_without_a_configured_token(client, db, settings):
    settings.XINFANG_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


def test_a_wrong_token_is_refused(client, db, token):
    response = client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert response.status_code == 401


def test_it_counts_petitions_and_matters_by_status(client, register, token):
    register()
    register(title="另一件", content="另一件事")
    response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "xinfang_petitions 2.0" in text
    assert 'xinfang_matters{status="registered"} 2.0' in text
    assert "xinfang_open_matters 2.0" in text
