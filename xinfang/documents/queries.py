"""Reads over documents (文书) and who may issue or read them.

A document is read through the petition it is addressed to: whoever may see that petition
(petitions.queries.access_petition) may print it, anyone else gets a 404. So a 检举控告 and
its documents never reach the accused unit. A user shown only their own unit's part of a
matter (petitions.queries.confined) is shown only the documents of their unit's steps.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.documents.models import KIND_CODES, Document, DocumentKind, NumberPattern
from xinfang.petitions.models import Petition
from xinfang.petitions.queries import access_petition, confined
from xinfang.reference.queries import snapshot
from xinfang.regions.models import Unit, UnitKind
from xinfang.workflow.models import Step, StepKind

# The step each document records.
STEP_KINDS = {
    StepKind.ACCEPT: DocumentKind.ACCEPT,
    StepKind.NOT_ACCEPT: DocumentKind.NOT_ACCEPT,
    StepKind.FORWARD: DocumentKind.FORWARD,
    StepKind.ASSIGN: DocumentKind.ASSIGN,
    StepKind.ANSWER: DocumentKind.ANSWER,
    StepKind.ANSWER_DIRECTLY: DocumentKind.ANSWER,
    StepKind.REVIEW_DECISION: DocumentKind.REVIEW,
}
PLACEHOLDERS = {"year", "seq"}
PATTERN_EDITORS = (Role.REGISTRAR, Role.ADMIN)


def issuing_unit(step: Step) -> Unit:
    """The unit that signs the document: the one whose clerk recorded the step (a 转送单's
    step names the receiving unit, so the step's own unit will not do)."""
    return step.actor.unit or step.matter.registering_unit


def _candidates(unit: Unit) -> list[str]:
    """The 机关代字 a unit could go by, shortest first: 怀信访, 洪江信访 (a second 洪 place)
    for a bureau; 怀住, 怀住房, ... for another unit (its name without the place's)."""
    region = unit.region.name
    if unit.kind == UnitKind.BUREAU:
        return [f"{region[:k]}信访" for k in range(1, len(region) + 1)]
    rest = unit.name.removeprefix(region) or unit.name
    return [f"{region[:1]}{rest[:k]}" for k in range(1, len(rest) + 1)]


def _read_abbreviations() -> dict[int, str]:
    """Each unit's 机关代字: its shortest candidate no other unit could go by, so two units'
    default patterns never give the same 文号."""
    units = list(Unit.objects.select_related("region"))
    lists = {u.pk: _candidates(u) for u in units}
    taken: dict[str, int] = {}
    for candidates in lists.values():
        for c in candidates:
            taken[c] = taken.get(c, 0) + 1
    found = {}
    for pk, candidates in lists.items():
        mine = [c for c in candidates if taken[c] == 1]
        found[pk] = mine[0] if mine else f"{candidates[-1]}{pk}"
    return found


def abbreviation(unit: Unit) -> str:
    """The unit's 机关代字 in the default pattern: 怀信访 for 怀化市信访局, 怀住 for 怀化市住房
    和城乡建设局 (a pattern set for the unit replaces it). Kept with the reference data."""
    found = snapshot().get("document_abbreviations", _read_abbreviations)
    return found.get(unit.pk) or _read_abbreviations()[unit.pk]


def default_pattern(unit: Unit, kind: str) -> str:
    return f"{abbreviation(unit)}{KIND_CODES[kind]}〔{{year}}〕{{seq}}号"


def pattern_for(unit: Unit, kind: str) -> str:
    """The unit's pattern for `kind`, else the default."""
    row = NumberPattern.objects.filter(unit=unit, kind=kind).first()
    return row.pattern if row else default_pattern(unit, kind)


def pattern_errors(pattern: str) -> list[str]:
    """What is wrong with a pattern (empty when it can number documents)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError:
        return ["文号格式中的花括号不成对"]
    problems = []
    if not {"year", "seq"} <= set(fields):
        problems.append("文号格式须包含 {year}（年度）和 {seq}（序号）")
    if set(fields) - PLACEHOLDERS:
        problems.append("文号格式只能使用 {year} 和 {seq} 两个占位符")
    return problems


def render_number(pattern: str, year: int, seq: int) -> str:
    return pattern.format(year=year, seq=seq)


def may_issue(user, step: Step) -> bool:
    """Only the signing unit gives a document its number."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.unit_id == issuing_unit(step).pk


def may_edit_patterns(user) -> bool:
    """Registrars and administrators set their own unit's patterns."""
    return user.is_authenticated and bool(user.unit_id) and user.role in PATTERN_EDITORS


def steps_with_documents(user, petition: Petition) -> QuerySet[Step]:
    """The records of the petition's matter that produce a document, as `user` is shown
    them (only their unit's part of a matter held by an accusation they may not see)."""
    steps = Step.objects.filter(matter=petition.matter, kind__in=list(STEP_KINDS))
    if confined(user, petition.matter):
        steps = steps.filter(unit_id=user.unit_id)
    return steps.select_related("unit", "actor__unit", "matter__registering_unit")


@dataclass
class Available:
    """One line of the case page's 文书 panel."""

    step: Step
    kind: str
    document: Document | None
    may_issue: bool

    @property
    def label(self) -> str:
        return DocumentKind(self.kind).label


def available(user, petition: Petition) -> list[Available]:
    """The documents the petition's current records allow, issued or not."""
    steps = list(steps_with_documents(user, petition))
    issued = {d.step_id: d for d in Document.objects.filter(step__in=[s.pk for s in steps])}
    return [
        Available(step, STEP_KINDS[step.kind], issued.get(step.pk), may_issue(user, step))
        for step in steps
    ]


def access_step(user, petition: Petition, step_id: int) -> Step:
    """A document-producing step of the petition's matter that `user` is shown; else 404."""
    step = steps_with_documents(user, petition).filter(pk=step_id).first()
    if step is None:
        raise Http404("没有找到该文书")
    return step


def access_document(user, pk: int) -> Document:
    """The document if `user` may see the petition it is addressed to (and its step); else
    404, so its existence is not revealed."""
    document = Document.objects.select_related("petition", "step").filter(pk=pk).first()
    if document is None:
        raise Http404("没有找到该文书")
    petition = access_petition(user, document.petition.number)
    access_step(user, petition, document.step_id)
    document.petition = petition
    return document


def next_seq(unit: Unit, kind: str, year: int) -> int:
    """The sequence number the next document of `kind` would get (for the patterns page)."""
    from xinfang.documents.models import NumberCounter

    last = (
        NumberCounter.objects.filter(unit=unit, kind=kind, year=year)
        .values_list("last", flat=True)
        .first()
    )
    return (last or 0) + 1
