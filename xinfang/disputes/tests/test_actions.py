"""Recording a dispute and working on it: each write checks its input and the status edge.

Cast: xinfang/disputes/tests/conftest.py (tina keeps 铜湾镇's ledger; it is 2026-03-10).
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.disputes import actions
from xinfang.disputes.models import DisputeStatus
from xinfang.lib.errors import DomainError, Invalid, NotAllowed

FEB = dt.date(2026, 2, 10)


def test_a_dispute_is_recorded_as_screened(record, people):
    dispute = record()
    assert dispute.status == DisputeStatus.SCREENED
    assert dispute.recorded_by == people.tina
    assert dispute.unit.name == "中方县铜湾镇"


def test_it_names_every_missing_field_in_chinese(people, dispute_draft):
    with pytest.raises(Invalid) as refused:
        actions.record_dispute(
            people.tina,
            dispute_draft(title=" ", parties="", kind="quarrel", risk="", people=0,
                  responsible_person="", found_on=None),
        )  # fmt: skip
    errors = refused.value.errors
    assert errors["title"] == ["请填写纠纷概要"]
    assert errors["parties"] == ["请填写当事人"]
    assert errors["kind"] == ["请选择纠纷类型"]
    assert errors["risk"] == ["请选择风险等级"]
    assert errors["people"] == ["涉及人数应在1至100000之间"]
    assert errors["responsible_person"] == ["请填写责任人"]
    assert errors["found_on"] == ["请填写排查日期"]


def test_it_refuses_a_date_after_today(people, dispute_draft):
    with pytest.raises(Invalid, match="排查日期不能晚于今天"):
        actions.record_dispute(people.tina, dispute_draft(found_on=dt.date(2026, 3, 11)))


def test_it_refuses_a_place_outside_the_reporting_unit(people, dispute_draft, places):
    with pytest.raises(Invalid) as refused:
        actions.record_dispute(people.tina, dispute_draft(region=places.hecheng))
    assert refused.value.errors["region"] == ["所在区划应在填报单位（中方县铜湾镇）的辖区内"]


def test_a_township_cannot_record_for_another_township(people, dispute_draft, towns):
    with pytest.raises(Invalid, match="您不能为中方县中方镇填报矛盾纠纷"):
        actions.record_dispute(people.tina, dispute_draft(unit=towns.zhongfangzhen))


def test_a_county_bureau_records_for_its_townships(people, dispute_draft, towns):
    dispute = actions.record_dispute(people.carol, dispute_draft(unit=towns.zhongfangzhen))
    assert dispute.unit == towns.zhongfangzhen


def test_a_leader_does_not_record(people, dispute_draft):
    with pytest.raises(NotAllowed):
        actions.record_dispute(people.leo, dispute_draft())


def test_the_first_measure_starts_resolution_on_its_day(record, people):
    dispute = record()
    actions.add_measure(people.tina, dispute, done_on=FEB, text="入户走访双方", done_by="刘建军")
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVING
    assert dispute.resolving_on == FEB
    assert [m.text for m in dispute.history.all()] == ["入户走访双方"]


def test_a_measure_needs_its_text_and_who_did_it(record, people):
    with pytest.raises(Invalid) as refused:
        actions.add_measure(people.tina, record(), done_on=FEB, text="", done_by="")
    assert refused.value.errors == {
        "text": ["请填写措施内容"],
        "done_by": ["请填写实施人（单位或姓名）"],
    }


def test_a_measure_is_not_dated_before_the_dispute_was_found(record, people):
    with pytest.raises(Invalid, match="措施日期不能早于排查日期（2026-02-03）"):
        actions.add_measure(
            people.tina, record(), done_on=dt.date(2026, 2, 1), text="走访", done_by="刘建军"
        )


def test_settling_writes_the_result_into_the_history(record, people):
    dispute = record()
    actions.resolve(people.tina, dispute, on=FEB, text="签订调解协议", done_by="镇调委会")
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVED
    assert dispute.resolved_on == FEB
    assert dispute.history.get().text == "化解完成：签订调解协议"


def test_a_settled_dispute_cannot_be_settled_again(record, people):
    dispute = record()
    actions.resolve(people.tina, dispute, on=FEB, text="签订协议", done_by="镇调委会")
    with pytest.raises(DomainError, match="状态为“已化解”的纠纷不能“化解完成”"):
        actions.resolve(people.tina, dispute, on=FEB, text="再次", done_by="镇调委会")


def test_reopening_drops_the_settlement_date(record, people):
    dispute = record()
    actions.resolve(people.tina, dispute, on=FEB, text="签订协议", done_by="镇调委会")
    actions.reopen(people.tina, dispute, on=dt.date(2026, 3, 2), text="一方反悔", done_by="刘建军")
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVING
    assert dispute.resolved_on is None
    assert dispute.resolving_on == dt.date(2026, 3, 2)


def test_editing_corrects_the_particulars(record, people, dispute_draft):
    dispute = record()
    actions.update_dispute(people.tina, dispute, dispute_draft(people=9, title="补偿款分配纠纷"))
    dispute.refresh_from_db()
    assert (dispute.people, dispute.title) == (9, "补偿款分配纠纷")
