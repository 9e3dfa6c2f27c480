"""Days at the grassroots (到基层天数): distinct days of held 下访 and 处访 per leader and
year, against the target of the leader's level."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from xinfang.lib import timesource
from xinfang.receptions import actions
from xinfang.receptions.models import ReceptionForm
from xinfang.receptions.queries import grassroots_progress


def _held(schedule, leader, form, day, **values):
    with timesource.freeze(dt.datetime(2026, 1, 5, 8, 0, tzinfo=timesource.SHANGHAI)):
        reception = schedule(leader=leader, form=form, date=day, slots=0, **values)
    with timesource.freeze(dt.datetime.combine(day, dt.time(18), tzinfo=timesource.SHANGHAI)):
        actions.record_session(leader.user, reception, batches=1, people=1)
    return reception


def test_it_counts_distinct_days_of_held_visits_down_and_on_site(schedule, leaders, cast):
    hugo = leaders.hugo
    _held(schedule, hugo, ReceptionForm.VISIT_DOWN, dt.date(2026, 1, 6))
    _held(schedule, hugo, ReceptionForm.ON_SITE, dt.date(2026, 1, 6))  # same day: one day
    _held(schedule, hugo, ReceptionForm.ON_SITE, dt.date(2026, 2, 2))
    _held(schedule, hugo, ReceptionForm.OPEN, dt.date(2026, 2, 3))  # not at the grassroots
    schedule(form=ReceptionForm.VISIT_DOWN, date=dt.date(2026, 3, 20), slots=0)  # not held
    rows = {row.leader: row for row in grassroots_progress(cast.alice, 2026)}
    assert rows[hugo].days == 2
    assert (rows[hugo].target, rows[hugo].label) == (90, "县处级")
    assert rows[hugo].percent == 2


def test_the_targets_follow_the_level(leaders, cast):
    rows = {row.leader: row for row in grassroots_progress(cast.alice, 2026)}
    assert (rows[leaders.lena].target, rows[leaders.lena].label) == (60, "市直处级")


def test_the_targets_are_configurable(leaders, cast, settings):
    settings.XINFANG_GRASSROOTS_DAYS = {"city": 30, "county": 45, "township": 50}
    rows = {row.leader: row for row in grassroots_progress(cast.alice, 2026)}
    assert rows[leaders.hugo].target == 45


def test_a_county_sees_its_own_leaders_only(leaders, cast):
    assert [row.leader for row in grassroots_progress(cast.carol, 2026)] == [leaders.zoe]


def test_the_page_shows_progress(schedule, leaders, cast):
    _held(schedule, leaders.hugo, ReceptionForm.VISIT_DOWN, dt.date(2026, 1, 6))
    client = Client()
    client.force_login(cast.alice)
    page = client.get(reverse("receptions:grassroots") + "?year=2026").content.decode()
    assert "市直处级不少于60天" in page
    assert '<progress max="100" value="1">' in page
