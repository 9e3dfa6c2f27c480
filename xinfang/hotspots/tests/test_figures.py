"""批次, 人次, growth and flags of a cluster, from its members."""

from __future__ import annotations

import datetime as dt

from xinfang.hotspots.figures import Member, figures, is_hot, order_key

TODAY = dt.date(2026, 3, 10)


def member(pk, days_ago=0, count=1, channel="visit", place="鹤城区", matter=None):
    return Member(
        petition_id=pk,
        matter_id=matter or pk,
        received_on=TODAY - dt.timedelta(days=days_ago),
        petitioner_count=count,
        channel=channel,
        place=place,
        content_class="城乡建设 / 物业管理",
    )


def test_batches_persons_and_matters_are_counted():
    f = figures([member(1, count=3), member(2, count=2), member(3, matter=1)], TODAY)
    assert (f.batches, f.persons, f.matters) == (3, 6, 2)
    assert f.classes == [("城乡建设 / 物业管理", 3)]


def test_three_this_week_against_one_before_is_fast_growth():
    f = figures([member(1, 0), member(2, 3), member(3, 6), member(4, 7)], TODAY)
    assert (f.recent, f.previous, f.growth) == (3, 1, 3.0)
    assert f.is_fast_growing and f.trend == "快速增长" and "快速增长" in f.flags


def test_fewer_than_three_new_is_growth_but_not_fast():
    f = figures([member(1, 0), member(2, 1)], TODAY)
    assert not f.is_fast_growing and f.trend == "增长" and f.growth is None


def test_a_week_older_than_two_weeks_counts_in_neither():
    f = figures([member(1, 14), member(2, 20), member(3, 8)], TODAY)
    assert (f.recent, f.previous, f.trend) == (0, 1, "回落")
    assert figures([member(1, 20), member(2, 25)], TODAY).trend == "近两周无新件"


def test_a_collective_visit_or_five_people_flags_the_cluster():
    assert figures([member(1), member(2, channel="collective_visit", count=8)], TODAY).is_collective
    assert figures([member(1), member(2, channel="letter", count=5)], TODAY).is_collective
    assert not figures([member(1), member(2, count=4)], TODAY).is_collective


def test_two_places_flag_the_cluster():
    f = figures([member(1), member(2), member(3, place="中方县")], TODAY)
    assert f.is_multi_place and f.places == [("鹤城区", 2), ("中方县", 1)]


def test_a_hot_issue_has_three_petitions_ten_people_or_a_collective_visit():
    assert is_hot([member(1), member(2), member(3)])
    assert not is_hot([member(1), member(2)])
    assert is_hot([member(1, count=6, channel="letter"), member(2, count=4)])
    assert is_hot([member(1, count=4), member(2, count=6, channel="letter")])
    assert not is_hot([member(1, count=9, channel="collective_visit")]), (
        "one petition is no cluster"
    )


def test_flagged_issues_come_first_then_the_most_people():
    quiet = figures([member(1, 20, count=4), member(2, 20, count=4), member(3, 20)], TODAY)
    growing = figures([member(4), member(5), member(6)], TODAY)
    assert sorted([quiet, growing], key=order_key) == [growing, quiet]
