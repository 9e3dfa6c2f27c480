"""Recording projects, progress with photos, status changes and residents' issues."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions import storage
from xinfang.projects import actions
from xinfang.projects.machine import Move
from xinfang.projects.models import IssueStatus, Photo, ProjectStatus
from xinfang.projects.tests.conftest import JPEG, photo

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def test_a_recorded_project_starts_as_planned_with_nothing_done(project):
    assert project.status == ProjectStatus.PLANNED
    assert project.done == 0


def test_recording_a_project_without_particulars_says_what_is_missing(people, project_draft):
    draft = project_draft(place=" ", kind="", measure="", planned=0)
    with pytest.raises(Invalid) as caught:
        actions.record_project(people.ivy, draft)
    assert caught.value.errors == {
        "place": ["请填写村（屯）组"],
        "kind": ["请选择项目类型"],
        "measure": ["请选择计量单位（户、米、处）"],
        "planned": ["计划量应在1至1000000之间"],
    }


def test_a_leader_may_not_record_a_project(people, project_draft):
    with pytest.raises(NotAllowed):
        actions.record_project(people.leo, project_draft())


def test_a_clerk_may_not_attach_another_countys_unit(people, project_draft, places):
    with pytest.raises(Invalid) as caught:
        actions.record_project(people.ivy, project_draft(unit=places.hecheng_bureau))
    assert caught.value.errors == {"unit": ["您不能为鹤城区信访局登记挂点项目"]}


def test_a_village_outside_the_units_region_is_refused(people, project_draft, places):
    with pytest.raises(Invalid) as caught:
        actions.record_project(people.ivy, project_draft(region=places.hecheng))
    assert caught.value.errors == {"region": ["所在区划应在中方县辖区内"]}


def test_the_first_progress_entry_starts_the_work(people, project):
    actions.record_progress(people.ivy, project, on=DAY, done=11, text="11户完成屋面改造")
    project.refresh_from_db()
    assert (project.status, project.done, project.started_on) == (ProjectStatus.UNDER_WAY, 11, DAY)


def test_reaching_the_planned_quantity_completes_the_project(people, project):
    actions.record_progress(people.ivy, project, on=DAY, done=37, text="全部37户完成")
    project.refresh_from_db()
    assert (project.status, project.finished_on) == (ProjectStatus.DONE, DAY)


def test_progress_beyond_the_plan_is_refused_in_words(people, project):
    with pytest.raises(Invalid) as caught:
        actions.record_progress(people.ivy, project, on=DAY, done=38, text="超出")
    assert caught.value.errors == {"done": ["累计完成量应在0至计划量37户之间"]}


def test_progress_dated_tomorrow_is_refused(people, project):
    with pytest.raises(Invalid) as caught:
        actions.record_progress(people.ivy, project, on=dt.date(2026, 3, 11), done=1, text="x")
    assert caught.value.errors == {"on": ["进度日期不能晚于今天"]}


def test_a_paused_project_takes_no_progress(people, project):
    actions.change_status(people.ivy, project, Move.START, on=DAY)
    actions.change_status(people.ivy, project, Move.PAUSE, on=DAY)
    with pytest.raises(DomainError, match="请先恢复施工"):
        actions.record_progress(people.ivy, project, on=DAY, done=3, text="x")


def test_pausing_a_planned_project_is_refused_in_words(people, project):
    with pytest.raises(DomainError, match="状态为“规划”的项目不能“暂停施工”"):
        actions.change_status(people.ivy, project, Move.PAUSE, on=DAY)


def test_photos_are_stored_with_their_progress_entry(people, project):
    entry = actions.record_progress(
        people.ivy, project, on=DAY, done=2, text="两户完成",
        photos=[photo("屋面.png"), photo("门窗.jpg", JPEG)],
    )  # fmt: skip
    stored = list(entry.photos.values_list("original_name", "content_type"))
    assert stored == [("屋面.png", "image/png"), ("门窗.jpg", "image/jpeg")]
    assert all(storage.path_of(p.stored_name).exists() for p in entry.photos.all())


def test_a_document_renamed_as_a_photo_is_refused(people, project):
    with pytest.raises(Invalid) as caught:
        actions.record_progress(
            people.ivy, project, on=DAY, done=2, text="x", photos=[photo("现场.jpg", b"%PDF-1.4")]
        )
    assert caught.value.errors == {"photos": ["现场.jpg：文件内容不是有效的图片"]}
    assert not Photo.objects.exists()


def test_only_jpg_and_png_photos_are_accepted(people, project):
    with pytest.raises(Invalid) as caught:
        actions.record_progress(
            people.ivy, project, on=DAY, done=2, text="x", photos=[photo("说明.pdf", b"%PDF-")]
        )
    assert caught.value.errors == {"photos": ["说明.pdf：只能上传 jpg、png 格式的照片"]}


def test_the_plan_may_not_fall_below_what_is_done(people, project, project_draft):
    actions.record_progress(people.ivy, project, on=DAY, done=11, text="11户")
    project.refresh_from_db()
    with pytest.raises(Invalid) as caught:
        actions.update_project(people.ivy, project, project_draft(planned=10))
    assert caught.value.errors == {"planned": ["计划量不能少于已完成量（11）"]}


def test_a_residents_issue_is_recorded_and_resolved_once(people, project):
    issue = actions.raise_issue(
        people.ivy, project, raised_on=DAY, raised_by="移民新村村民代表",
        text="要求变更排水沟走向，设计外增加挡土墙",
    )  # fmt: skip
    actions.resolve_issue(people.ivy, issue, answer="按设计变更方案施工")
    assert (issue.status, issue.resolved_on) == (IssueStatus.RESOLVED, dt.date(2026, 3, 10))
    with pytest.raises(DomainError, match="该问题已解决"):
        actions.resolve_issue(people.ivy, issue, answer="再次")


def test_an_issue_without_text_is_refused(people, project):
    with pytest.raises(Invalid) as caught:
        actions.raise_issue(people.ivy, project, raised_on=DAY, raised_by="村民", text=" ")
    assert caught.value.errors == {"text": ["请填写问题内容"]}
