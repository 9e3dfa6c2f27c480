"""Identity numbers: what registration accepts, rejects and warns about."""

import datetime as dt

import pytest

from xinfang.lib.identity import (
    IdentityError,
    check_credit_code,
    check_phone,
    check_resident_id,
    mask_id_number,
    mask_phone,
    normalise_id_number,
)

TODAY = dt.date(2026, 3, 10)


def test_it_accepts_a_valid_number_and_reads_birth_date_and_sex():
    checked = check_resident_id("11010519491231002X", today=TODAY)
    assert checked.birth_date == dt.date(1949, 12, 31)
    assert checked.sex == "F"
    assert checked.warnings == []


def test_it_upper_cases_a_lower_case_check_character():
    assert check_resident_id("11010519491231002x", today=TODAY).number == "11010519491231002X"


def test_it_widens_a_15_digit_legacy_number_to_18():
    assert normalise_id_number("110105491231002") == "11010519491231002X"


def test_it_rejects_a_wrong_check_character():
    with pytest.raises(IdentityError, match="校验位"):
        check_resident_id("110105194912310021", today=TODAY)


def test_it_rejects_an_impossible_birth_date():
    body = "43120219900230001"  # 30 February
    from stdnum.cn import ric

    with pytest.raises(IdentityError, match="出生日期"):
        check_resident_id(body + ric.calc_check_digit(body + "0"), today=TODAY)


def test_it_rejects_a_birth_date_after_today():
    from stdnum.cn import ric

    body = "43120220260401001"
    with pytest.raises(IdentityError, match="晚于今天"):
        check_resident_id(body + ric.calc_check_digit(body + "0"), today=TODAY)


def test_it_rejects_the_wrong_length():
    with pytest.raises(IdentityError, match="18位"):
        check_resident_id("4312021990", today=TODAY)


def _with_check(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize(
    "body",
    [
        "43120219800101001",  # 鹤城区 code (since 1997) on a card of someone born in 1980
        "43122119650101001",  # 中方县 (since 1997), born 1965
        "43300119700101001",  # the old 怀化市 code (until 1997): a card issued before then
        "43290119800101001",  # an old 永州 code (1982-1995)
    ],
)
def test_a_code_that_existed_in_any_year_gives_no_warning(body):
    """Codes are given when the card is issued, not at birth: 怀化 adults carry 4312xx."""
    assert check_resident_id(_with_check(body), today=TODAY).warnings == []


def test_a_code_that_never_existed_is_only_a_warning():
    checked = check_resident_id(_with_check("43999919900101001"), today=TODAY)
    assert checked.warnings == ["身份证地区码439999不是曾经使用过的行政区划代码，请核对"]


def test_an_unknown_county_under_a_known_prefecture_is_only_a_warning():
    checked = check_resident_id(_with_check("43308119900101001"), today=TODAY)
    assert checked.warnings


def test_it_validates_a_unified_social_credit_code():
    assert check_credit_code("91110000600037341L") == "91110000600037341L"
    with pytest.raises(IdentityError):
        check_credit_code("91110000600037341A")


def test_it_normalises_phones_to_e164():
    assert check_phone("138 0745 1234") == "+8613807451234"
    assert check_phone("+86 138-0745-1234") == "+8613807451234"
    assert check_phone("0745-2712345") == "+867452712345"


def test_it_rejects_a_phone_with_too_few_digits():
    with pytest.raises(IdentityError):
        check_phone("1380745")


def test_masks_hide_the_middle():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_phone("+8613807451234") == "138****1234"
