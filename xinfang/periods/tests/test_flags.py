"""Where each county's report stands: on time, late, waiting, or 未报 once the deadline
time has passed (computed from the reports at the moment asked; no job flags it)."""

from __future__ import annotations

import datetime as dt

from xinfang.lib import timesource
from xinfang.periods import actions, queries
from xinfang.periods.tests.conftest import TODAY, moment

COUNTIES = "hecheng", "zhongfang"


def _states(period, places, at):
    found = queries.overview(period, [places.hecheng, places.zhongfang], TODAY, at=at)
    return {row.county.code: row.state for row in found.rows}, found


def test_before_the_deadline_a_county_without_a_report_is_waiting(lianghui, places):
    states, found = _states(lianghui, places, moment(TODAY, 15, 59))
    assert set(states.values()) == {queries.State.PENDING}
    assert found.missing == 0


def test_after_the_deadline_a_county_without_a_report_is_flagged(lianghui, places):
    states, found = _states(lianghui, places, moment(TODAY, 16, 1))
    assert states[places.zhongfang.code] == queries.State.MISSING
    assert found.missing == 2


def test_a_report_sent_by_the_deadline_is_on_time(lianghui, cast, places):
    actions.submit_report(
        cast.bob, lianghui, places.hecheng, day=TODAY, is_zero_report=True,
        at=moment(TODAY, 16, 0),
    )  # fmt: skip
    states, found = _states(lianghui, places, moment(TODAY, 17))
    assert states == {
        places.hecheng.code: queries.State.ON_TIME,
        places.zhongfang.code: queries.State.MISSING,
    }
    assert (found.reported, found.zero, found.incidents) == (1, 1, 0)


def test_a_report_sent_after_the_deadline_is_late(lianghui, cast, places):
    actions.submit_report(
        cast.carol, lianghui, places.zhongfang, day=TODAY, is_zero_report=False,
        incidents="3人到县政府门口聚集，已疏导", at=moment(TODAY, 18, 30),
    )  # fmt: skip
    states, found = _states(lianghui, places, moment(TODAY, 19))
    assert states[places.zhongfang.code] == queries.State.LATE
    assert found.incidents == 1


def test_a_deadline_is_beijing_time(lianghui):
    deadline = queries.deadline_of(lianghui, TODAY)
    assert deadline.astimezone(dt.UTC) == dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)


def test_the_city_overview_shows_the_flag_after_the_deadline(lianghui, cast, places, client):
    client.force_login(cast.alice)
    with timesource.freeze(moment(TODAY, 16, 30)):
        page = client.get(f"/periods/{lianghui.pk}/").content.decode()
    assert page.count('class="tag red">未报') == 2
    assert "逾期未报" in page


def test_the_county_page_shows_the_flag_after_the_deadline(lianghui, cast, places, client):
    client.force_login(cast.bob)
    with timesource.freeze(moment(TODAY, 16, 30)):
        page = client.get(f"/periods/{lianghui.pk}/counties/{places.hecheng.code}/")
    assert "已过截止时间，尚未报送" in page.content.decode()
