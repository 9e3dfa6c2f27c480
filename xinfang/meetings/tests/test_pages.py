"""The pages: recording a meeting, its decisions and their follow-up through the forms;
forming a special group (专项小组)."""

from __future__ import annotations

import pytest

from xinfang.meetings.models import Decision, Meeting, SpecialGroup

pytestmark = pytest.mark.django_db


def test_a_meeting_is_recorded_from_the_form(client, people, places, units, matter):
    client.force_login(people.carol)
    response = client.post(
        "/meetings/new/",
        {"kind": "joint", "region": places.zhongfang.pk, "convener": places.zhongfang_bureau.pk,
         "held_on": "2026-03-09", "place": "县信访局会议室", "chair": "王建华",
         "topic": "移民新村阻工问题", "attendees": [places.zhongfang_bureau.pk, units.resettlement.pk],
         "matters": matter.number},
    )  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert [i.matter for i in meeting.items.all()] == [matter]


def test_an_unknown_matter_number_is_refused_in_words(client, people, places, units):
    client.force_login(people.carol)
    response = client.post(
        "/meetings/new/",
        {"kind": "joint", "region": places.zhongfang.pk, "convener": places.zhongfang_bureau.pk,
         "held_on": "2026-03-09", "place": "会议室", "chair": "王建华", "topic": "议题",
         "attendees": [places.zhongfang_bureau.pk, units.resettlement.pk], "matters": "X-404"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "没有找到信访事项“X-404”" in response.content.decode()


def test_a_decision_is_recorded_from_the_meeting_page(client, people, meeting, units, matter):
    client.force_login(people.carol)
    response = client.post(
        f"/meetings/{meeting.pk}/decisions/",
        {"text": "县移民开发局入户宣传", "unit": units.resettlement.pk, "days": "10",
         "matter": matter.pk},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "2026-03-16（10个工作日）" in page
    assert "剩余4个工作日" in page


def test_a_decision_without_unit_says_so(client, people, meeting):
    client.force_login(people.carol)
    response = client.post(f"/meetings/{meeting.pk}/decisions/", {"text": "x", "days": "5"})
    assert response.status_code == 422
    assert "这个字段是必填项" in response.content.decode()


def test_the_responsible_unit_reports_from_the_meeting_page(client, people, decision):
    client.force_login(people.ivy)
    response = client.post(f"/meetings/decisions/{decision.pk}/follow-up/",
                           {"status": "done", "on": "2026-03-10", "text": "已恢复施工"})  # fmt: skip
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "done"
    assert Decision.objects.get().follow_ups.get().text == "已恢复施工"


def test_a_leader_sees_no_meeting_form(client, people):
    client.force_login(people.leo)
    assert client.get("/meetings/new/").status_code == 404


def test_a_special_group_is_formed_from_the_groups_page(client, people, places, units):
    client.force_login(people.carol)
    response = client.post(
        "/meetings/groups/",
        {"name": "物业管理专项小组", "region": places.zhongfang.pk,
         "content_class": places.urban.pk, "lead_unit": units.resettlement.pk,
         "members": [units.resettlement.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    group = SpecialGroup.objects.get()
    assert (group.name, group.region, group.lead_unit) == (
        "物业管理专项小组", places.zhongfang, units.resettlement,
    )  # fmt: skip


def test_a_group_without_members_says_so_on_the_page(client, people, places, units):
    client.force_login(people.carol)
    response = client.post(
        "/meetings/groups/",
        {"name": "物业管理专项小组", "region": places.zhongfang.pk,
         "content_class": places.urban.pk, "lead_unit": units.resettlement.pk},
    )  # fmt: skip
    assert response.context["form"].errors["members"] == ["这个字段是必填项。"]
    assert not SpecialGroup.objects.exists()


def test_a_leader_may_not_form_a_group(client, people):
    client.force_login(people.leo)
    assert client.post("/meetings/groups/", {"name": "x"}).status_code == 404
