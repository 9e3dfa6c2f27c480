"""Information briefs: drafted from the month's data without personal particulars, edited,
published with the next 期号, told to the leaders, counted against the year's target.

alice and frank write for the city; lena (a city leader) and hugo (鹤城区) read; carol
(中方县) sees only 中方县's briefs."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from xinfang.briefs import actions, queries
from xinfang.briefs.models import Brief
from xinfang.events.models import Notification
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions.models import Matter, Priority


@pytest.fixture
def month_of_data(register):
    urgent = register(title="张建国反映小区电梯停运", received_on=dt.date(2026, 3, 2))
    Matter.objects.filter(pk=urgent.matter_id).update(priority=Priority.URGENT)
    register(title="来信反映路灯不亮", channel="letter", received_on=dt.date(2026, 3, 3))
    return urgent


def test_a_draft_is_written_from_the_months_data(cast, month_of_data):
    brief = actions.draft(cast.alice, kind="reception_info", year=2026, month=3)
    assert brief.title == "怀化市2026年3月信访工作情况" and brief.issue is None
    assert "一、总体情况" in brief.body and "2026年3月，全市信访总量为2批次" in brief.body


def test_a_notable_case_leaves_the_petitioners_name_out(cast, month_of_data):
    body = actions.draft(cast.alice, kind="reception_info", year=2026, month=3).body
    assert "电梯停运" in body and "张建国" not in body


def test_publishing_numbers_issues_in_order_and_tells_the_leaders(cast, leaders, month_of_data):
    first = actions.draft(cast.alice, kind="reception_info", year=2026, month=3)
    second = actions.draft(cast.alice, kind="reception_info", year=2026, month=3)
    assert actions.publish(cast.alice, second).issue == 1
    assert actions.publish(cast.frank, first).issue == 2
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert "lena" in told and "hugo" not in told  # a city brief: the city's leaders


def test_a_published_brief_is_not_edited_or_published_again(cast, month_of_data):
    brief = actions.publish(
        cast.alice, actions.draft(cast.alice, kind="for_reading", year=2026, month=3)
    )
    with pytest.raises(DomainError, match="已印发"):
        actions.edit(cast.alice, brief, title="改标题", body="改正文改正文改正文改正文")
    with pytest.raises(DomainError, match="已印发"):
        actions.publish(cast.alice, brief)


def test_an_empty_body_is_refused(cast, month_of_data):
    brief = actions.draft(cast.alice, kind="for_reading", year=2026, month=3)
    with pytest.raises(Invalid):
        actions.edit(cast.alice, brief, title="标题", body="短")


def test_a_future_month_is_refused(cast):
    with pytest.raises(Invalid, match="已经开始的月份"):
        actions.draft(cast.alice, kind="for_reading", year=2026, month=5)


def test_a_department_handler_does_not_write_briefs(cast):
    with pytest.raises(NotAllowed):
        actions.draft(cast.dave, kind="for_reading", year=2026, month=3)


def test_a_county_sees_only_its_own_briefs(cast, month_of_data, client):
    brief = actions.publish(
        cast.alice, actions.draft(cast.alice, kind="for_reading", year=2026, month=3)
    )
    client.force_login(cast.carol)
    assert client.get(f"/briefs/{brief.pk}/").status_code == 404


def test_a_leader_reads_published_briefs_not_drafts(cast, leaders, month_of_data):
    draft = actions.draft(cast.alice, kind="for_reading", year=2026, month=3)
    assert not queries.visible_briefs(cast.lena).filter(pk=draft.pk).exists()
    actions.publish(cast.alice, draft)
    assert queries.visible_briefs(cast.lena).filter(pk=draft.pk).exists()


def test_the_year_is_counted_against_the_target(cast, month_of_data, client):
    actions.publish(cast.alice, actions.draft(cast.alice, kind="for_reading", year=2026, month=3))
    client.force_login(cast.alice)
    page = client.get("/briefs/").content.decode()
    assert "2026年已印发 <strong>1</strong> 期，目标 50 期以上" in page


def test_the_docx_has_the_masthead_and_the_issue(cast, month_of_data, client):
    brief = actions.publish(
        cast.alice, actions.draft(cast.alice, kind="reception_info", year=2026, month=3)
    )
    client.force_login(cast.alice)
    data = client.get(f"/briefs/{brief.pk}/brief.docx").content
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "接访信息" in xml and "2026年第1期" in xml and "张建国" not in xml


def test_drafting_from_the_page(cast, month_of_data, client):
    client.force_login(cast.alice)
    response = client.post("/briefs/", {"kind": "reception_info", "month": "2026-03"})
    brief = Brief.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/briefs/{brief.pk}/"


def test_a_brief_is_numbered_in_the_year_it_comes_out(cast, register):
    from xinfang.lib import timesource

    register(received_on=dt.date(2025, 12, 3))
    december = actions.draft(cast.alice, kind="reception_info", year=2025, month=12)
    january = dt.datetime(2026, 1, 5, 9, tzinfo=timesource.SHANGHAI)
    published = actions.publish(cast.alice, december, at=january)
    assert (published.year, published.issue) == (2026, 1)


def test_a_draft_is_edited_from_its_page(cast, month_of_data, client):
    brief = actions.draft(cast.alice, kind="reception_info", year=2026, month=3)
    client.force_login(cast.alice)
    body = "一、总体情况\n2026年3月，全市信访形势总体平稳。"
    response = client.post(f"/briefs/{brief.pk}/", {"title": "三月信访情况", "body": body})
    assert response.status_code == 302
    brief.refresh_from_db()
    assert (brief.title, brief.body) == ("三月信访情况", body)


def test_an_edit_without_a_body_says_what_is_missing(cast, month_of_data, client):
    brief = actions.draft(cast.alice, kind="reception_info", year=2026, month=3)
    client.force_login(cast.alice)
    response = client.post(f"/briefs/{brief.pk}/", {"title": "三月信访情况", "body": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    brief.refresh_from_db()
    assert brief.title != "三月信访情况"


def test_a_brief_is_published_from_its_page(cast, leaders, month_of_data, client):
    brief = actions.draft(cast.alice, kind="reception_info", year=2026, month=3)
    client.force_login(cast.alice)
    page = client.post(f"/briefs/{brief.pk}/publish/", follow=True).content.decode()
    brief.refresh_from_db()
    assert brief.issue == 1 and "已印发" in page and "已通知领导" in page


def test_publishing_twice_from_the_page_says_it_is_done(cast, month_of_data, client):
    brief = actions.draft(cast.alice, kind="reception_info", year=2026, month=3)
    client.force_login(cast.alice)
    client.post(f"/briefs/{brief.pk}/publish/", follow=True)
    page = client.post(f"/briefs/{brief.pk}/publish/", follow=True).content.decode()
    assert "该简报已印发" in page
    assert Brief.objects.get().issue == 1


def test_a_leader_reading_a_brief_is_offered_no_edit_form(cast, leaders, month_of_data, client):
    brief = actions.publish(
        cast.alice, actions.draft(cast.alice, kind="reception_info", year=2026, month=3)
    )
    client.force_login(leaders.lena.user)
    response = client.get(f"/briefs/{brief.pk}/")
    assert response.status_code == 200 and response.context["form"] is None
