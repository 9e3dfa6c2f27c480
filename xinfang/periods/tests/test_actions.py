"""Defining a 特护期 and sending a county's daily report, through the actions."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.periods import actions
from xinfang.periods.tests.conftest import TODAY, moment


def test_an_administrator_defines_a_period_over_two_counties(lianghui, places):
    assert lianghui.days == 8
    assert set(lianghui.regions.all()) == {places.hecheng, places.zhongfang}
    assert lianghui.report_deadline == dt.time(16, 0)


def test_a_period_over_the_city_makes_every_county_below_it_report(define, places):
    from xinfang.periods.queries import counties_of
    from xinfang.regions.models import Region

    period = define(regions=[places.city])
    assert counties_of(period) == list(Region.objects.filter(parent=places.city).order_by("code"))


def test_only_administrators_define_periods(cast, places):
    with pytest.raises(NotAllowed):
        actions.create_period(
            cast.alice, name="春节特护期", kind="spring_festival",
            starts_on=dt.date(2026, 2, 14), ends_on=dt.date(2026, 2, 23), regions=[places.city],
        )  # fmt: skip


def test_a_period_cannot_end_before_it_starts(define):
    with pytest.raises(Invalid) as caught:
        define(starts_on=dt.date(2026, 3, 11), ends_on=dt.date(2026, 3, 4))
    assert "ends_on" in caught.value.errors


def test_a_period_is_at_most_a_quarter_long(define):
    with pytest.raises(Invalid) as caught:
        define(ends_on=dt.date(2026, 8, 1))
    assert "ends_on" in caught.value.errors


def test_a_period_needs_a_county_or_the_city(define, places):
    from xinfang.regions.models import Region

    township = Region.objects.filter(parent=places.hecheng).first()
    with pytest.raises(Invalid) as caught:
        define(regions=[])
    assert "regions" in caught.value.errors
    if township is not None:
        with pytest.raises(Invalid) as caught:
            define(regions=[township])
        assert "regions" in caught.value.errors


def test_a_warning_threshold_is_at_least_one(define):
    with pytest.raises(Invalid) as caught:
        define(persons_warning=0, overlevel_warning=None)
    assert {"persons_warning", "overlevel_warning"} <= set(caught.value.errors)


def test_an_administrator_changes_the_thresholds_and_deadline(lianghui, adam):
    actions.update_period(adam, lianghui, persons_warning=5, report_deadline=dt.time(15, 30))
    lianghui.refresh_from_db()
    assert (lianghui.persons_warning, lianghui.report_deadline) == (5, dt.time(15, 30))


def test_a_county_clerk_sends_a_zero_report(lianghui, cast, places):
    report = actions.submit_report(
        cast.bob, lianghui, places.hecheng, day=TODAY, is_zero_report=True, at=moment(TODAY, 9)
    )
    assert report.is_zero_report and report.incidents == ""
    assert (report.submitted_by, report.region) == (cast.bob, places.hecheng)


def test_a_report_keeps_the_days_figures_as_they_stood(lianghui, known, cast, places):
    report = actions.submit_report(
        cast.bob, lianghui, places.hecheng, day=TODAY, is_zero_report=False,
        incidents="7人到市集体访，已劝返", at=moment(TODAY, 11),
    )  # fmt: skip
    assert report.figures["batches"] == 4
    assert report.figures["persons"] == 11
    assert report.figures["national"] == 1


def test_a_report_with_incidents_must_say_what_happened(lianghui, cast, places):
    with pytest.raises(Invalid) as caught:
        actions.submit_report(cast.bob, lianghui, places.hecheng, day=TODAY, is_zero_report=False)
    assert "incidents" in caught.value.errors


def test_a_zero_report_carries_no_incidents(lianghui, cast, places):
    with pytest.raises(Invalid) as caught:
        actions.submit_report(
            cast.bob, lianghui, places.hecheng, day=TODAY, is_zero_report=True,
            incidents="有3人到市上访",
        )  # fmt: skip
    assert "incidents" in caught.value.errors


def test_a_day_outside_the_period_cannot_be_reported(lianghui, cast, places):
    with pytest.raises(Invalid) as caught:
        actions.submit_report(
            cast.bob, lianghui, places.hecheng, day=dt.date(2026, 3, 3), is_zero_report=True
        )
    assert "day" in caught.value.errors


def test_a_day_still_to_come_cannot_be_reported(lianghui, cast, places):
    with pytest.raises(Invalid) as caught:
        actions.submit_report(
            cast.bob, lianghui, places.hecheng, day=dt.date(2026, 3, 11), is_zero_report=True,
            at=moment(TODAY, 9),
        )  # fmt: skip
    assert "day" in caught.value.errors


def test_a_day_is_reported_once(lianghui, cast, places):
    actions.submit_report(cast.bob, lianghui, places.hecheng, day=TODAY, is_zero_report=True)
    with pytest.raises(DomainError, match="已报送"):
        actions.submit_report(cast.bob, lianghui, places.hecheng, day=TODAY, is_zero_report=True)


def test_another_countys_clerk_cannot_report_for_it(lianghui, cast, places):
    with pytest.raises(NotAllowed):
        actions.submit_report(cast.carol, lianghui, places.hecheng, day=TODAY, is_zero_report=True)


def test_the_city_does_not_report_for_a_county(lianghui, cast, places):
    with pytest.raises(NotAllowed):
        actions.submit_report(cast.alice, lianghui, places.hecheng, day=TODAY, is_zero_report=True)


def test_a_county_outside_the_period_does_not_report(define, cast, places):
    period = define(regions=[places.zhongfang])
    with pytest.raises(NotAllowed):
        actions.submit_report(cast.bob, period, places.hecheng, day=TODAY, is_zero_report=True)
