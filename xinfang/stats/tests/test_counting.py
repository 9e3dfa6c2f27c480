"""Counting rules: 批次, 人次, 件次, repeats, levels; the rollups agree with a rebuild."""

from __future__ import annotations

import datetime as dt

from xinfang.petitions.drafts import PetitionerDraft
from xinfang.regions.models import Level
from xinfang.stats import actions, queries
from xinfang.stats.models import DailyCount, MonthlyCount
from xinfang.stats.queries import Period

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


def test_rebuild_reproduces_the_tables_kept_by_registration(places, on_day):
    first = on_day(DAY, channel="collective_visit", petitioner_count=7, petitioners=GROUP)
    on_day(DAY, repeat_of=first.matter)
    on_day(dt.date(2026, 1, 9), channel="letter")
    kept = sorted(
        DailyCount.objects.values_list(*DailyCount.KEY, "petitions", "persons", "new_matters")
    )
    monthly = sorted(MonthlyCount.objects.values_list(*MonthlyCount.KEY, "petitions", "persons"))
    assert actions.rebuild() == 3
    assert actions.rebuild() == 3  # twice: idempotent
    assert (
        sorted(
            DailyCount.objects.values_list(*DailyCount.KEY, "petitions", "persons", "new_matters")
        )
        == kept
    )
    assert (
        sorted(MonthlyCount.objects.values_list(*MonthlyCount.KEY, "petitions", "persons"))
        == monthly
    )
    assert actions.rollup_status()["state"] == "done"
