"""The summary of a finished period: volumes, 越级/进京, incidents, reports on time, late
and missing, on known data."""

from __future__ import annotations

import datetime as dt

from xinfang.periods import actions, queries
from xinfang.periods.tests.conftest import TODAY, moment


def _finished(define, cast, places):
    """A period from 03-08 to 03-10 seen on 03-12: 鹤城区 reports 03-08 on time, 03-09 late,
    03-10 with incidents on time; 中方县 reports 03-08 only."""
    period = define(starts_on=dt.date(2026, 3, 8), ends_on=TODAY)
    days = [dt.date(2026, 3, 8), dt.date(2026, 3, 9), TODAY]
    actions.submit_report(cast.bob, period, places.hecheng, day=days[0], is_zero_report=True,
                          at=moment(days[0], 15))  # fmt: skip
    actions.submit_report(cast.bob, period, places.hecheng, day=days[1], is_zero_report=True,
                          at=moment(days[1], 20))  # fmt: skip
    actions.submit_report(cast.bob, period, places.hecheng, day=days[2], is_zero_report=False,
                          incidents="7人集体到市上访，已接待劝返", at=moment(days[2], 11))  # fmt: skip
    actions.submit_report(cast.carol, period, places.zhongfang, day=days[0], is_zero_report=True,
                          at=moment(days[0], 9))  # fmt: skip
    return queries.summary(
        period, [places.hecheng, places.zhongfang], at=moment(dt.date(2026, 3, 12), 9)
    )


def test_the_summary_counts_the_volumes_per_county(define, known, cast, places):
    found = _finished(define, cast, places)
    hecheng, zhongfang = found.rows
    assert (hecheng.figures.batches, hecheng.figures.persons) == (5, 12)
    assert (zhongfang.figures.batches, zhongfang.figures.persons) == (1, 1)
    assert (found.total.figures.batches, found.total.figures.persons) == (6, 13)


def test_the_summary_counts_overlevel_and_beijing_visits(define, known, cast, places):
    hecheng = _finished(define, cast, places).rows[0]
    assert (hecheng.figures.overlevel_city, hecheng.figures.province) == (1, 0)
    assert (hecheng.figures.national, hecheng.figures.collective_batches) == (1, 1)


def test_the_summary_compares_with_the_same_dates_last_year(define, known, cast, places):
    hecheng = _finished(define, cast, places).rows[0]
    assert hecheng.last_year.persons == 2
    assert hecheng.change == 500.0


def test_the_summary_counts_reports_on_time_late_and_missing(define, cast, places):
    found = _finished(define, cast, places)
    hecheng, zhongfang = found.rows
    assert (hecheng.on_time, hecheng.late, hecheng.missing) == (2, 1, 0)
    assert (zhongfang.on_time, zhongfang.late, zhongfang.missing) == (1, 0, 2)
    assert (found.total.on_time, found.total.late, found.total.missing) == (3, 1, 2)


def test_the_summary_lists_the_incidents(define, cast, places):
    found = _finished(define, cast, places)
    assert [r.incidents for r in found.incident_reports] == ["7人集体到市上访，已接待劝返"]
    assert (found.rows[0].zero, found.rows[0].incidents) == (2, 1)


def test_the_summary_counts_the_days_with_a_warning(define, known, cast, places):
    assert _finished(define, cast, places).rows[0].warning_days == 1


def test_a_finished_period_says_so(define, cast, places):
    found = _finished(define, cast, places)
    assert found.finished and found.last == TODAY
