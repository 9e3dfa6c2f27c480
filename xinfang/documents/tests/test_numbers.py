"""文号: the unit's pattern per kind, a sequence per (unit, kind, year), given once."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.documents import actions, queries
from xinfang.documents.models import Document, DocumentKind, NumberCounter
from xinfang.documents.tests.conftest import step_of
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.workflow import actions as workflow
from xinfang.workflow.models import StepKind


def test_the_default_pattern_uses_the_units_abbreviation_and_the_kinds_code(cast, accepted):
    document = actions.issue(cast.dave, step_of(accepted, StepKind.ACCEPT), accepted)
    assert document.number == "怀住告〔2026〕1号"


def test_a_bureau_numbers_by_its_place_and_信访(places):
    assert queries.default_pattern(places.hecheng_bureau, DocumentKind.ANSWER) == (
        "鹤信访处〔{year}〕{seq}号"
    )


def test_a_units_own_pattern_numbers_its_documents(cast, places, forwarded):
    actions.set_pattern(cast.alice, DocumentKind.FORWARD, "怀信访转字〔{year}〕第{seq}号")
    document = actions.issue(cast.alice, step_of(forwarded, StepKind.FORWARD), forwarded)
    assert document.number == "怀信访转字〔2026〕第1号"


def test_the_sequence_counts_per_unit_and_kind(cast, places, register):
    first, second = register(), register(title="楼道灯坏了")
    for petition in (first, second):
        workflow.forward(cast.alice, petition.matter, places.housing)
    numbers = [
        actions.issue(cast.alice, step_of(p, StepKind.FORWARD), p).number for p in (first, second)
    ]
    assert numbers == ["怀信访转〔2026〕1号", "怀信访转〔2026〕2号"]
    assert NumberCounter.objects.get(unit=places.city_bureau, kind="forward", year=2026).last == 2


def test_a_new_year_starts_again_at_one(cast, places, forwarded):
    NumberCounter.objects.create(unit=places.city_bureau, kind="forward", year=2025, last=418)
    document = actions.issue(cast.alice, step_of(forwarded, StepKind.FORWARD), forwarded)
    assert (document.year, document.seq) == (2026, 1)


def test_the_year_is_the_documents_date(cast, places, forwarded):
    step = step_of(forwarded, StepKind.FORWARD)
    step.on = dt.date(2025, 12, 31)
    step.save()
    assert actions.issue(cast.alice, step, forwarded).number == "怀信访转〔2025〕1号"


def test_a_document_is_numbered_once(cast, forwarded):
    step = step_of(forwarded, StepKind.FORWARD)
    first = actions.issue(cast.alice, step, forwarded)
    again = actions.issue(cast.alice, step, forwarded)
    assert again.pk == first.pk and Document.objects.count() == 1
    assert NumberCounter.objects.get().last == 1


def test_a_changed_pattern_leaves_given_numbers_as_they_were(cast, forwarded):
    step = step_of(forwarded, StepKind.FORWARD)
    first = actions.issue(cast.alice, step, forwarded)
    actions.set_pattern(cast.alice, DocumentKind.FORWARD, "新{year}-{seq}")
    assert actions.issue(cast.alice, step, forwarded).number == first.number


def test_a_pattern_without_year_or_sequence_is_refused(cast):
    with pytest.raises(Invalid, match="seq"):
        actions.set_pattern(cast.alice, DocumentKind.ACCEPT, "怀信访告〔{year}〕")
    with pytest.raises(Invalid, match="只能使用"):
        actions.set_pattern(cast.alice, DocumentKind.ACCEPT, "{unit}〔{year}〕{seq}号")
    with pytest.raises(Invalid, match="花括号"):
        actions.set_pattern(cast.alice, DocumentKind.ACCEPT, "怀〔{year}〕{seq号")


def test_a_handler_may_not_change_the_units_patterns(cast):
    with pytest.raises(NotAllowed):
        actions.set_pattern(cast.bob, DocumentKind.ACCEPT, "鹤告〔{year}〕{seq}号")


def test_only_the_deciding_unit_issues_its_document(cast, accepted):
    with pytest.raises(NotAllowed):
        actions.issue(cast.alice, step_of(accepted, StepKind.ACCEPT), accepted)


def test_a_pattern_giving_a_number_already_used_is_refused(cast, places, register, forwarded):
    """Two kinds set to the same pattern would give 同2026-1 twice: the second is refused."""
    actions.set_pattern(cast.alice, DocumentKind.FORWARD, "同{year}-{seq}")
    actions.set_pattern(cast.alice, DocumentKind.ASSIGN, "同{year}-{seq}")
    first = actions.issue(cast.alice, step_of(forwarded, StepKind.FORWARD), forwarded)
    other = register(title="楼道灯坏了")
    workflow.forward(cast.alice, other.matter, places.housing, assign=True)
    with pytest.raises(DomainError, match=first.number):
        actions.issue(cast.alice, step_of(other, StepKind.ASSIGN), other)


def test_issuing_is_on_the_timeline(cast, forwarded):
    document = actions.issue(cast.alice, step_of(forwarded, StepKind.FORWARD), forwarded)
    event = forwarded.matter.events.filter(kind="document_issued").get()
    assert document.number in event.summary


def test_two_units_sharing_a_first_character_get_different_defaults(places):
    from xinfang.regions.actions import create_unit
    from xinfang.regions.models import UnitKind

    court = create_unit("怀化市中级人民法院", UnitKind.DEPARTMENT, places.city)
    party = create_unit("怀化市中医院", UnitKind.DEPARTMENT, places.city)
    names = {queries.abbreviation(court), queries.abbreviation(party)}
    assert names == {"怀中级", "怀中医"}
