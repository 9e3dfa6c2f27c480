"""The second factor's gate: staff who set up TOTP, and every administrator, give a code
before any staff page. The public portal, the API (its own tokens), Open311 and the health
check are outside the staff session and never gated."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from xinfang.accounts.models import Role

OPEN_PREFIXES = ("/static/", "/healthz", "/metrics", "/login/", "/logout/", "/account/otp/", "/portal/",
                 "/api/", "/open311/")  # fmt: skip


def second_factor_required(user) -> bool:
    """Administrators must have a second factor (configurable); others may choose one."""
    return settings.XINFANG_OTP_REQUIRED_FOR_ADMINS and (
        user.is_superuser or user.role == Role.ADMIN
    )


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            if user_has_device(user, confirmed=True):
                return _to("accounts:otp-verify", request)
            if second_factor_required(user):
                return _to("accounts:otp-setup", request)
        return self.get_response(request)


def _to(name: str, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
