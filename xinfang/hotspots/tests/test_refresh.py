"""Computing the snapshot: what becomes a hot issue, with which figures, and how it is replaced."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from xinfang.hotspots.actions import ensure_hot_issues, refresh_hot_issues
from xinfang.hotspots.models import HotIssue, HotIssueMember, Snapshot
from xinfang.intake.actions import void_petition
from xinfang.lib import timesource
from xinfang.workflow.tick import run_tick

from .texts import ELEVATOR, UNRELATED


def test_the_elevator_petitions_become_one_hot_issue_with_its_figures(elevator):
    snapshot = refresh_hot_issues()
    assert (snapshot.window_start, snapshot.window_end) == (
        dt.date(2026, 2, 9),
        dt.date(2026, 3, 10),
    )
    assert snapshot.petitions_scanned == 8
    (issue,) = HotIssue.objects.all()
    assert (issue.batches, issue.persons, issue.matters) == (4, 4, 4)
    assert (issue.recent, issue.previous) == (3, 1)
    assert issue.is_fast_growing and issue.trend == "快速增长"
    assert not issue.is_collective and not issue.is_multi_place
    assert issue.places == [["鹤城区", 4]]
    assert issue.classes == [["城乡建设 / 物业管理", 4]]
    assert ["锦溪小区", 4] in issue.phrases
    assert issue.representative in elevator and issue.label == issue.representative.title
    members = HotIssueMember.objects.filter(hot_issue=issue)
    assert {m.petition for m in members} == set(elevator)
    assert all("锦溪小区" in m.phrases for m in members)


def test_a_voided_petition_is_not_scanned(elevator, grace):
    void_petition(grace, elevator[0], reason="重复登记")
    assert refresh_hot_issues().petitions_scanned == 7


def test_a_pair_is_a_hot_issue_only_with_a_collective_visit(petition):
    petition(ELEVATOR[0])
    petition(ELEVATOR[3])
    for text in UNRELATED:
        petition(text)
    refresh_hot_issues()
    assert not HotIssue.objects.exists()
    petition(ELEVATOR[1], count=8)
    refresh_hot_issues()
    issue = HotIssue.objects.get()
    assert issue.is_collective and issue.persons == 10


def test_a_repeat_joins_its_matters_hot_issue_whatever_it_says(elevator, petition):
    text = ("再次反映", "上次反映的问题至今没有答复，请领导过问。")
    repeat = petition(text, repeat_of=elevator[0].matter)
    refresh_hot_issues()
    issue = HotIssue.objects.get()
    assert (issue.batches, issue.matters) == (5, 4)
    assert HotIssueMember.objects.filter(hot_issue=issue, petition=repeat).exists()


def test_petitions_received_before_the_window_are_left_out(petition):
    for text in ELEVATOR[:3]:
        petition(text, days_ago=30)
    for text in UNRELATED:
        petition(text)
    assert refresh_hot_issues().petitions_scanned == 4
    assert not HotIssue.objects.exists()


def test_accusations_are_never_grouped(petition):
    for text in ELEVATOR[:3]:
        petition(text, is_accusation=True, accused_name="王某某")
    for text in UNRELATED:
        petition(text)
    assert refresh_hot_issues().petitions_scanned == 4
    assert not HotIssue.objects.exists()


def test_refreshing_again_replaces_the_snapshot_whole(elevator, petition):
    first = refresh_hot_issues()
    again = refresh_hot_issues()
    assert list(Snapshot.objects.all()) == [again] and again.pk != first.pk
    assert HotIssue.objects.get().batches == 4
    assert HotIssueMember.objects.count() == 4
    petition(ELEVATOR[2], days_ago=1)
    refresh_hot_issues()
    assert Snapshot.objects.count() == 1
    assert HotIssue.objects.get().batches == 5
    assert HotIssueMember.objects.count() == 5


def test_ensure_is_one_query_once_todays_snapshot_exists(elevator, django_assert_num_queries):
    assert ensure_hot_issues() is not None
    with django_assert_num_queries(1):
        assert ensure_hot_issues() is None
    assert ensure_hot_issues(dt.date(2026, 3, 11)).window_end == dt.date(2026, 3, 11)


def test_the_daily_tick_computes_the_snapshot_once_a_day(elevator):
    run_tick()
    snapshot = Snapshot.objects.get()
    run_tick()
    assert Snapshot.objects.get() == snapshot
    assert HotIssue.objects.filter(snapshot=snapshot).count() == 1


def test_a_tick_given_its_moment_computes_the_snapshot_of_its_day_then(elevator):
    """The demo runs the tick at its year's end, without freezing the time seam."""
    moment = dt.datetime(2026, 3, 12, 18, 0, tzinfo=timesource.SHANGHAI)
    run_tick(now=moment)
    snapshot = Snapshot.objects.get()
    assert (snapshot.computed_on, snapshot.computed_at) == (dt.date(2026, 3, 12), moment)


@pytest.mark.parametrize("argv", [[], ["--date", "2026-03-10"]])
def test_the_command_prints_what_it_found(elevator, capsys, argv):
    call_command("hotspots", "refresh", *argv)
    out = capsys.readouterr().out
    assert "window=2026-02-09..2026-03-10 petitions=8 clusters=1 flagged=1 seconds=" in out
