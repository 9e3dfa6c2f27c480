"""Aid (救助帮扶): recorded by the bureau, approved by a supervisor or, above the threshold,
by a leader over the place; never by a handler or by whoever recorded it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xinfang.aid import actions, queries
from xinfang.aid.models import AidStatus
from xinfang.events.models import EventKind
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions import storage

from .files import PDF
from .files import pdf as _pdf


def test_a_bureau_handler_records_aid_waiting_for_approval(cast, give, hecheng_case, places):
    aid = give(hecheng_case.matter)
    assert aid.status == AidStatus.PENDING and aid.region == places.hecheng
    assert aid.amount == Decimal("5000.00")
    event = hecheng_case.matter.events.get(kind=EventKind.AID_RECORDED)
    # The timeline is read by everyone on the case: no name, no amount.
    assert "张建国" not in event.summary and "5000" not in event.summary
    assert event.summary == "登记救助帮扶（信访救助，2026-03-10，1人），待领导或督查审批"


def test_amount_people_and_source_are_checked(cast, give, hecheng_case):
    with pytest.raises(Invalid) as refused:
        give(hecheng_case.matter, amount="0", people=0, source="lottery", recipient_name="")
    assert set(refused.value.errors) == {"amount", "people", "source", "recipient_name"}


def test_aid_on_no_matter_stays_in_the_recorders_region(cast, give, places):
    aid = give(None, region=places.hecheng)
    assert aid.matter is None and aid.region == places.hecheng
    with pytest.raises(Invalid) as refused:
        give(None, region=places.zhongfang)
    assert refused.value.errors["region"] == ["只能登记本辖区的救助"]


def test_a_county_handler_cannot_record_aid_on_another_countys_case(cast, give, hecheng_case):
    with pytest.raises(NotAllowed):
        give(hecheng_case.matter, actor=cast.carol)


def test_a_supervisor_approves_aid_up_to_the_threshold(cast, grace, give, hecheng_case):
    aid = actions.decide_aid(grace, give(hecheng_case.matter), approve=True, note="同意")
    assert aid.status == AidStatus.APPROVED and aid.decided_by == grace
    assert aid.approving_leader is None


def test_above_the_threshold_only_a_leader_approves(cast, grace, leaders, give, hecheng_case):
    aid = give(hecheng_case.matter, amount="20000")
    assert queries.needs_leader(aid)
    with pytest.raises(NotAllowed, match="须由所在地区的领导审批"):
        actions.decide_aid(grace, aid, approve=True)
    actions.decide_aid(cast.hugo, aid, approve=True)
    aid.refresh_from_db()
    assert aid.status == AidStatus.APPROVED and aid.approving_leader == leaders.hugo
    event = hecheng_case.matter.events.get(kind=EventKind.AID_DECIDED)
    assert event.summary.startswith("Hugo（区长）已批准救助帮扶")


def test_the_threshold_is_a_setting(settings, cast, grace, give, hecheng_case):
    settings.XINFANG_AID_LEADER_APPROVAL_ABOVE = 3000
    with pytest.raises(NotAllowed, match="超过3,000元"):
        actions.decide_aid(grace, give(hecheng_case.matter), approve=True)


def test_a_handler_cannot_approve_aid(cast, give, hecheng_case):
    aid = give(hecheng_case.matter, actor=cast.alice, amount="100")
    with pytest.raises(NotAllowed, match="经办人、登记员不能审批救助"):
        actions.decide_aid(cast.bob, aid, approve=True)
    aid.refresh_from_db()
    assert aid.status == AidStatus.PENDING


def test_nobody_approves_what_they_recorded(cast, grace, give, hecheng_case):
    aid = give(hecheng_case.matter, actor=grace)
    with pytest.raises(NotAllowed, match="不能审批本人登记的救助"):
        actions.decide_aid(grace, aid, approve=True)


def test_another_countys_leader_cannot_approve(cast, leaders, give, hecheng_case):
    aid = give(hecheng_case.matter, amount="20000")
    with pytest.raises(NotAllowed):
        actions.decide_aid(cast.zoe, aid, approve=True)


def test_the_city_leader_approves_a_countys_aid(cast, leaders, give, hecheng_case):
    aid = actions.decide_aid(cast.lena, give(hecheng_case.matter, amount="50000"), approve=True)
    assert aid.approving_leader == leaders.lena


def test_turning_aid_down_needs_a_reason_and_is_decided_once(cast, grace, give, hecheng_case):
    aid = give(hecheng_case.matter)
    with pytest.raises(Invalid):
        actions.decide_aid(grace, aid, approve=False)
    actions.decide_aid(grace, aid, approve=False, note="不符合救助条件")
    aid.refresh_from_db()
    assert aid.status == AidStatus.REJECTED
    with pytest.raises(NotAllowed, match="已审批"):
        actions.decide_aid(grace, aid, approve=True)


def test_the_signed_agreement_is_kept_as_a_file(cast, give, hecheng_case):
    aid = give(hecheng_case.matter, agreement=_pdf())
    assert aid.has_agreement and aid.has_file
    assert storage.path_of(aid.agreement_stored).read_bytes() == PDF
    assert aid.agreement_name == "息访协议.pdf"


def test_a_file_that_is_not_what_it_says_is_refused(cast, give, hecheng_case):
    with pytest.raises(Invalid) as refused:
        give(hecheng_case.matter, agreement=_pdf(content=b"<html>not a pdf"))
    assert refused.value.errors["agreement"] == ["文件内容与扩展名不符"]


def test_the_agreement_may_be_attached_later_once(cast, give, hecheng_case):
    aid = give(hecheng_case.matter)
    actions.attach_agreement(cast.bob, aid, _pdf())
    aid.refresh_from_db()
    assert aid.has_agreement and aid.has_file
    with pytest.raises(DomainError, match="已有息访协议文件"):
        actions.attach_agreement(cast.bob, aid, _pdf())


def test_a_leader_sees_aid_waiting_for_approval(cast, leaders, give, hecheng_case, zhongfang_case):
    mine = give(hecheng_case.matter, amount="20000")
    give(zhongfang_case.matter, actor=cast.carol)
    assert list(queries.waiting_for(cast.hugo)) == [mine]
    assert len(queries.waiting_for(cast.lena)) == 2


def test_aid_may_be_given_on_a_day_ahead_but_not_far_ahead(cast, give, hecheng_case):
    give(hecheng_case.matter, given_on=dt.date(2026, 4, 1))
    with pytest.raises(Invalid):
        give(hecheng_case.matter, given_on=dt.date(2026, 12, 1))


# The agreement uploaded later, from the aid's page.


def test_the_agreement_is_uploaded_from_the_aids_page(client, cast, give, hecheng_case):
    aid = give(hecheng_case.matter)
    client.force_login(cast.bob)
    response = client.post(f"/aid/{aid.pk}/attach/", {"agreement": _pdf()})
    assert response.status_code == 302 and response.url == f"/aid/{aid.pk}/"
    aid.refresh_from_db()
    assert aid.has_file and storage.path_of(aid.agreement_stored).read_bytes() == PDF


def test_an_upload_that_is_not_a_pdf_is_refused_on_the_page(client, cast, give, hecheng_case):
    aid = give(hecheng_case.matter)
    client.force_login(cast.bob)
    response = client.post(f"/aid/{aid.pk}/attach/", {"agreement": _pdf(content=b"<html>")})
    assert "文件内容与扩展名不符" in response.content.decode()
    aid.refresh_from_db()
    assert not aid.has_file


def test_an_upload_without_a_file_says_what_is_missing(client, cast, give, hecheng_case):
    aid = give(hecheng_case.matter)
    client.force_login(cast.bob)
    response = client.post(f"/aid/{aid.pk}/attach/", {})
    assert response.context["agreement_form"].errors["agreement"]
