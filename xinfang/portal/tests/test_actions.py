from __future__ import annotations

import pytest

from xinfang.lib.errors import NotAllowed
from xinfang.portal import actions as portal_actions
from xinfang.workflow import actions
from xinfang.workflow.tests.conftest import ANSWER


@pytest.fixture
def answered(cast, places, register):
    matter = register().matter
    actions.forward(cast.alice, matter, places.housing)
    actions.accept(cast.dave, matter, notice="已受理")
    return actions.answer(cast.dave, matter, **ANSWER)


def test_it_refuses_a_portal_review_request_without_the_intake_account(answered, places):
    with pytest.raises(NotAllowed):
        actions.request_review(None, answered, reviewing_unit=places.city_bureau, reason="不服")


def test_it_records_a_portal_review_request_with_no_staff_actor_on_the_timeline(answered):
    from xinfang.events.models import Event

    portal_actions.request_review(answered.petitions.get(), reason="不服")
    assert Event.objects.filter(matter=answered, data__action="request_review").get().actor is None


def test_it_sends_a_county_units_review_to_the_city_bureau(cast, places, register):
    matter = register(region=places.zhongfang).matter
    assert portal_actions.reviewing_body(matter.petitions.get()) == places.city_bureau


def test_it_makes_one_intake_account_per_bureau(places):
    first = portal_actions.intake_account(places.hecheng_bureau)
    assert portal_actions.intake_account(places.hecheng_bureau) == first
    assert first.may_register and not first.has_usable_password()
