"""The second factor (TOTP): staff may set it up, administrators must; once set up, every
staff page asks for a code after the password."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the user's app shows now (or a step later: a code is accepted once only, and
    the device tolerates one step of clock drift)."""
    device.refresh_from_db()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + steps_ahead * device.step
    return f"{generator.token():0{device.digits}d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)


def test_an_administrator_without_a_second_factor_is_sent_to_set_it_up(
    client, olga, otp_for_admins
):
    client.force_login(olga)
    response = client.get(reverse("petitions:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp-setup"))


def test_the_django_admin_is_gated_too(client, olga, otp_for_admins):
    client.force_login(olga)
    assert client.get("/admin/").status_code == 302


def test_the_setup_page_shows_a_qr_code_and_the_key(client, olga, otp_for_admins):
    client.force_login(olga)
    page = client.get(reverse("accounts:otp-setup")).content.decode()
    assert "<svg" in page and "管理员账户必须启用双因素登录" in page


def test_a_correct_code_confirms_the_device_and_lets_the_admin_in(client, olga, otp_for_admins):
    client.force_login(olga)
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=olga)
    response = client.post(
        reverse("accounts:otp-setup"), {"code": _code(device), "next": "/petitions/"}
    )
    assert response.status_code == 302 and response["Location"] == "/petitions/"
    assert TOTPDevice.objects.get(user=olga).confirmed
    assert client.get(reverse("petitions:list")).status_code == 200


def test_a_wrong_code_says_what_to_do(client, olga, otp_for_admins):
    client.force_login(olga)
    client.get(reverse("accounts:otp-setup"))
    response = client.post(reverse("accounts:otp-setup"), {"code": "000000"})
    assert "验证码不正确或已过期" in response.content.decode()
    assert not TOTPDevice.objects.get(user=olga).confirmed


def test_a_handler_may_work_without_a_second_factor(client, cast, otp_for_admins):
    client.force_login(cast.bob)
    assert client.get(reverse("petitions:list")).status_code == 200


def test_a_handler_who_set_one_up_gives_a_code_after_the_password(client, cast):
    device = _device(cast.bob)
    client.post(reverse("login"), {"username": "bob", "password": "pw-bob"})
    response = client.get(reverse("petitions:list"))
    assert response["Location"].startswith(reverse("accounts:otp-verify"))
    response = client.post(
        reverse("accounts:otp-verify"), {"code": _code(device), "next": "/petitions/"}
    )
    assert response["Location"] == "/petitions/"
    assert client.get(reverse("petitions:list")).status_code == 200


def test_the_verify_page_refuses_a_redirect_to_another_site(client, cast):
    device = _device(cast.bob)
    client.force_login(cast.bob)
    response = client.post(
        reverse("accounts:otp-verify"), {"code": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize("path", ["/portal/", "/healthz", "/api/v1/openapi.json"])
def test_public_doors_are_never_gated(client, olga, otp_for_admins, path):
    client.force_login(olga)
    assert client.get(path).status_code == 200


def test_a_handler_turns_it_off_with_a_current_code(client, cast):
    device = _device(cast.bob)
    client.force_login(cast.bob)
    client.post(reverse("accounts:otp-verify"), {"code": _code(device)})
    client.post(reverse("accounts:otp-disable"), {"code": _code(device, steps_ahead=1)})
    assert not TOTPDevice.objects.filter(user=cast.bob).exists()


def test_an_administrator_cannot_turn_it_off(client, olga, otp_for_admins):
    device = _device(olga)
    client.force_login(olga)
    client.post(reverse("accounts:otp-verify"), {"code": _code(device)})
    response = client.post(
        reverse("accounts:otp-disable"), {"code": _code(device, steps_ahead=1)}, follow=True
    )
    assert "管理员必须启用双因素登录" in response.content.decode()
    assert TOTPDevice.objects.filter(user=olga).exists()
