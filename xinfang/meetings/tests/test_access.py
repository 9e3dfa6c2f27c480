"""Who sees a meeting: its region's staff, and the units that convened, attended or were
given a decision; anyone else gets a 404. Matters are shown only to who may see them."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_countys_handler_sees_the_meeting(client, people, meeting):
    assert _get(client, people.carol, f"/meetings/{meeting.pk}/").status_code == 200


def test_an_attending_city_department_sees_the_meeting(client, people, meeting):
    assert _get(client, people.dave, f"/meetings/{meeting.pk}/").status_code == 200


def test_another_countys_handler_gets_404(client, people, meeting):
    assert _get(client, people.bob, f"/meetings/{meeting.pk}/").status_code == 404


def test_another_countys_handler_gets_404_for_the_minutes(client, people, meeting):
    assert _get(client, people.bob, f"/meetings/{meeting.pk}/minutes.docx").status_code == 404


def test_another_countys_handler_may_not_report_on_a_decision(client, people, decision):
    client.force_login(people.bob)
    response = client.post(f"/meetings/decisions/{decision.pk}/follow-up/",
                           {"status": "done", "on": "2026-03-10", "text": "x"})  # fmt: skip
    assert response.status_code == 404


def test_a_matter_discussed_is_hidden_from_who_may_not_see_it(client, people, meeting, matter):
    # The housing department attended, but the matter was never assigned to it.
    page = _get(client, people.dave, f"/meetings/{meeting.pk}/").content.decode()
    assert matter.number not in page


def test_a_decision_on_a_hidden_matter_is_not_shown(client, people, decision):
    page = _get(client, people.dave, f"/meetings/{decision.meeting_id}/").content.decode()
    assert "恢复施工" not in page


def test_the_unit_given_a_decision_on_a_matter_comes_to_see_it(client, people, decision, matter):
    page = _get(client, people.ivy, f"/meetings/{decision.meeting_id}/").content.decode()
    assert matter.number in page
    assert "报告落实情况" in page
