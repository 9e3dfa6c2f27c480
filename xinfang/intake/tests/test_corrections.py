"""Correcting a registration and moving a repeat into its matter: every change on the
timeline, the counts and the rates' rollup still equal a rebuild, and only the bureau side
over the petition may do it.

alice (city registrar) and grace (city supervisor) correct; carol (中方县) and dave (a
department) may not."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.events.models import EventKind
from xinfang.intake.corrections import correct_petition, merge_into
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions.models import MatterStatus
from xinfang.stats import actions as stats
from xinfang.stats.tests.test_cohorts import rebuilt, table
from xinfang.stats.tests.test_counting import _tables
from xinfang.workflow import actions as workflow
from xinfang.workflow.models import Clock, ClockKind, ClockState

TODAY = dt.date(2026, 3, 10)


def test_a_correction_lands_on_the_timeline_with_before_and_after(cast, register):
    petition = register(title="小区电梯停运")
    correct_petition(cast.alice, petition, reason="标题录错", title="小区电梯长期停运")
    event = petition.matter.events.get(kind=EventKind.PETITION_CORRECTED)
    assert event.summary == "更正登记信息（标题录错）：标题：小区电梯停运 → 小区电梯长期停运"


def test_the_matter_opened_by_the_petition_follows_its_place(cast, register, places):
    petition = register()
    correct_petition(cast.alice, petition, reason="属地录错", region=places.zhongfang)
    petition.matter.refresh_from_db()
    assert petition.matter.region == places.zhongfang


def test_the_counts_follow_a_correction_as_a_rebuild_would(cast, register, places):
    petition = register(channel="visit")
    correct_petition(
        cast.alice, petition, reason="形式与人数录错", channel="collective_visit",
        petitioner_count=6, region=places.zhongfang, content_class=places.wages,
    )  # fmt: skip
    kept = _tables()
    stats.rebuild()
    assert _tables() == kept


def test_a_later_receipt_date_restarts_the_dispose_clock(cast, register):
    petition = register(received_on=dt.date(2026, 3, 2))
    correct_petition(cast.alice, petition, reason="收到日期录错", received_on=dt.date(2026, 3, 9))
    running = Clock.objects.get(
        matter=petition.matter, kind=ClockKind.DISPOSE, state=ClockState.RUNNING
    )
    assert running.started_on == dt.date(2026, 3, 9)


def test_the_rates_rollup_follows_a_correction(cast, register, places):
    petition = register(received_on=dt.date(2026, 3, 2))
    correct_petition(
        cast.alice, petition, reason="收到日期和属地录错", received_on=dt.date(2026, 3, 9),
        region=places.zhongfang,
    )  # fmt: skip
    assert table() == rebuilt(TODAY)


def test_the_receipt_date_is_fixed_once_the_matter_moved_on(cast, register, places):
    petition = register(received_on=dt.date(2026, 3, 2))
    workflow.forward(cast.alice, petition.matter, places.housing)
    with pytest.raises(DomainError, match="不能再更正首件的收到日期"):
        correct_petition(cast.alice, petition, reason="录错", received_on=dt.date(2026, 3, 3))


def test_a_bad_value_is_refused_with_its_field(cast, register):
    petition = register(channel="visit")
    with pytest.raises(Invalid) as refused:
        correct_petition(cast.alice, petition, reason="改为集体访", channel="collective_visit")
    assert refused.value.errors == {"petitioner_count": ["集体访人数应不少于5人"]}


def test_nothing_to_correct_is_refused(cast, register):
    petition = register(title="小区电梯停运")
    with pytest.raises(DomainError, match="没有需要更正的内容"):
        correct_petition(cast.alice, petition, reason="核对无误", title="小区电梯停运 ")


def test_a_county_outside_the_place_may_not_correct(cast, register):
    with pytest.raises(NotAllowed):
        correct_petition(cast.carol, register(), reason="录错", title="改")


def test_a_department_may_not_correct(cast, register):
    with pytest.raises(NotAllowed):
        correct_petition(cast.dave, register(), reason="录错", title="改")


# 并入重复事项


@pytest.fixture
def earlier_and_new(cast, register):
    earlier = register(received_on=dt.date(2026, 3, 1), title="小区电梯停运")
    new = register(received_on=dt.date(2026, 3, 9), title="电梯仍未修好")
    return earlier.matter, new


def test_a_repeat_moves_into_its_matter(cast, earlier_and_new):
    earlier, new = earlier_and_new
    source = new.matter
    moved = merge_into(cast.alice, new, earlier, reason="同一人反映同一问题")
    source.refresh_from_db()
    earlier.refresh_from_db()
    assert moved.matter == earlier and moved.is_repeat
    assert source.status == MatterStatus.VOIDED and earlier.petition_count == 2
    assert earlier.events.filter(kind=EventKind.PETITION_MERGED).exists()


def test_the_counts_follow_a_merge_as_a_rebuild_would(cast, earlier_and_new):
    earlier, new = earlier_and_new
    merge_into(cast.alice, new, earlier, reason="重复")
    kept = _tables()
    stats.rebuild()
    assert _tables() == kept
    assert table() == rebuilt(TODAY)


def test_only_into_an_earlier_matter(cast, earlier_and_new, register):
    _, new = earlier_and_new
    later = register(received_on=dt.date(2026, 3, 10)).matter
    with pytest.raises(DomainError, match="应并入更早的事项"):
        merge_into(cast.alice, new, later, reason="重复")


def test_a_matter_with_other_petitions_is_not_merged(cast, earlier_and_new, register):
    earlier, new = earlier_and_new
    register(repeat_of=new.matter)
    with pytest.raises(DomainError, match="事项下只有这一件"):
        merge_into(cast.alice, new, earlier, reason="重复")


def test_a_matter_the_actor_cannot_see_is_refused(cast, register, places):
    hidden = register(region=places.zhongfang, received_on=dt.date(2026, 3, 1)).matter
    new = register()  # 鹤城区: bob (鹤城区 bureau) may correct it, not see 中方县's
    with pytest.raises(NotAllowed):
        merge_into(cast.bob, new, hidden, reason="重复")


# The pages.


def test_the_case_page_offers_the_correction_to_the_bureau(client, cast, register):
    petition = register()
    client.force_login(cast.alice)
    assert "更正登记信息" in client.get(f"/petitions/{petition.number}/").content.decode()
    client.force_login(cast.dave)
    assert client.get(f"/petitions/{petition.number}/correct/").status_code == 404


def test_correcting_through_the_page(client, cast, register, places):
    petition = register()
    client.force_login(cast.alice)
    form = client.get(f"/petitions/{petition.number}/correct/").context["form"]
    data = {name: form.initial[name] for name in form.initial}
    data.update(region=places.zhongfang.pk, reason="属地录错")
    response = client.post(f"/petitions/{petition.number}/correct/", data)
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.region == places.zhongfang


def test_merging_through_the_page_names_a_bad_number(client, cast, earlier_and_new):
    _, new = earlier_and_new
    client.force_login(cast.alice)
    page = client.post(f"/petitions/{new.number}/merge/", {"matter": "SX000", "reason": "重复"})
    assert "没有找到该信访事项，或您无权查看" in page.content.decode()


def test_merging_through_the_page_moves_the_repeat(client, cast, earlier_and_new):
    earlier, new = earlier_and_new
    client.force_login(cast.alice)
    response = client.post(
        f"/petitions/{new.number}/merge/",
        {"matter": earlier.number.lower(), "reason": "同一人反映同一问题"},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.matter == earlier and new.is_repeat


def test_merging_through_the_page_without_a_reason_says_what_to_write(
    client, cast, earlier_and_new
):
    earlier, new = earlier_and_new
    client.force_login(cast.alice)
    page = client.post(
        f"/petitions/{new.number}/merge/", {"matter": earlier.number, "reason": "重"}
    )
    assert "请填写并入原因" in page.content.decode()
    new.refresh_from_db()
    assert new.matter != earlier


def test_a_department_cannot_merge_through_the_page(client, cast, earlier_and_new):
    earlier, new = earlier_and_new
    client.force_login(cast.dave)
    response = client.post(
        f"/petitions/{new.number}/merge/",
        {"matter": earlier.number, "reason": "同一人反映同一问题"},
    )
    assert response.status_code == 404
    new.refresh_from_db()
    assert new.matter != earlier
