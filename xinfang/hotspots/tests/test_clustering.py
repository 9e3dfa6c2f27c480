"""Clustering plain records: similar texts of one place group, others do not, and why."""

from __future__ import annotations

from xinfang.hotspots import clustering
from xinfang.hotspots.clustering import Record

from .texts import ELEVATOR, SITE_WAGES, UNRELATED

HECHENG, ZHONGFANG = "431202", "431221"


def records(texts, place=HECHENG, start=0, **extra):
    return [
        Record(key=start + i, title=t, content=c, place=place, **extra)
        for i, (t, c) in enumerate(texts)
    ]


def test_petitions_about_one_elevator_form_one_cluster_and_unrelated_ones_none():
    found = clustering.cluster(records(ELEVATOR) + records(UNRELATED, start=10))
    assert [c.keys for c in found] == [[0, 1, 2, 3]]


def test_the_cluster_is_explained_by_the_phrases_its_members_share():
    (found,) = clustering.cluster(records(ELEVATOR) + records(UNRELATED, start=10))
    phrases = dict(found.phrases)
    assert phrases["锦溪小区"] == 4 and phrases["物业公司"] == 4
    assert all("锦溪小区" in words for words in found.words.values())


def test_the_representative_is_the_member_most_like_the_others():
    (found,) = clustering.cluster(records(ELEVATOR) + records(UNRELATED, start=10))
    best = max(found.centrality.values())
    assert found.centrality[found.representative] == best


def test_across_counties_petitions_must_be_closer_to_group():
    """Two tellings of the elevator story (cosine ≈ 0.27) group in one county, not across two."""
    one, other = ELEVATOR[1], ELEVATOR[2]
    background = records(UNRELATED, start=10)
    same = records([one, other]) + background
    apart = records([one]) + records([other], place=ZHONGFANG, start=1) + background
    assert [c.keys for c in clustering.cluster(same)] == [[0, 1]]
    assert clustering.cluster(apart) == []


def test_the_same_text_groups_across_counties():
    texts = records(ELEVATOR[:2]) + records(ELEVATOR[:2], place=ZHONGFANG, start=2)
    assert [c.keys for c in clustering.cluster(texts + records(UNRELATED, start=10))] == [
        [0, 1, 2, 3]
    ]


def test_petitions_of_one_matter_belong_together_whatever_they_say():
    texts = [ELEVATOR[0], UNRELATED[0]]
    linked = [
        Record(key=i, title=t, content=c, place=HECHENG, group=7) for i, (t, c) in enumerate(texts)
    ]
    assert [c.keys for c in clustering.cluster(linked)] == [[0, 1]]
    assert clustering.cluster(records(texts)) == []


def test_place_names_do_not_make_petitions_alike():
    texts = [
        (
            "鹤城区迎丰街道迎丰路路灯不亮",
            "鹤城区迎丰街道迎丰路一段的路灯坏了两个月，晚上出行不安全。",
        ),
        ("鹤城区迎丰街道低保办理慢", "鹤城区迎丰街道办理低保要跑很多次，材料交了三个月没有消息。"),
    ]
    stripped = records(texts, strip=("迎丰街道", "鹤城区", "迎丰", "鹤城"))
    assert "迎丰" not in clustering.text_of(stripped[0])
    assert clustering.cluster(stripped + records(UNRELATED, start=10)) == []


def test_two_issues_bridged_by_one_likeness_are_told_apart(monkeypatch):
    """反映锦溪小区电梯… and 反映锦溪小区工地欠薪 link the two issues; the split undoes it."""
    texts = records(ELEVATOR) + records(SITE_WAGES, start=4) + records(UNRELATED, start=10)
    found = [c.keys for c in clustering.cluster(texts)]
    assert found == [[0, 1, 2, 3], [4, 5, 6, 10]]
    monkeypatch.setattr(clustering, "TIGHTEST", 0.0)  # never tighten: one chained cluster
    assert [c.keys for c in clustering.cluster(texts)] == [[0, 1, 2, 3, 4, 5, 6, 10]]


def test_keep_decides_which_clusters_are_returned():
    texts = records(ELEVATOR) + records(UNRELATED, start=10)
    assert clustering.cluster(texts, keep=lambda keys: len(keys) >= 5) == []


def test_no_records_no_clusters():
    assert clustering.cluster([]) == []


def test_texts_without_two_characters_in_a_row_form_no_cluster():
    """Nothing to weigh (no bigram in the window) is no cluster, not an error."""
    texts = records([("电", ""), ("梯", ""), ("坏", "")])
    assert clustering.cluster(texts) == []
