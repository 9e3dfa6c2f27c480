"""Targets: use and margin (节省指标), warnings at risk, only admins and supervisors set them."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.accounts.models import Role, User
from xinfang.lib.errors import NotAllowed
from xinfang.regions.models import Level
from xinfang.stats.actions import set_target
from xinfang.stats.targets import Status, progress


@pytest.fixture
def admin(places):
    return User.objects.create_user(
        "olga", password="pw-olga", role=Role.ADMIN, unit=places.city_bureau, region=places.city
    )


def test_the_margin_of_a_ceiling_is_what_was_saved(places, admin, on_day):
    set_target(
        admin,
        year=2026,
        region=places.city,
        indicator="national_abnormal_persons",
        comparator="le",
        value=80,
    )
    for _ in range(2):
        on_day(dt.date(2026, 1, 5), level=Level.NATIONAL, is_abnormal=True)
    [item] = progress(places.city, 2026, upto=dt.date(2026, 12, 31))
    assert item.actual == 2
    assert item.margin_pct == 97.5
    assert item.status == Status.OK


def test_a_ceiling_whose_pace_would_be_exceeded_is_at_risk(places, admin, on_day):
    set_target(
        admin, year=2026, region=places.city, indicator="total_persons", comparator="le", value=10
    )
    on_day(dt.date(2026, 1, 5), petitioner_count=3)
    [item] = progress(places.city, 2026, upto=dt.date(2026, 3, 10))
    assert item.projected > 10
    assert item.status == Status.AT_RISK


def test_a_passed_ceiling_is_exceeded(places, admin, on_day):
    set_target(
        admin, year=2026, region=places.city, indicator="total_batches", comparator="le", value=1
    )
    on_day(dt.date(2026, 1, 5))
    on_day(dt.date(2026, 1, 6))
    [item] = progress(places.city, 2026, upto=dt.date(2026, 3, 10))
    assert item.status == Status.EXCEEDED
    assert item.margin_pct == -100.0


def test_a_month_split_quota_warns_when_used_ahead_of_time(places, admin, on_day):
    monthly = {m: 5 for m in range(1, 13)}
    set_target(
        admin,
        year=2026,
        region=places.city,
        indicator="total_persons",
        comparator="le",
        value=1000,
        monthly=monthly,
    )
    on_day(dt.date(2026, 1, 5), petitioner_count=4)
    on_day(dt.date(2026, 1, 6), petitioner_count=4)
    on_day(dt.date(2026, 1, 7), petitioner_count=4)
    [item] = progress(places.city, 2026, upto=dt.date(2026, 2, 1))
    assert item.quota_to_date == 10
    assert item.status == Status.AT_RISK


def test_a_rate_below_its_floor_is_at_risk_during_the_year(places, admin, on_day):
    set_target(
        admin, year=2026, region=places.city, indicator="repeat_rate", comparator="le", value=5
    )
    first = on_day(dt.date(2026, 1, 5))
    on_day(dt.date(2026, 1, 6), repeat_of=first.matter)
    [item] = progress(places.city, 2026, upto=dt.date(2026, 3, 10))
    assert item.actual == 50.0
    assert item.status == Status.EXCEEDED


def test_only_an_admin_or_a_supervisor_may_set_a_target(places, cast):
    with pytest.raises(NotAllowed):
        set_target(
            cast.alice,
            year=2026,
            region=places.city,
            indicator="total_persons",
            comparator="le",
            value=1,
        )
