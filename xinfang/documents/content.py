"""What each document says, as one `Paper` that the print page and the docx both render.

Everything comes from the records: the petition and its main petitioner (the addressee),
the step the document records (its text, facts, decision, unit and date), the configured
time limits (workflow.limits) and the review rules (workflow.queries.reviewing_body).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xinfang.documents.models import Document, DocumentKind
from xinfang.holidays.calendar import Measure
from xinfang.petitions.models import Petition
from xinfang.regions.queries import bureau_above
from xinfang.workflow.limits import limit_for
from xinfang.workflow.models import Clock, ClockKind, Step, StepKind
from xinfang.workflow.queries import reviewing_body

NUMERALS = "一二三四五六七八九十"


@dataclass
class Para:
    text: str
    heading: bool = False


@dataclass
class Paper:
    """A document as printed: the organ, title, 文号, addressee, body, table, signature."""

    title: str
    organ: str  # the issuing unit, printed at the head
    number: str = ""
    addressee: str = ""
    body: list[Para] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    signature: str = ""
    date: dt.date | None = None
    note: str = ""  # a line under the signature (送达, 回执说明)

    def add(self, text: str, *, heading: bool = False) -> None:
        if text:
            self.body.append(Para(text, heading))


def day(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def span(kind: str) -> str:
    """A configured limit in words: 30日, 10个工作日."""
    limit = limit_for(kind)
    return f"{limit.amount}{'个工作日' if limit.measure == Measure.WORKDAY else '日'}"


def addressee(petition: Petition) -> str:
    """The petitioner the document is addressed to (等N人 for a joint petition)."""
    if petition.is_anonymous:
        return "信访人"
    people = list(petition.petitioners.all())
    main = next((p for p in people if p.is_main), people[0] if people else None)
    if main is None:
        return "信访人"
    others = max(petition.petitioner_count, len(people))
    return f"{main.name}等{others}人" if others > 1 else main.name


def _raised(petition: Petition) -> str:
    return (
        f"您于{day(petition.received_on)}以{petition.get_channel_display()}形式反映的"
        f"“{petition.title}”一事（信访件编号：{petition.number}）"
    )


def _before(step: Step, *kinds: str) -> Step | None:
    return (
        Step.objects.filter(
            matter_id=step.matter_id, kind__in=kinds, created_at__lte=step.created_at
        )
        .exclude(pk=step.pk)
        .select_related("unit")
        .order_by("-created_at", "-pk")
        .first()
    )


def _sections(paper: Paper, sections: list[tuple[str, str]]) -> None:
    shown = [(title, text) for title, text in sections if text]
    for i, (title, text) in enumerate(shown):
        paper.add(f"{NUMERALS[i]}、{title}", heading=True)
        paper.add(text)


def paper_for(document: Document, *, portal_url: str) -> Paper:
    """The issued document as printed."""
    step, petition = document.step, document.petition
    build = BUILDERS[document.kind]
    paper = Paper(
        title=DocumentKind(document.kind).label,
        organ=document.unit.name,
        number=document.number,
        signature=document.unit.name,
        date=step.on,
    )
    build(paper, step, petition, portal_url)
    return paper


def _accept(paper: Paper, step: Step, petition: Petition, portal_url: str) -> None:
    paper.addressee = addressee(petition)
    paper.add(f"{_raised(petition)}，本机关已于{day(step.on)}依法受理。")
    paper.add(step.text)
    if step.matter.is_fast_track:
        paper.add(f"本事项适用简易办理，本机关将自受理之日起{span(ClockKind.HANDLE_FAST)}内办结。")
    else:
        paper.add(
            f"本机关将自受理之日起{span(ClockKind.HANDLE)}内办结；情况复杂的，经批准可以适当"
            f"延长办理期限，延长期限不超过{span(ClockKind.EXTENSION)}，并告知延期理由。"
        )
    paper.add(f"您可登录{portal_url}，凭信访件编号和查询码查询办理进度。")
    paper.note = f"送达方式：{step.get_delivery_display() or '邮寄送达'}"


def _not_accept(paper: Paper, step: Step, petition: Petition, portal_url: str) -> None:
    paper.addressee = addressee(petition)
    paper.add(f"{_raised(petition)}，经审查，本机关决定不予受理。理由如下：")
    paper.add(step.text)
    if step.unit is not None:
        paper.add(f"请依照法定途径向{step.unit.name}提出。")


def _forward(paper: Paper, step: Step, petition: Petition, portal_url: str) -> None:
    assign = step.kind == StepKind.ASSIGN
    verb = "交办" if assign else "转送"
    paper.addressee = step.unit.name if step.unit else ""
    ask = f"请依照《信访工作条例》的规定办理，自收到之日起{span(ClockKind.ACCEPT_NOTICE)}内决定是否受理并书面告知信访人"
    ask += "，办结后将办理结果报送本机关。" if assign else "。"
    paper.add(f"现将信访人反映的“{petition.title}”一事{verb}你单位。{ask}")
    due = (
        Clock.objects.filter(
            matter_id=step.matter_id, kind=ClockKind.ACCEPT_NOTICE, started_on=step.on
        )
        .order_by("-pk")
        .values_list("due_on", flat=True)
        .first()
    )
    if petition.is_accusation:
        # 第30条: an accuser's particulars are not copied onto papers that travel.
        person = "检举控告件，信访人信息另行提供"
    else:
        people = list(petition.petitioners.all())
        main = next((p for p in people if p.is_main), people[0] if people else None)
        person = "；".join(
            x for x in (addressee(petition), main and main.phone, main and main.address) if x
        )
    paper.rows = [
        ("信访件编号", petition.number),
        ("信访事项编号", petition.matter.number),
        ("收到日期", day(petition.received_on)),
        ("信访形式", petition.get_channel_display()),
        ("问题属地", petition.region.name),
        ("内容分类", str(petition.content_class)),
        ("信访人", person),
        ("标题", petition.title),
        ("反映内容", petition.content),
        ("诉求", petition.demands or "—"),
        (f"{verb}意见", step.text or "—"),
        ("受理告知期限", day(due) if due else "—"),
    ]


def _answer(paper: Paper, step: Step, petition: Petition, portal_url: str) -> None:
    paper.addressee = addressee(petition)
    accepted = _before(step, StepKind.ACCEPT)
    if accepted is not None:
        paper.add(
            f"{_raised(petition)}，本机关于{day(accepted.on)}受理。经调查核实，现将处理意见告知如下："
        )
    else:
        paper.add(f"{_raised(petition)}，经调查核实，现将处理意见告知如下：")
    request = petition.title + (f"。诉求：{petition.demands}" if petition.demands else "")
    decision = f"{step.get_outcome_display()}。{step.text}"
    body = reviewing_body(step.matter)
    notice = (
        f"如对本处理意见不服，可自收到本意见书之日起{span(ClockKind.REVIEW_WINDOW)}内，"
        f"向{body.name}书面提出复查请求。逾期未提出的，视为接受本处理意见。"
    )
    _sections(
        paper,
        [
            ("信访事项", request),
            ("查明事实", step.facts),
            ("处理意见", decision),
            ("法律政策依据", step.legal_basis),
            ("复查告知", notice),
        ],
    )
    paper.note = f"送达方式：{step.get_delivery_display() or '邮寄送达'}"


def _review(paper: Paper, step: Step, petition: Petition, portal_url: str) -> None:
    paper.addressee = addressee(petition)
    answered = _before(step, StepKind.ANSWER, StepKind.ANSWER_DIRECTLY)
    asked = _before(step, StepKind.REQUEST_REVIEW)
    by = f"{answered.unit.name}作出的" if answered and answered.unit else ""
    when = f"于{day(asked.on)}" if asked else ""
    paper.add(
        f"您对{by}信访处理意见（信访件编号：{petition.number}）不服，{when}请求复查。"
        "本机关经复查，意见如下："
    )
    paper.add(f"{step.get_outcome_display()}。{step.text}")
    above = bureau_above(step.unit) if step.unit else None
    where = above.name if above else "上一级行政机关"
    paper.add(
        f"如对本复查意见不服，可自收到本复查意见书之日起{span(ClockKind.REREVIEW_WINDOW)}内，"
        f"向{where}请求复核。"
    )


BUILDERS = {
    DocumentKind.ACCEPT: _accept,
    DocumentKind.NOT_ACCEPT: _not_accept,
    DocumentKind.FORWARD: _forward,
    DocumentKind.ASSIGN: _forward,
    DocumentKind.ANSWER: _answer,
    DocumentKind.REVIEW: _review,
}


def receipt(petition: Petition, *, portal_url: str, query_code: str | None) -> Paper:
    """The receipt handed over at the counter (登记回执). The 查询码 is printed only when it
    has just been issued: only its hash is kept, so later prints say how to get a new one."""
    unit = petition.registering_unit
    code = query_code or "登记时已告知本人；遗失的，可到登记机关重置"
    paper = Paper(
        title="信访事项登记回执",
        organ=unit.name,
        signature=unit.name,
        date=petition.received_on,
        addressee=addressee(petition),
    )
    paper.add(f"您于{day(petition.received_on)}提出的信访事项已登记，登记信息如下：")
    paper.rows = [
        ("信访人", addressee(petition)),
        ("信访件编号", petition.number),
        ("信访事项编号", petition.matter.number),
        ("收到日期", day(petition.received_on)),
        ("信访形式", petition.get_channel_display()),
        ("标题", petition.title),
        ("查询码", code),
        ("查询网址", portal_url),
    ]
    paper.add("办理时限", heading=True)
    paper.add(
        f"本机关自收到之日起{span(ClockKind.DISPOSE)}内，按规定转送、交办有权处理的机关或者"
        f"直接办理；有权处理的机关自收到之日起{span(ClockKind.ACCEPT_NOTICE)}内决定是否受理并"
        f"书面告知您。受理后{span(ClockKind.HANDLE)}内办结，情况复杂的可延长不超过"
        f"{span(ClockKind.EXTENSION)}。"
    )
    paper.add(
        f"对处理意见不服的，可自收到处理意见书之日起{span(ClockKind.REVIEW_WINDOW)}内请求复查；"
        f"对复查意见不服的，可自收到复查意见书之日起{span(ClockKind.REREVIEW_WINDOW)}内请求复核。"
    )
    paper.add(f"请妥善保管信访件编号和查询码，凭此登录{portal_url}查询办理进度、评价办理结果。")
    return paper
