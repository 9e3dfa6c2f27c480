"""The daily view of a county during a period, checked cell by cell on known petitions
(conftest `known`): today, the same day last year, the days before, the warnings."""

from __future__ import annotations

import datetime as dt

from xinfang.periods import queries
from xinfang.periods.tests.conftest import TODAY, moment

COLUMNS = [name for name, _ in queries.COLUMNS]


def _view(period, county):
    return queries.daily_view(period, county, TODAY, at=moment(TODAY, 10))


def test_todays_figures_cell_by_cell(lianghui, known):
    cells = {name: now for name, now, _, _ in _view(lianghui, known).today.cells()}
    assert cells == {
        "batches": 4, "persons": 11, "visit_batches": 3, "collective_batches": 1,
        "collective_persons": 7, "overlevel_city": 1, "province": 0, "national": 1,
        "abnormal_persons": 0,
    }  # fmt: skip


def test_the_same_day_last_year_beside_today(lianghui, known):
    today = _view(lianghui, known).today
    assert today.last_year_day == dt.date(2025, 3, 10)
    assert [then for _, _, then, _ in today.cells()] == [2, 2, 0, 0, 0, 0, 0, 0, 0]


def test_the_seven_days_before_newest_first(lianghui, known):
    before = _view(lianghui, known).before
    assert [row.day for row in before] == [TODAY - dt.timedelta(days=i) for i in range(1, 8)]
    assert [now for _, now, _, _ in before[0].cells()] == [1, 1, 1, 0, 0, 0, 0, 0, 1]
    assert all(row.figures == queries.Figures() for row in before[1:])


def test_the_average_of_the_days_before(lianghui, known):
    view = _view(lianghui, known)
    assert view.before_average["persons"] == round(1 / 7, 1)
    assert view.before_average["collective_batches"] == 0


def test_warnings_fire_at_the_periods_thresholds(lianghui, known):
    warned = _view(lianghui, known).today.warnings
    # 11 人次 ≥ 10; 越级/进京 2 ≥ 1 (on the 越级到市 and 进京 cells); 1 集体访 < 2.
    assert set(warned) == {"persons", "overlevel_city", "national"}
    assert warned["persons"] == "人次11，达到预警值10"


def test_a_lower_threshold_warns_of_a_single_collective_visit(lianghui, known, adam):
    from xinfang.periods import actions

    actions.update_period(adam, lianghui, collective_warning=1)
    assert "collective_batches" in _view(lianghui, known).today.warnings


def test_another_countys_and_confidential_petitions_are_not_counted(lianghui, known, places):
    view = queries.daily_view(lianghui, places.zhongfang, TODAY, at=moment(TODAY, 10))
    assert (view.today.figures.batches, view.today.figures.persons) == (1, 1)


def test_a_voided_petition_leaves_the_figures(lianghui, known, cast, places):
    from xinfang.intake.actions import void_petition
    from xinfang.petitions.models import Petition

    letter = Petition.objects.get(
        region=known, channel="letter", received_on=TODAY, content_class=places.urban
    )
    void_petition(cast.alice, letter, reason="重复登记")
    assert _view(lianghui, known).today.figures.batches == 3


def test_the_daily_view_reads_the_figures_in_two_queries(
    lianghui, known, django_assert_max_num_queries
):
    # region ids and hidden classes twice each, two figure queries, the report: bounded.
    with django_assert_max_num_queries(8):
        _view(lianghui, known)
