"""The backlog pages and the case page's panel: 积案, 老户 and aid on the case, seen by who
may see the case; the 老户 flag shows on case pages only (there is no list of people)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from xinfang.backlog import actions
from xinfang.backlog.models import Backlog, FollowUp, FollowUpKind, LongTermPetitioner
from xinfang.lib.errors import DomainError, NotAllowed


def _panel(client, user, petition):
    client.force_login(user)
    return client.get(reverse("backlog:panel", args=[petition.number]))


def test_a_handler_marks_the_case_from_its_panel(client, cast, hecheng_case):
    client.force_login(cast.bob)
    answer = client.post(
        reverse("backlog:mark", args=[hecheng_case.number]), {"reason": "多次答复仍反复信访"}
    )
    assert answer.status_code == 302
    assert Backlog.objects.get(matter=hecheng_case.matter).reason == "多次答复仍反复信访"


def test_the_panel_shows_the_backlog_to_who_may_see_the_case(client, cast, hecheng_backlog):
    page = _panel(client, cast.alice, hecheng_backlog.matter.petitions.get()).content.decode()
    assert "信访积案" in page and "多次答复仍反复信访" in page


def test_another_countys_staff_do_not_reach_the_panel(client, cast, hecheng_case):
    assert _panel(client, cast.carol, hecheng_case).status_code == 404


def test_a_long_term_flag_shows_on_the_case_page_of_who_may_see_it(client, cast, hecheng_case):
    person = hecheng_case.petitioners.get()
    actions.flag_long_term(cast.bob, person, note="生活困难，需持续帮扶")
    page = _panel(client, cast.alice, hecheng_case).content.decode()
    assert "老户" in page and "生活困难，需持续帮扶" in page
    assert _panel(client, cast.carol, hecheng_case).status_code == 404


def test_a_flag_is_put_and_taken_off_through_the_panel(client, cast, hecheng_case):
    person = hecheng_case.petitioners.get()
    client.force_login(cast.bob)
    url = reverse("backlog:flag", args=[hecheng_case.number, person.pk])
    client.post(url, {"note": "持续帮扶"})
    assert LongTermPetitioner.objects.filter(petitioner=person).exists()
    client.post(url, {"off": "1"})
    assert not LongTermPetitioner.objects.filter(petitioner=person).exists()
    kinds = list(
        hecheng_case.matter.events.filter(kind="long_term_flagged").values_list(
            "summary", flat=True
        )
    )
    assert kinds == ["标记信访人张建国为老户，持续帮扶", "取消信访人张建国的老户标记"]


def test_a_department_handler_sees_the_flag_but_does_not_set_it(cast, forwarded):
    with pytest.raises(NotAllowed):
        actions.flag_long_term(cast.dave, forwarded.petitioners.get())


def test_a_petitioner_is_flagged_once(cast, hecheng_case):
    actions.flag_long_term(cast.bob, hecheng_case.petitioners.get())
    with pytest.raises(DomainError, match="已标记为老户"):
        actions.flag_long_term(cast.alice, hecheng_case.petitioners.get())


def test_there_is_no_page_listing_flagged_people():
    from xinfang.backlog import urls

    assert all("long" not in str(p.pattern) and "flagged" not in p.name for p in urls.urlpatterns)


def test_the_list_shows_the_backlog_with_its_next_follow_up(client, cast, hecheng_backlog):
    actions.plan_follow_up(
        cast.bob, hecheng_backlog, kind=FollowUpKind.VISIT, plan="上门回访", due_workdays=5
    )
    client.force_login(cast.bob)
    page = client.get(reverse("backlog:list")).content.decode()
    assert hecheng_backlog.matter.number in page and "2026-03-17" in page


def test_a_county_leader_does_not_see_another_countys_backlog(
    client, cast, leaders, hecheng_backlog, zhongfang_backlog
):
    client.force_login(cast.zoe)
    page = client.get(reverse("backlog:list")).content.decode()
    assert zhongfang_backlog.matter.number in page
    assert hecheng_backlog.matter.number not in page
    assert client.get(reverse("backlog:detail", args=[hecheng_backlog.pk])).status_code == 404


def test_a_plan_is_made_recorded_and_the_backlog_ended_on_its_page(client, cast, hecheng_backlog):
    client.force_login(cast.bob)
    url = reverse("backlog:plan", args=[hecheng_backlog.pk])
    answer = client.post(url, {"kind": "call", "plan": "电话回访", "due_on": "2026-03-14"})
    assert answer.status_code == 302
    item = FollowUp.objects.get()
    assert item.due_on == dt.date(2026, 3, 16)  # Saturday: the next working day
    answer = client.post(reverse("backlog:done", args=[item.pk]), {"note": "已电话回访"})
    assert answer.status_code == 302
    answer = client.post(
        reverse("backlog:end", args=[hecheng_backlog.pk]),
        {"ending": "hearing", "note": "听证后终结"},
    )
    assert answer.status_code == 302
    hecheng_backlog.refresh_from_db()
    assert hecheng_backlog.ending == "hearing"
    page = client.get(reverse("backlog:detail", args=[hecheng_backlog.pk])).content.decode()
    assert "听证终结" in page and "已电话回访" in page


def test_a_refused_step_is_shown_on_the_page(client, cast, hecheng_backlog):
    client.force_login(cast.bob)
    url = reverse("backlog:plan", args=[hecheng_backlog.pk])
    page = client.post(url, {"kind": "call", "plan": "电话回访"}).content.decode()
    assert "请填写计划完成时间" in page


def test_another_county_cannot_post_to_the_backlog(client, cast, hecheng_backlog):
    client.force_login(cast.carol)
    url = reverse("backlog:end", args=[hecheng_backlog.pk])
    assert client.post(url, {"ending": "law"}).status_code == 404


def test_the_menu_shows_the_tools_to_the_roles_using_them(client, cast, leaders, forwarded):
    client.force_login(cast.hugo)
    page = client.get(reverse("backlog:list")).content.decode()
    assert "积案化解" in page and "化解活动" in page and "救助帮扶" in page
    client.force_login(cast.dave)
    assert client.get(reverse("backlog:list")).status_code == 404
