"""交办: a leader hands matters to leaders below, who report back; the batch counts its
progress per receiving leader; a late report is reminded once; nobody sees more of a batch
than the matters they may see.

The cast: lena (怀化市 leader) hands down to hugo (鹤城区) and zoe (中方县).
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.casework import handover_actions as actions
from xinfang.casework import handover_queries as queries
from xinfang.casework import queries as casework
from xinfang.casework.models import HandoverItem
from xinfang.events.models import EventKind, Notification
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed

REPORT_BY = dt.date(2026, 3, 20)


def _batch(cast, leaders, *pairs, report_by=REPORT_BY):
    return actions.hand_over(
        cast.lena, title="2026年第1批领导交办事项", report_by=report_by, items=list(pairs),
        note="请一把手亲自过问。",
    )  # fmt: skip


@pytest.fixture
def batch(cast, leaders, hecheng_case, zhongfang_case):
    return _batch(
        cast, leaders, (hecheng_case.matter, leaders.hugo), (zhongfang_case.matter, leaders.zoe)
    )


def test_a_handover_lands_on_each_matters_timeline(cast, batch, hecheng_case):
    event = hecheng_case.matter.events.get(kind=EventKind.HANDED_OVER)
    assert event.summary.startswith("Lena（副市长）交办Hugo（区长）办理（2026年第1批领导交办事项）")
    assert "2026-03-20前报告" in event.summary


def test_the_receiving_leader_is_told(cast, batch, hecheng_case):
    event = hecheng_case.matter.events.get(kind=EventKind.HANDED_OVER)
    told = set(
        Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
    )
    assert "hugo" in told and "zoe" not in told


def test_a_report_date_on_a_rest_day_moves_to_the_next_working_day(cast, leaders, hecheng_case):
    batch = _batch(
        cast, leaders, (hecheng_case.matter, leaders.hugo), report_by=dt.date(2026, 3, 21)
    )
    assert batch.report_by == dt.date(2026, 3, 23)  # Saturday → Monday


def test_only_a_leader_hands_over(cast, leaders, hecheng_case):
    with pytest.raises(NotAllowed, match="只有领导可以交办"):
        actions.hand_over(
            cast.alice, title="交办", report_by=REPORT_BY,
            items=[(hecheng_case.matter, leaders.hugo)],
        )  # fmt: skip


def test_a_leader_hands_only_to_leaders_below(cast, leaders, hecheng_case):
    with pytest.raises(Invalid) as refused:
        actions.hand_over(
            cast.hugo, title="交办事项", report_by=REPORT_BY,
            items=[(hecheng_case.matter, leaders.lena)],
        )  # fmt: skip
    assert refused.value.errors[f"leader_{hecheng_case.matter.pk}"] == ["只能交办给下级领导"]


def test_a_receiver_must_lead_the_matters_place(cast, leaders, hecheng_case):
    with pytest.raises(Invalid) as refused:
        _batch(cast, leaders, (hecheng_case.matter, leaders.zoe))
    assert "不含该事项的问题属地" in refused.value.errors[f"leader_{hecheng_case.matter.pk}"][0]


def test_a_batch_without_matters_or_date_is_refused(cast, leaders):
    with pytest.raises(Invalid) as refused:
        actions.hand_over(cast.lena, title="交办", report_by=None, items=[])
    assert set(refused.value.errors) == {"matters", "report_by"}


def test_a_refused_batch_writes_nothing(cast, leaders, hecheng_case, zhongfang_case):
    with pytest.raises(Invalid):
        _batch(
            cast, leaders,
            (hecheng_case.matter, leaders.hugo), (zhongfang_case.matter, leaders.hugo),
        )  # fmt: skip
    assert not HandoverItem.objects.exists()
    assert not hecheng_case.matter.events.filter(kind=EventKind.HANDED_OVER).exists()


def test_a_county_leader_cannot_hand_over_a_matter_they_cannot_see(cast, leaders, zhongfang_case):
    with pytest.raises(NotAllowed):
        actions.hand_over(
            cast.hugo, title="交办事项", report_by=REPORT_BY,
            items=[(zhongfang_case.matter, leaders.hugo)],
        )  # fmt: skip


def test_the_receiver_reports_back_once(cast, batch, hecheng_case):
    item = HandoverItem.objects.get(matter=hecheng_case.matter)
    actions.report_back(cast.hugo, item, text="已约谈住建局，维修方案已落实。")
    event = hecheng_case.matter.events.get(kind=EventKind.HANDOVER_REPORTED)
    assert "lena" in set(event.notifications.values_list("recipient__username", flat=True))
    with pytest.raises(DomainError, match="已报告"):
        actions.report_back(cast.hugo, item, text="再次报告。")


def test_only_the_receiver_reports(cast, batch, hecheng_case):
    item = HandoverItem.objects.get(matter=hecheng_case.matter)
    with pytest.raises(NotAllowed, match="只有承接领导"):
        actions.report_back(cast.lena, item, text="我来报告。")


def test_progress_counts_reports_on_time_per_receiver(cast, batch, hecheng_case):
    item = HandoverItem.objects.get(matter=hecheng_case.matter)
    actions.report_back(cast.hugo, item, text="已落实。")
    overall, per = queries.progress(cast.lena, batch)
    assert (overall.total, overall.reported, overall.on_time) == (2, 1, 1)
    assert {(p.leader.name, p.total, p.reported) for p in per} == {("Hugo", 1, 1), ("Zoe", 1, 0)}


def test_a_late_report_is_counted_late(cast, batch, hecheng_case):
    item = HandoverItem.objects.get(matter=hecheng_case.matter)
    late = dt.datetime(2026, 3, 24, 9, 0, tzinfo=timesource.SHANGHAI)
    actions.report_back(cast.hugo, item, text="已落实。", at=late)
    overall, _ = queries.progress(cast.lena, batch)
    assert (overall.reported, overall.on_time) == (1, 0)


def test_a_county_leader_sees_only_their_part_of_a_city_batch(cast, batch):
    overall, per = queries.progress(cast.hugo, batch)
    assert overall.total == 1 and [p.leader.name for p in per] == ["Hugo"]
    assert queries.handovers_for(cast.hugo).get().item_count == 1


def test_a_handler_of_another_county_does_not_see_the_batch(cast, leaders, hecheng_case):
    batch = _batch(cast, leaders, (hecheng_case.matter, leaders.hugo))
    with pytest.raises(Exception, match="没有找到该交办批次"):
        queries.access_handover(cast.carol, batch.pk)


def test_a_late_report_is_reminded_once(cast, batch, hecheng_case):
    at = dt.datetime(2026, 3, 24, 1, 0, tzinfo=timesource.SHANGHAI)
    assert actions.remind_late_reports(dt.date(2026, 3, 24), at) == 2
    assert actions.remind_late_reports(dt.date(2026, 3, 25), at) == 0
    event = hecheng_case.matter.events.get(kind=EventKind.HANDOVER_LATE)
    assert "至今未报告（超期4天）" in event.summary


def test_a_reported_matter_is_not_reminded(cast, batch, hecheng_case, zhongfang_case):
    actions.report_back(
        cast.hugo, HandoverItem.objects.get(matter=hecheng_case.matter), text="已落实。"
    )
    at = dt.datetime(2026, 3, 24, 1, 0, tzinfo=timesource.SHANGHAI)
    assert actions.remind_late_reports(dt.date(2026, 3, 24), at) == 1


def test_the_counts_carry_handed_and_received(cast, batch):
    rows = {r.leader.name: r.counts for r in casework.counts_by_leader(cast.lena, 2026)}
    assert (rows["Lena"].handed, rows["Hugo"].received, rows["Zoe"].received) == (2, 1, 1)


def test_receivers_are_the_leaders_below_over_the_place(cast, leaders, hecheng_case):
    assert [leader.name for leader in queries.receivers(leaders.lena, hecheng_case.matter)] == [
        "Hugo"
    ]
