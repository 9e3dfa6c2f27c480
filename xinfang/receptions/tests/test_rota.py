"""The 轮流坐班接访 rota: working days on the project's calendar (holidays off, 调休 weekends
on), fair shares, and each leader's unavailable days respected."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinfang.holidays.calendar import Calendar
from xinfang.lib.errors import Invalid, NotAllowed
from xinfang.receptions import actions
from xinfang.receptions.models import Reception, ReceptionForm, Status
from xinfang.receptions.rota import plan, working_days

CALENDAR = Calendar()  # the chinesecalendar package alone: 2026's real notice
SPRING = (dt.date(2026, 2, 9), dt.date(2026, 3, 6))  # 春节 2026 with two 调休 Saturdays
YEAR_2026 = st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_the_days_follow_the_holiday_notice():
    days = working_days(CALENDAR, *SPRING)
    assert dt.date(2026, 2, 14) in days  # Saturday, 春节调休上班
    assert dt.date(2026, 2, 28) in days  # Saturday, 春节调休上班
    assert dt.date(2026, 2, 16) not in days  # 春节
    assert dt.date(2026, 2, 23) not in days  # 春节 (Monday)
    assert dt.date(2026, 2, 21) not in days  # an ordinary Saturday during the holiday


def test_without_constraints_it_is_a_plain_rotation():
    days = working_days(CALENDAR, dt.date(2026, 3, 9), dt.date(2026, 3, 13))
    result = plan(days, ["a", "b", "c"])
    assert [result.duties[d] for d in days] == ["a", "b", "c", "a", "b"]


def test_an_unavailable_leader_is_not_on_duty_that_day():
    days = working_days(CALENDAR, dt.date(2026, 3, 9), dt.date(2026, 3, 13))
    result = plan(days, ["a", "b"], {"a": {dt.date(2026, 3, 9), dt.date(2026, 3, 11)}})
    assert result.duties[dt.date(2026, 3, 9)] == "b"
    assert result.duties[dt.date(2026, 3, 11)] == "b"
    assert sorted(result.counts(["a", "b"]).values()) == [2, 3]


def test_a_day_nobody_can_sit_is_reported():
    days = [dt.date(2026, 3, 9)]
    result = plan(days, ["a"], {"a": {dt.date(2026, 3, 9)}})
    assert result.uncovered == (dt.date(2026, 3, 9),)


@st.composite
def periods(draw):
    first = draw(YEAR_2026)
    last = min(first + dt.timedelta(days=draw(st.integers(0, 90))), dt.date(2026, 12, 31))
    leaders = list(range(draw(st.integers(1, 6))))
    days = working_days(CALENDAR, first, last)
    away = {
        leader: set(draw(st.lists(st.sampled_from(days), max_size=len(days) // 3)))
        if days else set()
        for leader in leaders
    }  # fmt: skip
    return days, leaders, away


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(periods())
def test_never_on_a_rest_day_nor_an_unavailable_one(case):
    days, leaders, away = case
    result = plan(days, leaders, away)
    for day, leader in result.duties.items():
        assert CALENDAR.is_workday(day)
        assert day not in away[leader]
    coverable = [d for d in days if any(d not in away[leader] for leader in leaders)]
    assert sorted(result.duties) == coverable


@settings(max_examples=150, deadline=None)
@given(YEAR_2026, st.integers(0, 120), st.integers(1, 7))
def test_shares_differ_by_at_most_one(first, length, k):
    days = working_days(CALENDAR, first, first + dt.timedelta(days=length))
    counts = plan(days, list(range(k))).counts(range(k)).values()
    assert max(counts) - min(counts) <= 1
    assert sum(counts) == len(days)


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 5), st.data())
def test_shares_stay_fair_when_the_unavailable_days_allow_it(k, data):
    """A few days away each still leaves a perfectly fair rota possible over a month."""
    days = working_days(CALENDAR, dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    away = {
        leader: set(data.draw(st.lists(st.sampled_from(days), max_size=3))) for leader in range(k)
    }
    counts = plan(days, list(range(k)), away).counts(range(k)).values()
    assert max(counts) - min(counts) <= 1


# The action and its pages.


@pytest.fixture
def two_leaders(leaders, adam, places, cast):
    from xinfang.casework.actions import save_leader

    deputy = save_leader(adam, name="Ivy", post="副区长", level="county", region=places.hecheng)
    return [leaders.hugo, deputy]


def test_the_bureau_generates_a_rota_of_draft_receptions(two_leaders, cast, places):
    rota = actions.generate_rota(
        cast.bob, region=places.hecheng, leaders=two_leaders, starts_on=dt.date(2026, 4, 27),
        ends_on=dt.date(2026, 5, 15), place="鹤城区人民来访接待中心", starts_at=dt.time(8, 30),
        ends_at=dt.time(12, 0), unavailable={two_leaders[0].pk: {dt.date(2026, 5, 6)}},
    )  # fmt: skip
    rows = list(Reception.objects.filter(rota=rota).order_by("date"))
    dates = [r.date for r in rows]
    assert dt.date(2026, 5, 9) in dates  # 劳动节调休 Saturday
    assert not {dt.date(2026, 5, 1), dt.date(2026, 5, 4), dt.date(2026, 5, 5)} & set(dates)
    assert all(r.form == ReceptionForm.ROTA and r.status == Status.DRAFT for r in rows)
    assert next(r for r in rows if r.date == dt.date(2026, 5, 6)).leader == two_leaders[1]
    counts = [sum(r.leader == leader for r in rows) for leader in two_leaders]
    assert abs(counts[0] - counts[1]) <= 1


def test_a_day_with_nobody_available_is_refused(two_leaders, cast, places):
    day = dt.date(2026, 4, 28)
    with pytest.raises(Invalid) as caught:
        actions.generate_rota(
            cast.bob, region=places.hecheng, leaders=two_leaders, starts_on=day, ends_on=day,
            place="接待中心", starts_at=dt.time(8, 30), ends_at=dt.time(12, 0),
            unavailable={leader.pk: {day} for leader in two_leaders},
        )  # fmt: skip
    assert caught.value.errors["unavailable"] == ["以下工作日所有领导均不能坐班：04月28日"]


def test_another_countys_bureau_may_not_plan_it(two_leaders, cast, places):
    with pytest.raises(NotAllowed):
        actions.generate_rota(
            cast.carol, region=places.hecheng, leaders=two_leaders,
            starts_on=dt.date(2026, 4, 27), ends_on=dt.date(2026, 4, 30), place="接待中心",
            starts_at=dt.time(8, 30), ends_at=dt.time(12, 0),
        )  # fmt: skip


def test_the_rota_form_and_the_printable_page(two_leaders, cast, places):
    client = Client()
    client.force_login(cast.bob)
    hugo, ivy = two_leaders
    response = client.post(reverse("receptions:rota_new"), {
        "region": places.hecheng.pk, "starts_on": "2026-09-14", "ends_on": "2026-09-25",
        "place": "鹤城区人民来访接待中心", "starts_at": "08:30", "ends_at": "12:00",
        "leaders": [hugo.pk, ivy.pk], f"away_{ivy.pk}": "2026-09-14、2026-09-15",
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2026-09-20" in page  # 国庆调休 Sunday
    assert "2026-09-25" not in page  # 中秋节
    assert "Hugo：5天" in page and "Ivy：5天" in page
    assert "data-print" in page


def test_a_badly_typed_date_is_said_on_its_field(two_leaders, cast, places):
    client = Client()
    client.force_login(cast.bob)
    hugo, ivy = two_leaders
    response = client.post(reverse("receptions:rota_new"), {
        "region": places.hecheng.pk, "starts_on": "2026-09-14", "ends_on": "2026-09-25",
        "place": "接待中心", "starts_at": "08:30", "ends_at": "12:00",
        "leaders": [hugo.pk], f"away_{hugo.pk}": "9月14日",
    })  # fmt: skip
    assert response.status_code == 200
    assert "日期“9月14日”格式不正确" in response.content.decode()
    assert not Reception.objects.exists()


def test_the_rota_is_published_at_once_but_for_days_too_near(two_leaders, cast, places):
    rota = actions.generate_rota(
        cast.bob, region=places.hecheng, leaders=two_leaders, starts_on=dt.date(2026, 3, 10),
        ends_on=dt.date(2026, 3, 16), place="接待中心", starts_at=dt.time(8, 30),
        ends_at=dt.time(12, 0), unavailable={two_leaders[1].pk: {dt.date(2026, 3, 16)}},
    )  # fmt: skip
    assert actions.publish_rota(cast.bob, rota) == 3  # 12, 13 and 16 March; not 10 nor 11
    published = rota.receptions.filter(status=Status.PUBLISHED).values_list("date", flat=True)
    assert min(published) == dt.date(2026, 3, 12)
    client = Client()
    client.force_login(cast.bob)
    page = client.get(rota.get_absolute_url()).content.decode()
    assert "Ivy：2026-03-16" in page
    assert 'id="publish-rota"' not in page


def test_another_county_may_not_publish_the_rota(two_leaders, cast, places):
    rota = actions.generate_rota(
        cast.bob, region=places.hecheng, leaders=two_leaders, starts_on=dt.date(2026, 3, 16),
        ends_on=dt.date(2026, 3, 20), place="接待中心", starts_at=dt.time(8, 30),
        ends_at=dt.time(12, 0),
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        actions.publish_rota(cast.carol, rota)
    client = Client()
    client.force_login(cast.carol)
    assert client.post(reverse("receptions:rota_publish", args=[rota.pk])).status_code == 404
