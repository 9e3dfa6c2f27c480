"""文号 under concurrency (PostgreSQL: SQLite runs one writer at a time, so nothing races)."""

from __future__ import annotations

import pytest
from django.db import connection

from xinfang.conftest import at_once
from xinfang.documents import actions
from xinfang.documents.models import Document, NumberCounter
from xinfang.documents.tests.conftest import step_of
from xinfang.workflow import actions as workflow
from xinfang.workflow.models import StepKind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the issues cannot overlap")


def test_four_clerks_issuing_at_once_get_four_different_numbers(cast, places, register):
    petitions = [register(title=f"第{i}栋电梯停运") for i in range(4)]
    for petition in petitions:
        workflow.forward(cast.alice, petition.matter, places.housing)
    steps = iter([(step_of(p, StepKind.FORWARD), p) for p in petitions])

    def work():
        step, petition = next(steps)
        return actions.issue(cast.alice, step, petition).number

    results, errors = at_once(work, times=4)
    assert not errors
    assert sorted(results) == [f"怀信访转〔2026〕{n}号" for n in range(1, 5)]
    assert NumberCounter.objects.get().last == 4


def test_two_clicks_at_once_on_one_document_give_it_one_number(cast, places, register):
    petition = register()
    workflow.forward(cast.alice, petition.matter, places.housing)
    step = step_of(petition, StepKind.FORWARD)

    results, errors = at_once(lambda: actions.issue(cast.alice, step, petition).number)
    assert not errors
    assert results == ["怀信访转〔2026〕1号"] * 2
    assert Document.objects.count() == 1 and NumberCounter.objects.get().last == 1


def test_the_first_issue_of_a_new_year_creates_one_counter(cast, places, register):
    petitions = [register(title=f"第{i}栋电梯停运") for i in range(3)]
    for petition in petitions:
        workflow.forward(cast.alice, petition.matter, places.housing)
    steps = iter([(step_of(p, StepKind.FORWARD), p) for p in petitions])

    def work():
        step, petition = next(steps)
        return actions.issue(cast.alice, step, petition).seq

    results, errors = at_once(work, times=3)
    assert not errors and sorted(results) == [1, 2, 3]
    assert NumberCounter.objects.count() == 1
