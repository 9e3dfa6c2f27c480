"""Counting rules: 批次, 人次, 件次, repeats, levels; the rollups agree with a rebuild."""

from __future__ import annotations

import datetime as dt

from xinfang.intake.actions import void_petition
from xinfang.petitions.drafts import PetitionerDraft
from xinfang.regions.models import Level
from xinfang.stats import actions, queries
from xinfang.stats.models import VOLUME_MEASURES, ClassCount, VolumeCount
from xinfang.stats.queries import Period
from xinfang.stats.tests.test_rates import at

DAY = dt.date(2026, 2, 3)
GROUP = [
    PetitionerDraft(
        name="张建国", id_number="431202199003070019", phone="13807451230", is_main=True
    ),
    *(PetitionerDraft(name=f"代表{i}", phone=f"1380745123{i}") for i in range(1, 5)),
]


def test_a_seven_person_visit_is_one_batch_and_seven_persons(places, on_day):
    on_day(DAY, channel="collective_visit", petitioner_count=7, petitioners=GROUP)
    v = queries.volumes(places.city, Period.year(2026))
    assert (v["visit_batches"], v["visit_persons"]) == (1, 7)
    assert (v["collective_batches"], v["collective_persons"]) == (1, 7)
    assert v["band_5"] == 1


def test_letters_are_items_not_visits(places, on_day):
    on_day(DAY, channel="letter")
    v = queries.volumes(places.city, Period.year(2026))
    assert v["letter_items"] == 1
    assert v["visit_batches"] == 0
    assert v["total_batches"] == 1


def test_a_repeat_counts_in_volume_but_not_as_a_new_matter(places, on_day):
    first = on_day(DAY)
    on_day(DAY, repeat_of=first.matter)
    v = queries.volumes(places.city, Period.year(2026))
    assert v["total_batches"] == 2
    assert v["first_time"] == 1
    assert v["repeats"] == 1
    assert v["repeat_rate"] == 50.0


def test_levels_are_counted_where_lodged(places, on_day):
    on_day(DAY, level=Level.NATIONAL, is_abnormal=True)
    on_day(DAY, level=Level.PROVINCE)
    on_day(DAY, level=Level.CITY, is_overlevel=True)
    on_day(DAY, level=Level.CITY)
    v = queries.volumes(places.city, Period.year(2026))
    assert (v["national_batches"], v["national_abnormal_persons"]) == (1, 1)
    assert v["province_batches"] == 1
    assert v["overlevel_city_batches"] == 1


def test_a_county_scope_counts_only_its_county(places, on_day):
    on_day(DAY, region=places.hecheng)
    on_day(DAY, region=places.zhongfang)
    assert queries.volumes(places.zhongfang, Period.year(2026))["total_batches"] == 1
    assert queries.volumes(places.city, Period.year(2026))["total_batches"] == 2


def _tables():
    return {
        model.__name__: sorted(model.objects.values_list(*model.KEY, *fields))
        for model, fields in (
            (VolumeCount, VOLUME_MEASURES),
            (ClassCount, VOLUME_MEASURES),
        )
    }


def test_rebuild_reproduces_the_tables_kept_by_registration(places, on_day):
    first = on_day(DAY, channel="collective_visit", petitioner_count=7, petitioners=GROUP)
    on_day(DAY, repeat_of=first.matter, level=Level.NATIONAL, is_abnormal=True)
    on_day(dt.date(2026, 1, 9), channel="letter")
    on_day(dt.date(2025, 12, 30), level=Level.CITY, is_overlevel=True)
    kept = _tables()
    assert actions.rebuild() == 4
    assert actions.rebuild() == 4  # twice: idempotent
    assert _tables() == kept
    assert actions.rollup_status()["state"] == "done"


def test_voided_petitions_leave_the_tables_as_a_rebuild_would(places, on_day, grace):
    first = on_day(DAY, channel="collective_visit", petitioner_count=7, petitioners=GROUP)
    repeat = on_day(DAY, repeat_of=first.matter, level=Level.NATIONAL, is_abnormal=True)
    alone = on_day(dt.date(2026, 1, 9), channel="letter")
    on_day(dt.date(2026, 1, 9), channel="letter")
    with at(DAY):
        void_petition(grace, repeat, reason="重复登记")
        void_petition(grace, alone, reason="重复登记")
    kept = _tables()
    assert actions.rebuild() == 2
    assert _tables() == kept


def test_a_rebuild_of_one_month_keeps_its_year_the_sum_of_its_months(places, on_day):
    on_day(dt.date(2026, 1, 9))
    on_day(DAY, channel="letter")
    kept = _tables()
    VolumeCount.objects.filter(span="year").delete()
    assert actions.rebuild(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == 1
    assert _tables() == kept


def test_a_year_is_read_from_its_year_rows_and_a_part_of_it_from_months(places, on_day):
    on_day(dt.date(2025, 12, 30))
    on_day(dt.date(2026, 1, 9), channel="letter")
    on_day(DAY, level=Level.NATIONAL)
    whole = queries.volumes(places.city, Period.year(2026))
    assert (whole["total_batches"], whole["letter_items"], whole["national_batches"]) == (2, 1, 1)
    january = queries.volumes(places.city, Period.month(2026, 1))
    assert (january["total_batches"], january["letter_items"]) == (1, 1)
    across = queries.volumes(places.city, Period(dt.date(2025, 12, 1), dt.date(2026, 12, 31), ""))
    assert across["total_batches"] == 3
    years = queries.yearly_totals(places.city, 2024, 2026)
    assert [years[y]["total_batches"] for y in (2024, 2025, 2026)] == [0, 1, 2]


def test_a_period_is_its_whole_years_and_the_months_around_them():
    period = Period(dt.date(2022, 3, 1), dt.date(2024, 10, 31), "")
    assert queries._slices(period) == [
        ("year", dt.date(2023, 1, 1), dt.date(2023, 1, 1)),
        ("month", dt.date(2022, 3, 1), dt.date(2022, 12, 1)),
        ("month", dt.date(2024, 1, 1), dt.date(2024, 10, 1)),
    ]
    assert queries._slices(Period.year(2026)) == [
        ("year", dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    ]
    assert queries._slices(Period.month(2026, 2)) == [
        ("month", dt.date(2026, 2, 1), dt.date(2026, 2, 1))
    ]
    assert queries._slices(Period.year(2026), months=True) == [
        ("month", dt.date(2026, 1, 1), dt.date(2026, 12, 1))
    ]
    # A month counts when its first day is in the period.
    assert queries._slices(Period(dt.date(2026, 1, 31), dt.date(2026, 3, 15), "")) == [
        ("month", dt.date(2026, 2, 1), dt.date(2026, 3, 1))
    ]
