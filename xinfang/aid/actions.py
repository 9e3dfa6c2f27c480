"""Every write of aid (救助帮扶): recording it (with the 息访协议 file when there is one),
approving or turning it down, attaching the agreement later, and the record of each look
at its personal data (name and amount).

Timeline entries never carry the recipient's name or the amount: the timeline is read by
everyone who may see the case; the audit log (查看记录) says who looked at them.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction

from xinfang.accounts.models import Role, User
from xinfang.aid.models import Aid, AidSource, AidStatus
from xinfang.aid.queries import approval_refusal, may_record_aid, may_see_particulars, needs_leader
from xinfang.casework.models import Leader
from xinfang.casework.queries import leader_of
from xinfang.events.actions import notify, record
from xinfang.events.models import EventKind
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions import storage
from xinfang.petitions.drafts import ATTACHMENT_TYPES
from xinfang.petitions.models import Matter, MatterStatus
from xinfang.petitions.queries import visible_petitions

logger = logging.getLogger("xinfang.aid")

MAX_AMOUNT = Decimal("10000000")  # ten million yuan: anything above is a typing error
MAX_PEOPLE = 999
EARLIEST = dt.date(2000, 1, 1)
AHEAD_DAYS = 60  # aid may be proposed for a day up to two months ahead
AGREEMENT_TYPES = ("pdf", "jpg", "jpeg", "png")


def _amount(value, errors: dict) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        errors["amount"] = ["请填写金额（元）"]
        return Decimal("0")
    if not Decimal("0") < amount <= MAX_AMOUNT:
        errors["amount"] = [f"金额应大于0且不超过{MAX_AMOUNT:,.0f}元"]
    return amount


def check_agreement(upload, errors: dict) -> str:
    """The file's extension when it is an acceptable 息访协议 (PDF or a photo)."""
    label = upload.name or "附件"
    extension = label.rsplit(".", 1)[-1].lower() if "." in label else ""
    if extension not in AGREEMENT_TYPES:
        errors["agreement"] = ["息访协议请上传 PDF 或照片（jpg、png）"]
    elif not 0 < upload.size <= settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        errors["agreement"] = [f"文件为空或超过{limit}MB"]
    else:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(m) for m in ATTACHMENT_TYPES[extension][1]):
            errors["agreement"] = ["文件内容与扩展名不符"]
    return extension


def _approvers(aid: Aid) -> list[User]:
    """Who is asked to decide: the leaders over the place with a login, and (up to the
    leaders' threshold) the supervisors over it."""
    paths = [aid.region.path[: i + 1] for i, ch in enumerate(aid.region.path) if ch == "/" and i]
    leaders = Leader.objects.filter(is_active=True, region__path__in=paths, user__isnull=False)
    people = [leader.user for leader in leaders.select_related("user")]
    if not needs_leader(aid):
        people += list(
            User.objects.filter(role=Role.SUPERVISOR, is_active=True, region__path__in=paths)
        )
    return people


def record_aid(
    actor,
    *,
    source: str,
    amount,
    given_on: dt.date,
    people: int,
    recipient_name: str,
    matter: Matter | None = None,
    region=None,
    note: str = "",
    has_agreement: bool = False,
    agreement=None,
    at: dt.datetime | None = None,
) -> Aid:
    """Record aid, waiting for approval. Linked to a matter, its place is the matter's;
    otherwise a region within the actor's. An uploaded 息访协议 sets the agreement flag."""
    if not may_record_aid(actor):
        raise NotAllowed("只有信访部门工作人员可以登记救助")
    at = at or timesource.now()
    today = timesource.day_of(at)
    errors: dict[str, list[str]] = {}
    if matter is not None:
        if not visible_petitions(actor).filter(matter=matter).exists():
            raise NotAllowed("无权查看该信访事项", field="matter")
        if matter.status == MatterStatus.VOIDED:
            errors["matter"] = ["该事项已作废"]
        region = matter.region
    elif region is None:
        errors["region"] = ["请选择地区，或关联信访事项"]
    elif actor.region_id is None or not region.path.startswith(actor.region.path):
        errors["region"] = ["只能登记本辖区的救助"]
    if source not in AidSource.values:
        errors["source"] = ["请选择救助来源"]
    amount = _amount(amount, errors)
    if given_on is None or not EARLIEST <= given_on <= today + dt.timedelta(days=AHEAD_DAYS):
        errors["given_on"] = [f"救助日期应在{EARLIEST:%Y-%m-%d}至今后{AHEAD_DAYS}天之间"]
    if people is None or not 1 <= people <= MAX_PEOPLE:
        errors["people"] = [f"救助人数应在1至{MAX_PEOPLE}之间"]
    recipient_name = (recipient_name or "").strip()
    if not 2 <= len(recipient_name) <= 80:
        errors["recipient_name"] = ["请填写受助信访人姓名（2至80字）"]
    note = (note or "").strip()
    if len(note) > 300:
        errors["note"] = ["救助事由不超过300字"]
    extension = check_agreement(agreement, errors) if agreement is not None else ""
    if errors:
        raise Invalid(errors)
    stored = ""
    try:
        with transaction.atomic():
            aid = Aid(
                matter=matter, region=region, source=source, amount=amount, given_on=given_on,
                people=people, recipient_name=recipient_name, note=note,
                has_agreement=has_agreement or agreement is not None,
                recorded_by=actor, recorded_at=at,
            )  # fmt: skip
            if agreement is not None:
                stored, digest = storage.save_upload(agreement, extension)
                _keep_file(aid, agreement, stored, digest, extension)
            aid.save()
            who = "领导" if needs_leader(aid) else "领导或督查"
            event = record(
                EventKind.AID_RECORDED,
                actor=actor,
                matter=matter,
                summary=(
                    f"登记救助帮扶（{aid.get_source_display()}，{given_on:%Y-%m-%d}，"
                    f"{people}人{'，附息访协议' if aid.has_agreement else ''}），待{who}审批"
                ),
                data={"aid": aid.pk},
                at=at,
            )
            notify(event, _approvers(aid), at=at)
    except BaseException:
        if stored:
            storage.discard([stored])
        raise
    return aid


def _keep_file(aid: Aid, upload, stored: str, digest: str, extension: str) -> None:
    aid.agreement_name = (upload.name or "息访协议")[-200:]
    aid.agreement_stored = stored
    aid.agreement_type = ATTACHMENT_TYPES[extension][0]
    aid.agreement_size = upload.size
    aid.agreement_sha256 = digest


def decide_aid(
    actor, aid: Aid, *, approve: bool, note: str = "", at: dt.datetime | None = None
) -> Aid:
    """Approve (批准) or turn down aid. Who may: see queries.approval_refusal."""
    refusal = approval_refusal(actor, aid)
    if refusal:
        raise NotAllowed(refusal)
    note = (note or "").strip()
    if len(note) > 200:
        raise Invalid({"note": ["审批意见不超过200字"]})
    if not approve and len(note) < 2:
        raise Invalid({"note": ["不予批准时请填写理由"]})
    at = at or timesource.now()
    leader = leader_of(actor)
    status = AidStatus.APPROVED if approve else AidStatus.REJECTED
    with transaction.atomic():
        done = Aid.objects.filter(pk=aid.pk, status=AidStatus.PENDING).update(
            status=status, decided_by=actor, decided_at=at, decision_note=note,
            approving_leader=leader,
        )  # fmt: skip
        if not done:
            raise DomainError("该救助已审批")
        aid.refresh_from_db()
        who = f"{leader.name}（{leader.post}）" if leader is not None else actor.display_name
        event = record(
            EventKind.AID_DECIDED,
            actor=actor,
            matter=aid.matter,
            summary=f"{who}{status.label}救助帮扶（{aid.get_source_display()}，"
            f"{aid.given_on:%Y-%m-%d}）{('：' + note) if note else ''}"[:200],
            data={"aid": aid.pk, "status": status.value},
            at=at,
        )
        notify(event, [aid.recorded_by], at=at)
    return aid


def attach_agreement(actor, aid: Aid, upload, *, at: dt.datetime | None = None) -> Aid:
    """Keep the signed 息访协议 of aid recorded before it was signed."""
    if not may_record_aid(actor):
        raise NotAllowed("只有信访部门工作人员可以上传息访协议")
    if aid.has_file:
        raise DomainError("该救助已有息访协议文件")
    errors: dict[str, list[str]] = {}
    extension = check_agreement(upload, errors)
    if errors:
        raise Invalid(errors)
    at = at or timesource.now()
    stored, digest = storage.save_upload(upload, extension)
    try:
        with transaction.atomic():
            _keep_file(aid, upload, stored, digest, extension)
            aid.has_agreement = True
            aid.save(
                update_fields=[
                    "agreement_name", "agreement_stored", "agreement_type", "agreement_size",
                    "agreement_sha256", "has_agreement",
                ]
            )  # fmt: skip
            record(
                EventKind.AID_RECORDED,
                actor=actor,
                matter=aid.matter,
                summary=f"上传救助帮扶的息访协议（{aid.given_on:%Y-%m-%d}）",
                data={"aid": aid.pk, "sha256": digest},
                at=at,
            )
    except BaseException:
        storage.discard([stored])
        raise
    return aid


def record_look(actor, aid: Aid, what: str, *, at: dt.datetime | None = None) -> None:
    """Log a look at the aid's personal data (name and amount, or the agreement file) in
    the audit log that petitions use (查看记录). Refused without the personal-data right."""
    if not may_see_particulars(actor):
        raise NotAllowed("无权查看救助对象的个人信息")
    record(
        EventKind.PERSONAL_DATA_REVEALED,
        actor=actor,
        matter=aid.matter,
        summary=f"查看救助记录（{aid.given_on:%Y-%m-%d}，{aid.region.name}）的{what}"[:200],
        data={"aid": aid.pk, "field": what},
        at=at,
    )
