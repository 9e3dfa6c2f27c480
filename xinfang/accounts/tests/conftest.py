from __future__ import annotations

import pytest

from xinfang.accounts.models import Role, User


@pytest.fixture
def olga(places):
    """Olga administers the system: she must give a second factor."""
    return User.objects.create_user(
        "olga", password="pw-olga-2026", role=Role.ADMIN, unit=places.city_bureau,
        region=places.city,
    )  # fmt: skip


@pytest.fixture
def otp_for_admins(settings):
    settings.XINFANG_OTP_REQUIRED_FOR_ADMINS = True
