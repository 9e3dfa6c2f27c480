"""Counts per leader and level on a known data set: owned, settled, settled on time,
instructions (包案统计)."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.casework import actions, queries
from xinfang.lib import timesource
from xinfang.workflow import actions as workflow


def _own(cast, leaders, petition, places, who="hugo", **target):
    return actions.own_matter(
        getattr(cast, who), petition.matter, leader=getattr(leaders, who), unit=places.housing,
        **(target or {"target_workdays": 5}),
    )  # fmt: skip


def _settle(cast, petition, on: dt.date):
    """Answered directly and settled (案结事了) on `on`."""
    moment = dt.datetime.combine(on, dt.time(10), timesource.SHANGHAI)
    with timesource.freeze(moment):
        workflow.answer_directly(cast.alice, petition.matter, outcome="support", text="已修复。")
        workflow.mark_settled(cast.alice, petition.matter, text="电梯已修复，群众满意。")


@pytest.fixture
def ledger(cast, leaders, register, places):
    """hugo owns three 鹤城区 cases (one settled on time, one settled late, one open) and
    writes two instructions; zoe owns one 中方县 case."""
    on_time, late, still_open = (register(title=f"电梯问题{i}") for i in range(3))
    for petition in (on_time, late, still_open):
        _own(cast, leaders, petition, places)  # due 2026-03-17
    _settle(cast, on_time, dt.date(2026, 3, 17))
    _settle(cast, late, dt.date(2026, 3, 18))
    actions.write_instruction(cast.hugo, still_open.matter, text="请加快办理。")
    actions.write_instruction(cast.hugo, late.matter, text="请说明超期原因。")
    county = register(region=places.zhongfang, title="中方县工资拖欠")
    _own(cast, leaders, county, places, who="zoe")
    return on_time


def _row(rows, leader):
    return next(r.counts for r in rows if r.leader == leader)


def test_a_leaders_own_figures(leaders, ledger):
    counts = queries.leader_counts(leaders.hugo, 2026)
    assert (counts.owned, counts.settled, counts.on_time, counts.instructions) == (3, 2, 1, 2)


def test_the_on_time_rate_has_one_decimal(leaders, ledger):
    assert queries.leader_counts(leaders.hugo, 2026).on_time_rate == "33.3%"


def test_another_year_counts_nothing(leaders, ledger):
    counts = queries.leader_counts(leaders.hugo, 2025)
    assert (counts.owned, counts.instructions) == (0, 0)


def test_a_case_taken_over_counts_as_settled_for_the_new_owner_only(
    cast, leaders, register, places
):
    petition = register()
    _own(cast, leaders, petition, places)
    _own(cast, leaders, petition, places, who="lena")
    _settle(cast, petition, dt.date(2026, 3, 12))
    hugo, lena = (queries.leader_counts(x, 2026) for x in (leaders.hugo, leaders.lena))
    assert (hugo.owned, hugo.settled) == (1, 0)
    assert (lena.owned, lena.settled, lena.on_time) == (1, 1, 1)


def test_the_city_sees_every_leader_and_level(cast, leaders, ledger):
    rows = queries.counts_by_leader(cast.alice, 2026)
    assert _row(rows, leaders.hugo).owned == 3 and _row(rows, leaders.zoe).owned == 1
    levels = {label: (people, c.owned) for label, people, c in queries.counts_by_level(rows)}
    assert levels == {"市级": (1, 0), "县级": (2, 4)}


def test_a_county_sees_only_its_own_leaders(cast, leaders, ledger):
    rows = queries.counts_by_leader(cast.zoe, 2026)
    assert [r.leader for r in rows] == [leaders.zoe]


def test_the_counts_page_is_in_the_leaders_menu(client, cast, leaders, ledger):
    client.force_login(cast.hugo)
    page = client.get("/casework/counts/").content.decode()
    assert 'href="/casework/counts/"' in page and "包案统计" in page
    assert f'data-leader="{leaders.hugo.pk}"' in page
