"""The ranking of the agreements a region issued (末位 flagged) and the per-capita ranking."""

from __future__ import annotations

import datetime as dt

from xinfang.assessment import queries
from xinfang.regions.models import Level

TODAY = dt.date(2026, 3, 10)


def test_counties_rank_by_score_and_the_last_is_flagged(known_year, places):
    rows = queries.ranking(places.city, 2026, TODAY)["regions"]
    assert [(r.agreement.owner_name, r.rank, r.score.total, r.is_last) for r in rows] == [
        ("鹤城区", 1, 100, False),
        ("中方县", 2, 94, True),
    ]


def test_a_vetoed_county_ranks_below_every_other(known_year, on_day, places):
    for _ in range(3):
        on_day(dt.date(2026, 3, 4), level=Level.NATIONAL, is_abnormal=True)  # 鹤城区
    rows = queries.ranking(places.city, 2026, TODAY)["regions"]
    assert [r.agreement.owner_name for r in rows] == ["中方县", "鹤城区"]
    assert rows[-1].score.vetoed and rows[-1].is_last


def test_equal_scores_share_a_rank_and_no_one_is_last(sign, places):
    sign(places.hecheng), sign(places.zhongfang)
    rows = queries.ranking(places.city, 2026, TODAY)["regions"]
    assert [r.rank for r in rows] == [1, 1]
    assert not any(r.is_last for r in rows)


def test_a_county_sees_its_own_place_among_the_counties(known_year):
    _, zhongfang = known_year
    mine = queries.own_rank(zhongfang, TODAY)
    assert (mine.rank, mine.of, mine.is_last) == (2, 2, True)


def test_per_capita_ranks_by_persons_per_10000_inhabitants(known_year, places):
    rows = queries.per_capita(places.city, 2026, TODAY)
    by_name = {r.region.name: r for r in rows}
    # 鹤城区 10 人次 of 712,584 people; 中方县 36 of 233,378: fewer people, more per head.
    assert by_name["鹤城区"].per_10k == 0.14
    assert by_name["中方县"].per_10k == 1.54
    assert rows[-1].region.name == "中方县"
    assert rows[-1].is_last
    assert by_name["鹤城区"].rank == len(rows) - 1  # the eleven quiet counties share rank 1
    assert by_name["沅陵县"].rank == 1


def test_a_region_without_population_is_listed_unranked(known_year, places):
    places.zhongfang.population = None
    places.zhongfang.save()
    rows = queries.per_capita(places.city, 2026, TODAY)
    assert rows[-1].region.name == "中方县"
    assert (rows[-1].rank, rows[-1].per_10k) == (0, None)
