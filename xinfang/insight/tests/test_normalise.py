"""Normal forms: the same identity typed two ways meets itself."""

import pytest

from xinfang.insight import normalise


@pytest.mark.parametrize(
    "typed",
    [
        "43120219800101001X",
        "43120219800101001x",
        "431202 19800101 001X",
        "４３１２０２19800101001X",
    ],
)
def test_an_id_number_is_folded_to_18_upper_case_characters(typed):
    assert normalise.id_number(typed) == "43120219800101001X"


def test_a_15_digit_id_number_widens_to_its_18_digit_form():
    assert normalise.id_number("431202800101001") == "431202198001010018"


def test_a_number_that_cannot_be_an_id_number_gives_nothing():
    assert normalise.id_number("12345") == ""


@pytest.mark.parametrize(
    "typed",
    ["13807451234", "+86 138 0745 1234", "0086-138-0745-1234", "138 0745 1234", "8613807451234"],
)
def test_a_mobile_number_is_matched_on_its_national_digits(typed):
    assert normalise.phone(typed) == "13807451234"


def test_a_landline_keeps_its_area_code():
    assert normalise.phone("(0745) 234-5678") == "07452345678"


def test_too_few_digits_are_not_a_phone():
    assert normalise.phone("12345") == ""


@pytest.mark.parametrize(
    "a,b", [("陈小明", "程晓鸣"), ("林芳", "宁芳"), ("张伟", "章玮"), ("刘洋", "牛杨")]
)
def test_names_that_sound_alike_share_a_sound_key(a, b):
    assert normalise.name_sound(a) == normalise.name_sound(b)


def test_different_names_sound_different():
    assert normalise.name_sound("李红") != normalise.name_sound("刘洪波")


def test_full_width_spaces_and_case_do_not_change_a_name():
    assert normalise.name(" 张　建国 ") == normalise.name("张建国")


def test_a_three_character_name_has_a_variant_per_position_and_a_sorted_form():
    assert normalise.name_variants("张三丰") == ["?三丰", "sorted:三丰张", "张?丰", "张三?"]


def test_a_two_character_name_has_no_one_character_variants():
    assert normalise.name_variants("张伟") == []


@pytest.mark.parametrize("a,b", [("张三丰", "张山丰"), ("张三丰", "张丰三")])
def test_names_one_substitution_or_one_swap_apart_are_near(a, b):
    assert normalise.one_edit_apart(a, b)


@pytest.mark.parametrize("a,b", [("张三丰", "张三丰"), ("张三丰", "李四丰"), ("张三丰", "张三")])
def test_equal_or_farther_names_are_not_one_edit_apart(a, b):
    assert not normalise.one_edit_apart(a, b)


def test_text_drops_punctuation_and_folds_width():
    assert normalise.text("Ａ市，西湖 建筑！") == "a市西湖建筑"
