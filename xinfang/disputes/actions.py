"""Writes to the dispute ledger: recording and editing disputes, the measures taken, settling,
reopening, turning a dispute into a petition matter, and sending the monthly report.

Every write validates, raises Invalid / NotAllowed with Chinese messages, and runs in one
transaction. Status changes go through `machine.advance`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.db import transaction

from xinfang.disputes import queries
from xinfang.disputes.machine import Move, advance
from xinfang.disputes.models import (
    Dispute,
    DisputeKind,
    DisputeMeasure,
    DisputeStatus,
    MonthlyReport,
    Risk,
)
from xinfang.events.actions import record_all
from xinfang.events.models import EventKind
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.regions.models import Region, Unit

TITLE_MAX = 120
PARTIES_MAX = 300
TEXT_MAX = 5000
MEASURE_MAX = 500
PEOPLE_MAX = 100_000
EARLIEST = dt.date(2000, 1, 1)
KINDS, RISKS = frozenset(DisputeKind.values), frozenset(Risk.values)


@dataclass
class DisputeDraft:
    """A dispute as typed on the form or read from a ledger file, before it is checked."""

    unit: Unit | None
    region: Region | None
    found_on: dt.date | None
    title: str
    parties: str
    kind: str
    people: int | None
    risk: str
    responsible_person: str
    responsible_unit: str
    place: str = ""
    details: str = ""
    measures: str = ""


def check(draft: DisputeDraft, *, today: dt.date) -> dict[str, list[str]]:
    """Every problem of `draft` by field (texts are trimmed in place)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for f in fields(draft):
        value = getattr(draft, f.name)
        if isinstance(value, str):
            setattr(draft, f.name, value.strip())
    if draft.unit is None:
        add("unit", "请选择填报单位")
    if draft.region is None:
        add("region", "请选择所在区划")
    elif draft.unit is not None and not draft.region.path.startswith(draft.unit.region.path):
        add("region", f"所在区划应在填报单位（{draft.unit.name}）的辖区内")
    if draft.found_on is None:
        add("found_on", "请填写排查日期")
    elif draft.found_on > today:
        add("found_on", "排查日期不能晚于今天")
    elif draft.found_on < EARLIEST:
        add("found_on", "排查日期不能早于2000年")
    for name, label, limit in (("title", "纠纷概要", TITLE_MAX), ("parties", "当事人", PARTIES_MAX),
                               ("responsible_person", "责任人", 40),
                               ("responsible_unit", "责任单位", 80)):  # fmt: skip
        value = getattr(draft, name)
        if not value:
            add(name, f"请填写{label}")
        elif len(value) > limit:
            add(name, f"{label}不能超过{limit}字")
    for name, label, limit in (("place", "村（社区）组", 80), ("details", "基本情况", TEXT_MAX),
                               ("measures", "化解措施", TEXT_MAX)):  # fmt: skip
        if len(getattr(draft, name)) > limit:
            add(name, f"{label}不能超过{limit}字")
    if draft.kind not in KINDS:
        add("kind", "请选择纠纷类型")
    if draft.risk not in RISKS:
        add("risk", "请选择风险等级")
    if draft.people is None:
        add("people", "请填写涉及人数")
    elif not 1 <= draft.people <= PEOPLE_MAX:
        add("people", f"涉及人数应在1至{PEOPLE_MAX}之间")
    return errors


def _copy(draft: DisputeDraft, dispute: Dispute) -> None:
    for f in fields(draft):
        setattr(dispute, f.name, getattr(draft, f.name))


def _check_unit(actor, unit: Unit | None) -> None:
    if unit is not None and not queries.reporting_units(actor).filter(pk=unit.pk).exists():
        raise Invalid({"unit": [f"您不能为{unit.name}填报矛盾纠纷"]})


def record_dispute(actor, draft: DisputeDraft, *, at: dt.datetime | None = None) -> Dispute:
    """Put a dispute on the ledger (登记矛盾纠纷), status 排查."""
    if not queries.may_write(actor):
        raise NotAllowed("您没有登记矛盾纠纷的权限")
    now = at or timesource.now()
    errors = check(draft, today=timesource.day_of(now))
    if errors:
        raise Invalid(errors)
    _check_unit(actor, draft.unit)
    dispute = Dispute(recorded_by=actor, recorded_at=now, updated_at=now)
    _copy(draft, dispute)
    with transaction.atomic():
        dispute.save()
    return dispute


def update_dispute(
    actor, dispute: Dispute, draft: DisputeDraft, *, at: dt.datetime | None = None
) -> Dispute:
    """Correct a dispute's particulars; one turned into a petition is closed to edits."""
    if dispute.status == DisputeStatus.CONVERTED:
        raise DomainError("已转入信访的纠纷不能修改，请在信访件中办理")
    now = at or timesource.now()
    errors = check(draft, today=timesource.day_of(now))
    if not errors and dispute.resolving_on and draft.found_on > dispute.resolving_on:
        errors["found_on"] = ["排查日期不能晚于已记录的化解措施日期"]
    if errors:
        raise Invalid(errors)
    if draft.unit.pk != dispute.unit_id:
        _check_unit(actor, draft.unit)
    _copy(draft, dispute)
    dispute.updated_at = now
    with transaction.atomic():
        dispute.save()
    return dispute


def _check_day(dispute: Dispute, on: dt.date | None, today: dt.date, label: str) -> None:
    if on is None:
        raise Invalid({"done_on": [f"请填写{label}"]})
    if on > today:
        raise Invalid({"done_on": [f"{label}不能晚于今天"]})
    if on < dispute.found_on:
        raise Invalid({"done_on": [f"{label}不能早于排查日期（{dispute.found_on:%Y-%m-%d}）"]})


def _measure(actor, dispute: Dispute, on: dt.date, text: str, by: str, now) -> DisputeMeasure:
    return DisputeMeasure.objects.create(
        dispute=dispute, done_on=on, text=text, done_by=by, recorded_by=actor, recorded_at=now
    )


def _texts(text: str, by: str) -> tuple[str, str]:
    text, by = (text or "").strip(), (by or "").strip()
    errors = {}
    if not text:
        errors["text"] = ["请填写措施内容"]
    elif len(text) > MEASURE_MAX:
        errors["text"] = [f"措施内容不能超过{MEASURE_MAX}字"]
    if not by:
        errors["done_by"] = ["请填写实施人（单位或姓名）"]
    elif len(by) > 60:
        errors["done_by"] = ["实施人不能超过60字"]
    if errors:
        raise Invalid(errors)
    return text, by


def add_measure(
    actor, dispute: Dispute, *, done_on: dt.date | None, text: str, done_by: str,
    at: dt.datetime | None = None,
) -> DisputeMeasure:  # fmt: skip
    """Record a measure taken (走访、调解、协议 …); the first one on a screened dispute starts
    its resolution (化解中) on that day."""
    if dispute.status == DisputeStatus.CONVERTED:
        raise DomainError("已转入信访的纠纷请在信访件中记录办理情况")
    now = at or timesource.now()
    text, done_by = _texts(text, done_by)
    _check_day(dispute, done_on, timesource.day_of(now), "措施日期")
    with transaction.atomic():
        if dispute.status == DisputeStatus.SCREENED:
            advance(dispute, Move.START, done_on)
        dispute.updated_at = now
        dispute.save()
        return _measure(actor, dispute, done_on, text, done_by, now)


def resolve(
    actor, dispute: Dispute, *, on: dt.date | None, text: str, done_by: str,
    at: dt.datetime | None = None,
) -> Dispute:  # fmt: skip
    """Mark the dispute settled (已化解) on `on`, with how it was settled as its last measure."""
    now = at or timesource.now()
    text, done_by = _texts(text, done_by)
    _check_day(dispute, on, timesource.day_of(now), "化解日期")
    if dispute.resolving_on and on < dispute.resolving_on:
        raise Invalid({"done_on": [f"化解日期不能早于开始化解日期（{dispute.resolving_on}）"]})
    with transaction.atomic():
        advance(dispute, Move.RESOLVE, on)
        dispute.updated_at = now
        dispute.save()
        _measure(actor, dispute, on, f"化解完成：{text}", done_by, now)
    return dispute


def reopen(
    actor, dispute: Dispute, *, on: dt.date | None, text: str, done_by: str,
    at: dt.datetime | None = None,
) -> Dispute:  # fmt: skip
    """Take a settled dispute up again (重新化解) when it flares up; why is written down."""
    now = at or timesource.now()
    text, done_by = _texts(text, done_by)
    _check_day(dispute, on, timesource.day_of(now), "日期")
    if dispute.resolved_on and on < dispute.resolved_on:
        raise Invalid({"done_on": [f"日期不能早于化解日期（{dispute.resolved_on}）"]})
    with transaction.atomic():
        advance(dispute, Move.REOPEN, on)
        dispute.updated_at = now
        dispute.save()
        _measure(actor, dispute, on, f"重新化解：{text}", done_by, now)
    return dispute


def mark_converted(actor, dispute: Dispute, petition, *, at: dt.datetime | None = None) -> Dispute:
    """Record that the dispute became `petition`'s matter (转入信访): its status and link, and
    its history on the matter's timeline, one event per measure in date order, so the
    handler reads what was tried below. Called inside the registration's transaction."""
    if dispute.status == DisputeStatus.CONVERTED:
        raise DomainError("该纠纷已转入信访")
    now = at or timesource.now()
    history = list(dispute.history.order_by("done_on", "id"))
    items = [
        {
            "kind": EventKind.DISPUTE_CONVERTED,
            "petition": petition,
            "summary": f"由{dispute.unit.name}矛盾纠纷排查台账转入（{dispute.found_on:%Y-%m-%d}"
            f"排查发现，{dispute.get_kind_display()}，风险{dispute.get_risk_display()}）",
            "data": {
                "dispute": dispute.pk,
                "found_on": dispute.found_on.isoformat(),
                "kind": dispute.kind,
                "risk": dispute.risk,
                "people": dispute.people,
                "measures": dispute.measures,
            },  # fmt: skip
        }
    ]
    items += [
        {
            "kind": EventKind.DISPUTE_MEASURE,
            "petition": petition,
            "summary": f"{m.done_on:%Y-%m-%d} {m.done_by}：{m.text}"[:200],
            "data": {
                "dispute": dispute.pk,
                "done_on": m.done_on.isoformat(),
                "done_by": m.done_by,
                "text": m.text,
            },  # fmt: skip
        }
        for m in history
    ]
    with transaction.atomic():
        advance(dispute, Move.CONVERT, timesource.day_of(now))
        dispute.petition = petition
        dispute.updated_at = now
        dispute.save()
        record_all(items, actor=actor, at=now)
    return dispute


def submit_report(
    actor, unit: Unit, month: dt.date, *, at: dt.datetime | None = None
) -> MonthlyReport:
    """Send a township's report for `month` (上报月报表): its figures frozen as they stand."""
    if not queries.may_submit(actor, unit):
        raise NotAllowed(f"只有{unit.name}的工作人员可以上报本乡镇的月报表")
    now = at or timesource.now()
    month = month.replace(day=1)
    if queries.month_end(month) >= timesource.day_of(now):
        raise Invalid({"month": [f"{month:%Y年%m月}尚未结束，月末后才能上报"]})
    with transaction.atomic():
        sent = MonthlyReport.objects.select_for_update().filter(unit=unit, month=month).first()
        if sent is not None:
            raise Invalid(
                {"month": [f"{unit.name}{month:%Y年%m月}的月报表已于"
                           f"{sent.submitted_at.astimezone(timesource.SHANGHAI):%Y-%m-%d %H:%M}上报"]}
            )  # fmt: skip
        return MonthlyReport.objects.create(
            unit=unit,
            month=month,
            figures=queries.figures(queries.unit_disputes(unit), month),
            submitted_by=actor,
            submitted_at=now,
        )
