"""Progress in the resettlement bureau's own words, per project and per unit."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.projects import actions, queries
from xinfang.projects.models import Measure, ProjectKind

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def test_a_project_part_done_reads_as_the_summary_says(people, project):
    actions.record_progress(people.ivy, project, on=DAY, done=11, text="11户完成")
    project.refresh_from_db()
    assert queries.project_sentence(project) == "牛麻一队移民新村旧房改造全部37户完成11户"


def test_a_finished_project_reads_all_done(people, project_draft):
    project = actions.record_project(people.ivy, project_draft(place="牛麻二队", planned=12))
    actions.record_progress(people.ivy, project, on=DAY, done=12, text="全部完成")
    project.refresh_from_db()
    assert queries.project_sentence(project) == "牛麻二队全部完成旧房改造"


def test_a_project_not_started_reads_not_yet_built(people, project_draft):
    project = actions.record_project(
        people.ivy, project_draft(place="车田二队", kind=ProjectKind.ROAD, measure=Measure.METRES,
                                  planned=1200)
    )  # fmt: skip
    assert queries.project_sentence(project) == "车田二队村屯道路全部1200米尚未实施"


def test_a_units_progress_adds_households_by_kind_and_counts_by_status(people, project_draft):
    for place, planned, done in (
        ("福廖三队", 7, 2),
        ("红江大江一队", 3, 2),
        ("福庆一、二队", 29, 29),
    ):
        project = actions.record_project(people.ivy, project_draft(place=place, planned=planned))
        actions.record_progress(people.ivy, project, on=DAY, done=done, text="进展")
    actions.record_project(
        people.ivy, project_draft(place="车田二队", kind=ProjectKind.ROAD, measure=Measure.METRES,
                                  planned=800)
    )  # fmt: skip
    [summary] = queries.unit_progress(queries.visible_projects(people.ivy))
    assert summary.words == (
        "中方县移民开发局挂点项目4个（规划1个、实施中2个、已完工1个）："
        "旧房改造全部39户完成33户；村屯道路全部800米完成0米。"
    )


def test_a_project_of_another_kind_is_named_by_itself(people, project_draft):
    project = actions.record_project(
        people.ivy, project_draft(name="牛麻一队移民新村外墙装饰", kind=ProjectKind.OTHER)
    )
    assert queries.project_sentence(project) == "牛麻一队移民新村外墙装饰全部37户尚未实施"


def test_a_paused_project_says_so(people, project):
    actions.record_progress(people.ivy, project, on=DAY, done=11, text="11户完成")
    actions.change_status(people.ivy, project, "pause", on=DAY)
    project.refresh_from_db()
    assert (
        queries.project_sentence(project) == "牛麻一队移民新村旧房改造全部37户完成11户（暂停施工）"
    )
