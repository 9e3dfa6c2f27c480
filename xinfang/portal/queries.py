"""Reads for the public portal. Only public facts leave here: never a petitioner's name, ID
number, phone or address, and of a 检举控告 matter nothing but its status."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from xinfang.classes.queries import subtree_ids
from xinfang.lib import timesource
from xinfang.petitions import numbering, redaction
from xinfang.petitions.models import MatterStatus as S
from xinfang.petitions.models import Petition
from xinfang.regions.models import Unit, UnitKind
from xinfang.regions.queries import subtree
from xinfang.workflow.machine import Action, legal_actions
from xinfang.workflow.models import Clock, ClockKind, ClockState, Step, StepKind

# What each status means to the petitioner, in plain words.
PLAIN_STATUS = {
    S.REGISTERED: "已登记，信访部门正在研究办理方式（15日内转送、交办或直接答复）",
    S.FORWARDED: "已转送责任单位，等待其决定是否受理（15日内书面告知）",
    S.ACCEPTED: "责任单位已受理，正在办理（60日内出具处理意见书）",
    S.ANSWERED: "已出具处理意见书。如不服，可在收到之日起30日内申请复查",
    S.REVIEWING: "复查机关正在复查（30日内出具复查意见）",
    S.REVIEWED: "已出具复查意见。如不服，可在30日内申请复核",
    S.REREVIEWING: "复核机关正在复核（30日内出具复核意见）",
    S.CLOSED: "已办结",
    S.TERMINATED: "已终结",
    S.NOT_ACCEPTED: "不予受理（理由见告知书）",
    S.NOT_REACCEPTED: "不再受理",
    S.FILED: "已存档",
}

# Steps whose text is a written answer to the petitioner, shown as printable documents.
DOCUMENT_KINDS = {
    StepKind.ACCEPT: "受理告知书",
    StepKind.ANSWER: "信访处理意见书",
    StepKind.ANSWER_DIRECTLY: "信访处理意见书",
    StepKind.NOT_ACCEPT: "不予受理告知书",
    StepKind.NOT_REACCEPT: "不再受理告知书",
    StepKind.EXTEND: "延期办理告知书",
    StepKind.REVIEW_DECISION: "复查意见书",
    StepKind.REREVIEW_DECISION: "复核意见书",
}
ANSWER_KINDS = (StepKind.ANSWER, StepKind.ANSWER_DIRECTLY)
DUTY_CLOCKS = (
    ClockKind.DISPOSE, ClockKind.ACCEPT_NOTICE, ClockKind.HANDLE, ClockKind.HANDLE_FAST,
    ClockKind.EXTENSION, ClockKind.REVIEW, ClockKind.REREVIEW,
)  # fmt: skip


def find_case(number: str, code: str, phone_last4: str) -> Petition | None:
    """The petition if number, 查询码 and the main petitioner's last four phone digits match.

    The same work is done whether or not the number exists, so timing tells nothing.
    """
    petition = (
        Petition.objects.select_related("matter", "region", "content_class")
        .filter(number=(number or "").strip().upper())
        .first()
    )
    expected = petition.query_code_hash if petition else "0" * 64
    code_ok = hmac.compare_digest(expected, numbering.hash_query_code(code or ""))
    if petition is None or not code_ok:
        return None
    main = petition.main_petitioner
    phone = main.phone if main else ""
    if phone and not hmac.compare_digest(phone[-4:], (phone_last4 or "").strip()):
        return None
    return petition


@dataclass
class CaseView:
    """What a petitioner sees of their case."""

    petition: Petition
    status: str
    plain_status: str
    confidential: bool
    unit_name: str = ""
    due: list[tuple[str, object]] = field(default_factory=list)
    documents: list[Step] = field(default_factory=list)
    may_rate: bool = False
    rated: bool = False
    may_request_review: bool = False
    review_due: object = None
    voided: bool = False


VOIDED_NOTE = "该信访件因登记有误已作废，不再办理；如有疑问，请联系登记机关。"


def case_view(petition: Petition) -> CaseView:
    matter = petition.matter
    if petition.is_voided:
        # A registration error, corrected (作废): nothing of the matter it was filed under is
        # told, and nothing is offered (no rating, no 复查).
        return CaseView(
            petition=petition, status="已作废", plain_status=VOIDED_NOTE,
            confidential=False, voided=True,
        )  # fmt: skip
    view = CaseView(
        petition=petition,
        status=matter.get_status_display(),
        plain_status=PLAIN_STATUS.get(matter.status, matter.get_status_display()),
        confidential=petition.is_accusation or matter.is_accusation,
    )
    if view.confidential:
        # 检举控告 (第30条): who handles it and what was found are not told through the portal.
        return view
    lead = matter.lead_assignment()
    view.unit_name = lead.unit.name if lead else matter.registering_unit.name
    running = Clock.objects.filter(
        matter=matter, kind__in=DUTY_CLOCKS, state__in=(ClockState.RUNNING, ClockState.LATE)
    )
    view.due = [(c.get_kind_display(), c.due_on) for c in running]
    view.documents = list(
        Step.objects.filter(matter=matter, kind__in=DOCUMENT_KINDS).select_related("unit")
    )
    for step in view.documents:
        step.doc_title = DOCUMENT_KINDS[step.kind]
    answered = any(s.kind in ANSWER_KINDS for s in view.documents)
    view.rated = matter.ratings.exists()
    view.may_rate = answered and not view.rated and Action.RATE in legal_actions(matter.status)
    window = (
        Clock.objects.filter(matter=matter, kind=ClockKind.REVIEW_WINDOW, state=ClockState.RUNNING)
        .order_by("-pk")
        .first()
    )
    if window and matter.status == S.ANSWERED and timesource.today() <= window.due_on:
        view.may_request_review = True
        view.review_due = window.due_on
    return view


def document(petition: Petition, step_id: int) -> Step | None:
    if petition.is_accusation or petition.matter.is_accusation:
        return None
    return (
        Step.objects.filter(matter=petition.matter, pk=step_id, kind__in=DOCUMENT_KINDS)
        .select_related("unit")
        .first()
    )


# ---- the public board (公开信件) --------------------------------------------------------


def public_petitions() -> QuerySet[Petition]:
    """Petitions published by staff (a stored, redacted copy), whose petitioner consented;
    never a 检举控告 one, nor a voided one. The board and Open311 show nothing else."""
    return Petition.objects.filter(
        publication__isnull=False,
        voided_at=None,
        consent_public=True,
        is_accusation=False,
        matter__is_accusation=False,
    )


def board(*, content_class=None, region=None, text: str = "") -> QuerySet[Petition]:
    qs = public_petitions()
    if content_class is not None:
        qs = qs.filter(content_class_id__in=subtree_ids(content_class))
    if region is not None:
        qs = qs.filter(region_id__in=subtree(region).values("pk"))
    text = (text or "").strip()
    if text:
        # Only the published, redacted text: a search for a phone or a name finds nothing.
        qs = qs.filter(
            Q(publication__title__icontains=text) | Q(publication__content__icontains=text)
        )
    return qs.select_related("matter", "region", "content_class", "publication").order_by(
        "-received_on", "-id"
    )


def public_answer(petition: Petition) -> Step | None:
    """The official answer (信访处理意见书) of a public petition, once given."""
    return (
        Step.objects.filter(matter_id=petition.matter_id, kind__in=ANSWER_KINDS)
        .select_related("unit")
        .order_by("-created_at")
        .first()
    )


def redact(text: str, petition: Petition) -> str:
    """Text of `petition` fit for the public (an answer shown beside its publication)."""
    return redaction.redact(text, redaction.particulars_of(petition))


def contact_units() -> QuerySet[Unit]:
    """The petition bureaus, for the contact card."""
    return Unit.objects.filter(kind=UnitKind.BUREAU, is_active=True).select_related("region")
