"""Staff sessions last a working day and end with the browser; passwords are hashed with
Argon2 and must follow the rules."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse


def test_a_staff_session_ends_with_the_browser_and_after_a_working_day(client, cast):
    response = client.post(reverse("login"), {"username": "bob", "password": "pw-bob"})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert client.session.get_expiry_age() == 9 * 3600


def test_new_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    assert identify_hasher(make_password("xinfang-counter-7")).algorithm == "argon2"


def test_the_production_hashers_put_argon2_first():
    from xinfang import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    ("password", "why"),
    [("short7x", "at least 10"), ("1234567890123", "numeric"), ("password123", "common")],
)
def test_weak_passwords_are_refused(password, why):
    """Each is refused for the reason named."""
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("鹤城区信访局-柜台-2026")
