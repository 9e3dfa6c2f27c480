"""The pages: recording progress with a photo through the form, errors shown in words; the
work's status, residents' issues, links and photos from the project page."""

from __future__ import annotations

import pytest

from xinfang.disputes.actions import DisputeDraft, record_dispute
from xinfang.disputes.models import DisputeKind, Risk
from xinfang.lib import timesource
from xinfang.petitions import storage
from xinfang.projects import actions
from xinfang.projects.models import IssueStatus, ProgressEntry, ProjectStatus, ResidentIssue
from xinfang.projects.tests.conftest import photo

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_units_progress_in_words(client, people, project):
    client.force_login(people.carol)
    page = client.get("/projects/").content.decode()
    assert "旧房改造全部37户完成0户" in page
    assert "牛麻一队移民新村旧房改造" in page


def test_a_progress_entry_with_a_photo_is_recorded_from_the_form(client, people, project):
    client.force_login(people.ivy)
    response = client.post(
        f"/projects/{project.pk}/progress/",
        {"on": "2026-03-09", "done": "11", "text": "11户完成屋面改造", "photos": [photo()]},
    )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert entry.photos.count() == 1
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "牛麻一队移民新村旧房改造全部37户完成11户" in page
    image = client.get(f"/projects/{project.pk}/photos/{entry.photos.get().pk}/")
    assert image["Content-Type"] == "image/png"


def test_a_progress_form_with_errors_says_so_in_chinese(client, people, project):
    client.force_login(people.ivy)
    response = client.post(
        f"/projects/{project.pk}/progress/", {"on": "2026-03-09", "done": "40", "text": "x"}
    )
    assert response.status_code == 422
    assert "累计完成量应在0至计划量37户之间" in response.content.decode()


def test_a_project_is_recorded_from_the_form(client, people, places, units):
    client.force_login(people.ivy)
    response = client.post(
        "/projects/new/",
        {"unit": units.resettlement.pk, "region": places.zhongfang.pk, "place": "何屋屯",
         "name": "何屋屯村屯道路", "kind": "road", "measure": "metres", "planned": "1500"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "何屋屯村屯道路全部1500米尚未实施" in client.get(response.url).content.decode()


# The work's status, residents' issues and links, each written from the project page.


def test_a_clerk_starts_the_work_from_the_page(client, people, project):
    client.force_login(people.ivy)
    page = client.post(f"/projects/{project.pk}/status/start/", follow=True).content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_WAY
    assert "已开工" in page


def test_a_move_the_project_cannot_make_is_refused_in_words(client, people, project):
    client.force_login(people.ivy)
    page = client.post(f"/projects/{project.pk}/status/pause/", follow=True).content.decode()
    assert "状态为“规划”的项目不能“暂停施工”" in page
    project.refresh_from_db()
    assert project.status == ProjectStatus.PLANNED


def test_finishing_by_hand_is_refused_with_the_reason(client, people, project):
    client.force_login(people.ivy)
    page = client.post(f"/projects/{project.pk}/status/finish/", follow=True).content.decode()
    assert "完工由进度决定" in page


def test_an_unknown_move_is_a_404(client, people, project):
    client.force_login(people.ivy)
    assert client.post(f"/projects/{project.pk}/status/demolish/").status_code == 404


def test_a_leader_cannot_change_the_status(client, people, project):
    client.force_login(people.leo)
    assert client.post(f"/projects/{project.pk}/status/start/").status_code == 404
    project.refresh_from_db()
    assert project.status == ProjectStatus.PLANNED


def test_a_residents_issue_is_raised_and_resolved_from_the_page(client, people, project):
    client.force_login(people.ivy)
    client.post(
        f"/projects/{project.pk}/issues/",
        {"raised_on": "2026-03-09", "raised_by": "移民新村村民代表", "text": "施工车辆压坏村道"},
    )
    item = ResidentIssue.objects.get()
    response = client.post(
        f"/projects/{project.pk}/issues/{item.pk}/resolve/", {"answer": "施工方已修复村道"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.answer) == (IssueStatus.RESOLVED, "施工方已修复村道")


def test_an_issue_without_its_text_says_what_is_missing(client, people, project):
    client.force_login(people.ivy)
    response = client.post(
        f"/projects/{project.pk}/issues/", {"raised_on": "2026-03-09", "raised_by": "村民"}
    )
    assert response.status_code == 422
    assert "这个字段是必填项" in response.content.decode()
    assert not ResidentIssue.objects.exists()


def test_an_issue_resolved_once_cannot_be_resolved_again(client, people, project):
    item = actions.raise_issue(
        people.ivy, project, raised_on=timesource.today(), raised_by="村民", text="噪音扰民"
    )
    actions.resolve_issue(people.ivy, item, answer="已调整施工时间")
    client.force_login(people.ivy)
    response = client.post(
        f"/projects/{project.pk}/issues/{item.pk}/resolve/", {"answer": "再次处理"}
    )
    assert response.status_code == 404


def test_a_matter_is_linked_by_its_number_and_unlinked(client, people, project, register, places):
    matter = register(region=places.zhongfang).matter
    client.force_login(people.carol)
    client.post(f"/projects/{project.pk}/links/", {"number": matter.number})
    assert list(project.matters.all()) == [matter]
    assert matter.number in client.get(f"/projects/{project.pk}/").content.decode()
    client.post(f"/projects/{project.pk}/links/remove/", {"matter": matter.pk})
    assert not project.matters.exists()


def test_a_link_form_with_nothing_chosen_says_what_to_fill_in(client, people, project):
    client.force_login(people.ivy)
    response = client.post(f"/projects/{project.pk}/links/", {"number": "", "dispute": ""})
    assert response.status_code == 422
    assert "请填写信访事项编号或选择矛盾纠纷" in response.content.decode()


def test_a_dispute_on_the_ledger_is_linked_from_the_page(client, people, project, units, places):
    dispute = record_dispute(
        people.ivy,
        DisputeDraft(
            unit=units.resettlement, region=places.zhongfang, place="牛麻一队",
            found_on=timesource.today(), title="移民新村施工阻工纠纷", parties="杨某等3户",
            kind=DisputeKind.LAND_TAKING, people=3, risk=Risk.MEDIUM,
            responsible_person="刘建军", responsible_unit="中方县移民开发局",
            details="", measures="",
        ),
    )  # fmt: skip
    client.force_login(people.ivy)
    response = client.post(f"/projects/{project.pk}/links/", {"dispute": dispute.pk})
    assert response.status_code == 302
    assert list(project.disputes.all()) == [dispute]


def test_a_photo_whose_file_is_gone_says_so(client, people, project):
    entry = actions.record_progress(
        people.ivy, project, on=timesource.today(), done=1, text="1户完成", photos=[photo()]
    )
    stored = entry.photos.get()
    storage.path_of(stored.stored_name).unlink()
    client.force_login(people.carol)
    response = client.get(f"/projects/{project.pk}/photos/{stored.pk}/")
    assert response.status_code == 410
    assert "照片文件缺失" in response.content.decode()


def test_a_photo_is_not_served_under_another_project(client, people, project, project_draft):
    entry = actions.record_progress(
        people.ivy, project, on=timesource.today(), done=1, text="1户完成", photos=[photo()]
    )
    other = actions.record_project(people.ivy, project_draft(name="何屋屯村屯道路"))
    client.force_login(people.carol)
    url = f"/projects/{other.pk}/photos/{entry.photos.get().pk}/"
    assert client.get(url).status_code == 404
