"""A staff member's phone (for SMS notifications) is validated and kept in E.164 form."""

import pytest
from django.core.exceptions import ValidationError

from xinfang.accounts.models import User


def test_a_mobile_number_is_kept_in_international_form(db):
    user = User(username="dave", phone="138 0745 0000")
    user.clean()
    assert user.phone == "+8613807450000"


def test_a_landline_with_its_area_code_is_accepted(db):
    user = User(username="dave", phone="0745-2712345")
    user.clean()
    assert user.phone == "+867452712345"


def test_a_malformed_number_is_refused_on_the_field(db):
    user = User(username="dave", phone="1380745")
    with pytest.raises(ValidationError) as refused:
        user.clean()
    assert "phone" in refused.value.message_dict


def test_the_phone_is_optional(db):
    user = User(username="dave", phone="")
    user.clean()
    assert user.phone == ""
