from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from xinfang.api.models import ApiToken


def _run(*args) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_token_as_the_last_word(cast, client):
    plain = _run("create", "alice").split()[-1]
    response = client.get("/api/v1/regions", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200


def test_it_stores_only_a_hash(cast):
    plain = _run("create", "alice").split()[-1]
    assert not ApiToken.objects.filter(key_hash=plain).exists()
    assert plain not in str(list(ApiToken.objects.values()))


def test_it_revokes_a_token(cast, client):
    plain = _run("create", "alice").split()[-1]
    _run("revoke", plain)
    response = client.get("/api/v1/regions", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 401


def test_it_revokes_every_token_of_a_user(cast):
    _run("create", "alice")
    _run("create", "alice")
    assert "revoked 2" in _run("revoke", "--user", "alice")


def test_it_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        _run("create", "nobody")
