"""Login throttling: too many wrong passwords for one username from one address lock it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse


def _try(client, username, password, url=None, addr="10.0.0.7"):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def test_the_sixth_wrong_password_is_refused_with_a_chinese_message(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "alice", "wrong").status_code == 200
    response = _try(client, "alice", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "已暂停登录30分钟" in page and "联系系统管理员" in page


def test_a_locked_username_is_refused_even_with_the_right_password(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "alice", "wrong")
    assert _try(client, "alice", "pw-alice").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_throttled_too(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "alice", "wrong", url="/admin/login/")
    assert _try(client, "alice", "wrong", url="/admin/login/").status_code == 429


def test_another_address_is_not_locked_out_by_one_persons_typing(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "alice", "wrong")
    response = _try(client, "alice", "pw-alice", addr="10.0.0.8")
    assert response.status_code == 302


def test_a_success_clears_the_failures(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _try(client, "alice", "wrong")
    assert _try(client, "alice", "pw-alice").status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()


@pytest.mark.parametrize("how", ["command", "admin row deleted"])
def test_an_administrator_unlocks_a_locked_user(client, cast, settings, how):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "alice", "wrong")
    if how == "command":
        call_command("axes_reset_username", "alice", stdout=open("/dev/null", "w"))  # noqa: SIM115
    else:
        AccessAttempt.objects.filter(username="alice").delete()
    assert _try(client, "alice", "pw-alice").status_code == 302
