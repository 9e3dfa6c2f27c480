"""Who sees aid, what of it, and the record of every look: names and amounts masked in
lists; the record's page shows them to holders of the personal-data right and logs the look
in the audit log petitions use (查看记录); another county sees nothing (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinfang.aid import actions, queries
from xinfang.aid.models import AidStatus
from xinfang.events.models import Event, EventKind

from .files import pdf as _pdf


@pytest.fixture
def hecheng_aid(give, hecheng_case):
    return give(hecheng_case.matter, amount="12345.60", recipient_name="张建国")


def _looks():
    return Event.objects.filter(kind=EventKind.PERSONAL_DATA_REVEALED)


def test_the_list_masks_names_and_amounts(client, cast, hecheng_aid):
    client.force_login(cast.alice)
    page = client.get(reverse("aid:list")).content.decode()
    assert "张**" in page and "****" in page
    assert "张建国" not in page and "12,345.60" not in page and "12345" not in page
    assert not _looks().exists()


def test_the_record_shows_them_to_the_bureau_and_logs_the_look(client, cast, hecheng_aid):
    client.force_login(cast.alice)
    page = client.get(reverse("aid:detail", args=[hecheng_aid.pk])).content.decode()
    assert "张建国" in page and "12,345.60元" in page
    look = _looks().get()
    assert look.actor == cast.alice and look.matter == hecheng_aid.matter
    assert look.data == {"aid": hecheng_aid.pk, "field": "受助人姓名和金额"}


def test_every_look_is_logged(client, cast, hecheng_aid):
    client.force_login(cast.alice)
    for _ in range(2):
        client.get(reverse("aid:detail", args=[hecheng_aid.pk]))
    assert _looks().count() == 2


def test_a_department_handler_sees_the_record_masked_and_no_look_is_logged(
    client, cast, give, forwarded
):
    aid = give(forwarded.matter)
    client.force_login(cast.dave)
    page = client.get(reverse("aid:detail", args=[aid.pk])).content.decode()
    assert "张**" in page and "张建国" not in page and "5,000.00" not in page
    assert "您无权查看受助人姓名和金额" in page
    assert not _looks().exists()
    assert client.get(reverse("aid:list")).status_code == 404


def test_the_supervisors_audit_page_lists_the_look(client, cast, grace, hecheng_aid):
    client.force_login(cast.alice)
    client.get(reverse("aid:detail", args=[hecheng_aid.pk]))
    client.force_login(grace)
    page = client.get(reverse("petitions:audit")).content.decode()
    assert "受助人姓名和金额" in page and hecheng_aid.matter.number in page


def test_a_look_at_aid_on_no_matter_is_audited_too(client, cast, grace, give, places):
    aid = give(None, region=places.hecheng)
    client.force_login(cast.bob)
    client.get(reverse("aid:detail", args=[aid.pk]))
    client.force_login(grace)
    assert "受助人姓名和金额" in client.get(reverse("petitions:audit")).content.decode()


def test_the_agreement_download_is_logged(client, cast, give, hecheng_case):
    aid = give(hecheng_case.matter, agreement=_pdf())
    client.force_login(cast.alice)
    answer = client.get(reverse("aid:agreement", args=[aid.pk]))
    assert answer.status_code == 200 and answer["Content-Disposition"].startswith("attachment")
    assert _looks().filter(data__field="息访协议文件").count() == 1


def test_another_county_sees_no_aid(client, cast, leaders, hecheng_aid):
    client.force_login(cast.zoe)
    assert client.get(reverse("aid:detail", args=[hecheng_aid.pk])).status_code == 404
    assert client.get(reverse("aid:agreement", args=[hecheng_aid.pk])).status_code == 404
    assert "张**" not in client.get(reverse("aid:list")).content.decode()
    assert queries.totals(cast.zoe, 2026).all.records == 0
    assert not queries.visible_aid(cast.zoe).exists()


def test_another_county_cannot_decide_through_the_page(client, cast, leaders, hecheng_aid):
    client.force_login(cast.zoe)
    url = reverse("aid:decide", args=[hecheng_aid.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    hecheng_aid.refresh_from_db()
    assert hecheng_aid.status == AidStatus.PENDING


def test_a_handler_gets_no_approval_form_and_a_post_is_refused(client, cast, hecheng_aid):
    client.force_login(cast.bob)
    page = client.get(reverse("aid:detail", args=[hecheng_aid.pk])).content.decode()
    assert 'id="decide-form"' not in page and "经办人、登记员不能审批救助" in page
    page = client.post(reverse("aid:decide", args=[hecheng_aid.pk]), {"decision": "approve"})
    assert "经办人、登记员不能审批救助" in page.content.decode()
    hecheng_aid.refresh_from_db()
    assert hecheng_aid.status == AidStatus.PENDING


def test_a_leader_approves_from_the_record_and_the_workbench_lists_it_first(
    client, cast, leaders, hecheng_aid
):
    client.force_login(cast.hugo)
    workbench = client.get(reverse("casework:workbench")).content.decode()
    assert "待审批救助" in workbench and "张**" in workbench and "张建国" not in workbench
    answer = client.post(reverse("aid:decide", args=[hecheng_aid.pk]), {"decision": "approve"})
    assert answer.status_code == 302
    hecheng_aid.refresh_from_db()
    assert hecheng_aid.status == AidStatus.APPROVED and hecheng_aid.approving_leader == leaders.hugo


def test_a_registrar_records_aid_through_the_page(client, cast, hecheng_case):
    client.force_login(cast.bob)
    answer = client.post(reverse("aid:new"), {
        "matter": hecheng_case.matter.number, "source": "civil", "amount": "3000",
        "given_on": "2026-03-10", "people": "3", "recipient_name": "李秀英",
        "agreement": _pdf(),
    })  # fmt: skip
    assert answer.status_code == 302
    aid = queries.visible_aid(cast.bob).get()
    assert aid.people == 3 and aid.has_agreement and aid.matter == hecheng_case.matter


def test_a_number_outside_ones_scope_is_not_found(client, cast, zhongfang_case):
    client.force_login(cast.bob)
    page = client.post(reverse("aid:new"), {
        "matter": zhongfang_case.matter.number, "source": "civil", "amount": "3000",
        "given_on": "2026-03-10", "people": "1", "recipient_name": "李秀英",
    }).content.decode()  # fmt: skip
    assert "没有找到该事项编号" in page


def test_record_look_refuses_without_the_right(cast, give, forwarded):
    from xinfang.lib.errors import NotAllowed

    aid = give(forwarded.matter)
    with pytest.raises(NotAllowed):
        actions.record_look(cast.dave, aid, "受助人姓名和金额")
