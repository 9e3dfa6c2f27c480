"""The bureau over a unit's handling: 催办 and 督办 while the unit has the matter, 改派 and
撤回 before it accepted; the unit's staff are told, and the unit itself may do none of it;
the unit answers a 督办 notice in writing from its inbox, and only that unit may.

alice and grace (city bureau) oversee; dave's unit (the city housing department) handles;
carol (中方县 bureau) is outside the matter's place."""

from __future__ import annotations

import pytest

from xinfang.accounts.models import Role, User
from xinfang.events.models import EventKind, Notification
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions.models import AssignmentRole, MatterStatus
from xinfang.regions.actions import create_unit
from xinfang.regions.models import UnitKind
from xinfang.workflow import actions
from xinfang.workflow.models import Clock, ClockKind, ClockState, Step, StepKind, SupervisionNotice
from xinfang.workflow.queries import allowed_actions


def _told(matter) -> set[str]:
    event = matter.events.filter(kind=EventKind.WORKFLOW_STEP).latest("created_at", "pk")
    return set(
        Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
    )


def test_the_bureau_is_offered_urge_and_supervise_while_the_unit_has_it(cast, accepted):
    offered = allowed_actions(cast.alice, accepted)
    assert {"urge", "supervise"} <= set(offered)
    assert not {"reassign", "withdraw"} & set(offered)  # accepted: too late to move it


def test_the_unit_is_offered_none_of_it(cast, forwarded):
    assert not {"urge", "supervise", "reassign", "withdraw"} & set(
        allowed_actions(cast.dave, forwarded)
    )


def test_urging_tells_the_unit(cast, accepted):
    matter = actions.urge(cast.alice, accepted, text="请于本周内答复信访人。")
    assert Step.objects.get(matter=matter, kind=StepKind.URGE).unit.name == "怀化市住房和城乡建设局"
    assert "dave" in _told(matter)


def test_urging_needs_words(cast, accepted):
    with pytest.raises(Invalid):
        actions.urge(cast.alice, accepted, text=" ")


def test_supervising_issues_a_notice_on_the_units_running_clock(cast, accepted):
    actions.supervise(cast.alice, accepted, text="请说明未按期办理的原因。")
    notice = SupervisionNotice.objects.get(matter=accepted)
    assert notice.unit.name == "怀化市住房和城乡建设局"
    assert notice.clock.kind == ClockKind.HANDLE and "dave" in _told(accepted)


def test_a_second_notice_waits_for_the_reply(cast, accepted):
    actions.supervise(cast.alice, accepted, text="请说明原因。")
    with pytest.raises(DomainError, match="尚未回复上一份督办单"):
        actions.supervise(cast.alice, accepted, text="再次督办。")
    actions.reply_supervision(cast.dave, SupervisionNotice.objects.get(), text="已加快办理。")
    actions.supervise(cast.alice, accepted, text="再次督办。")
    assert SupervisionNotice.objects.count() == 2


def test_reassigning_moves_the_matter_and_restarts_the_acceptance_clock(cast, places, forwarded):
    water = create_unit("怀化市水利局", UnitKind.DEPARTMENT, places.city)
    User.objects.create_user("wang", password="pw-wang", role=Role.HANDLER, unit=water)
    matter = actions.reassign(cast.alice, forwarded, water, reason="属水利部门职责")
    lead = matter.assignments.get(is_active=True, role=AssignmentRole.LEAD)
    assert lead.unit == water and matter.status == MatterStatus.FORWARDED
    running = Clock.objects.get(
        matter=matter, kind=ClockKind.ACCEPT_NOTICE, state=ClockState.RUNNING
    )
    assert running.unit == water
    # The new unit is told; the old one no longer sees the matter (the audience rule).
    assert _told(matter) == {"wang"}


def test_reassigning_to_the_same_unit_is_refused(cast, places, forwarded):
    with pytest.raises(Invalid, match="请选择其他单位"):
        actions.reassign(cast.alice, forwarded, places.housing, reason="重新交办")


def test_withdrawing_brings_the_matter_back_to_the_bureau(cast, forwarded):
    matter = actions.withdraw(cast.alice, forwarded, reason="转送单位有误，重新处理")
    assert matter.status == MatterStatus.REGISTERED
    assert not matter.assignments.filter(is_active=True).exists()
    assert not Clock.objects.filter(matter=matter, state=ClockState.RUNNING).exists()


def test_nothing_moves_once_accepted(cast, places, accepted):
    with pytest.raises(DomainError):
        actions.withdraw(cast.alice, accepted, reason="撤回")


def test_a_bureau_outside_the_place_may_not_urge(cast, accepted):
    with pytest.raises(NotAllowed):
        actions.urge(cast.carol, accepted, text="请抓紧。")


def test_the_case_page_offers_the_supervisor_the_buttons(client, grace, accepted):
    client.force_login(grace)
    page = client.get(accepted.petitions.first().get_absolute_url()).content.decode()
    assert 'data-action="urge"' in page and 'data-action="supervise"' in page


# The supervised unit's written reply (书面回复), from its inbox.


def test_the_supervised_unit_replies_from_its_inbox(client, cast, accepted):
    actions.supervise(cast.alice, accepted, text="请说明未按期办理的原因。")
    notice = SupervisionNotice.objects.get()
    client.force_login(cast.dave)
    assert (
        f"/workflow/notices/{notice.pk}/reply/" in client.get("/workflow/inbox/").content.decode()
    )
    response = client.post(
        f"/workflow/notices/{notice.pk}/reply/", {"text": "已约谈信访人，本周内答复。"}
    )
    assert response.status_code == 302 and response.url == "/workflow/inbox/"
    notice.refresh_from_db()
    assert (notice.reply, notice.replied_by) == ("已约谈信访人，本周内答复。", cast.dave)


def test_a_reply_of_blanks_says_it_needs_words(client, cast, accepted):
    actions.supervise(cast.alice, accepted, text="请说明原因。")
    notice = SupervisionNotice.objects.get()
    client.force_login(cast.dave)
    response = client.post(f"/workflow/notices/{notice.pk}/reply/", {"text": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    notice.refresh_from_db()
    assert notice.replied_at is None


def test_no_one_outside_the_supervised_unit_may_open_the_reply(client, cast, accepted):
    actions.supervise(cast.alice, accepted, text="请说明原因。")
    notice = SupervisionNotice.objects.get()
    for outsider in (cast.alice, cast.carol, cast.erin):
        client.force_login(outsider)
        assert client.get(f"/workflow/notices/{notice.pk}/reply/").status_code == 404


def test_a_notice_replied_to_is_no_longer_open(client, cast, accepted):
    actions.supervise(cast.alice, accepted, text="请说明原因。")
    notice = SupervisionNotice.objects.get()
    actions.reply_supervision(cast.dave, notice, text="已答复。")
    client.force_login(cast.dave)
    assert client.get(f"/workflow/notices/{notice.pk}/reply/").status_code == 404
