"""Checking a draft: it never changes the caller's draft, and returns the normalised copy."""

from __future__ import annotations

import copy

from xinfang.conftest import TODAY, VALID_ID
from xinfang.petitions.drafts import PetitionerDraft, check, validate


def messy(draft):
    return draft(
        title="  小区电梯长期停运无人维修 ",
        demands=" 请督促物业公司修复 ",
        people_concerned=None,
        petitioners=[PetitionerDraft(name=" 张建国 ", id_number=VALID_ID, phone="138 0745 1234")],
    )


def test_checking_leaves_the_draft_as_it_was(draft):
    given = messy(draft)
    before = copy.copy(given), [copy.copy(p) for p in given.petitioners]
    check(given, today=TODAY)
    validate(given, today=TODAY)
    assert (given, given.petitioners) == (before[0], before[1])


def test_the_checked_copy_is_normalised(draft):
    checked = check(messy(draft), today=TODAY)
    normal, (person,) = checked.draft, checked.draft.petitioners
    assert checked.errors == {}
    assert normal.title == "小区电梯长期停运无人维修" and normal.demands == "请督促物业公司修复"
    assert normal.people_concerned == normal.petitioner_count == 1
    assert (person.name, person.phone, person.sex, person.is_main) == (
        "张建国",
        "+8613807451234",
        "M",
        True,
    )


def test_validate_gives_the_errors_of_check(draft):
    wrong = draft(title=" ", petitioners=[PetitionerDraft(name="张建国", phone="12")])
    assert validate(wrong, today=TODAY) == check(wrong, today=TODAY)[1:]
    assert "title" in validate(wrong, today=TODAY)[0]
