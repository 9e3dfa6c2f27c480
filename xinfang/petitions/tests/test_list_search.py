"""The case list's search box (/petitions/?q=) finds by every key a clerk has at hand.

alice (city registrar) registered the petitions: 张建国 (ID 431202199003070019, phone
13807451234) about a lift in 鹤城区, and 李秀英 about wages. bob sees 鹤城区; carol sees only
中方县 and must find nothing of them.
"""

from __future__ import annotations

import pytest

from xinfang.conftest import VALID_ID
from xinfang.petitions.drafts import PetitionerDraft

OTHER_ID = "43120219850615018X"


@pytest.fixture
def lift(register):
    return register()


@pytest.fixture
def wages(register, places):
    return register(
        title="工厂拖欠三个月工资", content="某电子厂拖欠工人工资三个月未发。",
        content_class=places.wages,
        petitioners=[PetitionerDraft(name="李秀英", id_number=OTHER_ID, phone="13974501111",
                                     is_main=True)],
    )  # fmt: skip


def found(client, user, q) -> str:
    """The results table's rows only (as htmx asks for it), without the search box, the
    export links and the sort links echoing `q`."""
    client.force_login(user)
    page = client.get("/petitions/", {"q": q}, headers={"HX-Request": "true"}).content.decode()
    return page.split("<tbody", 1)[1]


def test_it_finds_by_petitioner_name(client, cast, lift, wages):
    page = found(client, cast.alice, "张建国")
    assert lift.number in page and wages.number not in page


def test_a_name_finds_its_petitioner_and_the_petitions_naming_it(client, cast, lift, register):
    about = register(title="反映张建国占用楼道", content="邻居张建国长期占用楼道堆放杂物。")
    page = found(client, cast.alice, "张建国")
    assert lift.number in page and about.number in page


def test_a_name_found_on_more_petitions_than_the_short_list_holds_finds_them_all(
    client, cast, lift, register, monkeypatch
):
    monkeypatch.setattr("xinfang.petitions.queries.TAIL_LIMIT", 1)
    again = register(title="电梯又坏了", content="小区电梯再次停运。")
    page = found(client, cast.alice, "张建国")
    assert lift.number in page and again.number in page


def test_it_finds_by_full_id_number(client, cast, lift, wages):
    page = found(client, cast.alice, OTHER_ID)
    assert wages.number in page and lift.number not in page


def test_it_finds_by_an_id_number_with_a_lower_case_x(client, cast, wages):
    assert wages.number in found(client, cast.alice, OTHER_ID.lower())


def test_it_finds_by_phone_as_typed(client, cast, lift, wages):
    page = found(client, cast.alice, "138 0745 1234")
    assert lift.number in page and wages.number not in page


def test_it_finds_by_petition_number(client, cast, lift, wages):
    page = found(client, cast.alice, lift.number)
    assert lift.number in page and wages.number not in page


def test_it_finds_every_petition_of_a_matter_by_its_number(client, cast, lift, register):
    repeat = register(repeat_of=lift.matter)
    page = found(client, cast.alice, lift.matter.number)
    assert lift.number in page and repeat.number in page


def test_it_finds_by_the_last_characters_of_the_number(client, cast, lift, wages):
    page = found(client, cast.alice, wages.number[-4:])
    assert wages.number in page and lift.number not in page


def test_it_finds_by_the_year_and_serial_not_mistaking_them_for_a_phone(client, cast, lift, wages):
    page = found(client, cast.alice, wages.number[-11:])  # "2026-000002"
    assert wages.number in page and lift.number not in page


@pytest.mark.parametrize("length", [5, 6, 8])
def test_it_finds_by_the_tail_of_the_number_of_any_length(client, cast, lift, wages, length):
    page = found(client, cast.alice, wages.number[-length:])
    assert wages.number in page and lift.number not in page


def test_a_tail_of_the_matter_number_finds_its_later_petitions(client, cast, lift, register):
    repeat = register(repeat_of=lift.matter)
    page = found(client, cast.alice, lift.matter.number[-6:])
    assert repeat.number in page


def test_a_tail_with_a_short_serial_finds_nothing(client, cast, lift):
    year = lift.number.split("-")[1]
    assert lift.number not in found(client, cast.alice, f"{year}-{lift.number[-2:]}")


def test_it_finds_by_title_and_content_words(client, cast, lift, wages):
    assert wages.number in found(client, cast.alice, "拖欠")
    assert lift.number not in found(client, cast.alice, "拖欠")


def test_personal_data_stays_masked_in_the_results(client, cast, lift):
    page = found(client, cast.alice, "张建国")
    assert "138****1234" in page
    assert "13807451234" not in page and VALID_ID not in page


@pytest.mark.parametrize("key", ["name", "id", "phone", "number", "end", "words"])
def test_a_user_outside_the_region_finds_nothing(client, cast, lift, key):
    q = {
        "name": "张建国", "id": VALID_ID, "phone": "13807451234", "number": lift.number,
        "end": lift.number[-6:], "words": "电梯",
    }[key]  # fmt: skip
    assert lift.number not in found(client, cast.carol, q)
    assert lift.number in found(client, cast.bob, q)


def test_a_voided_petition_is_not_found(client, cast, lift):
    from xinfang.intake.actions import void_petition

    void_petition(cast.alice, lift, reason="重复登记")
    assert lift.number not in found(client, cast.alice, lift.number)
