"""Writes: a unit's 文号 patterns, issuing a document (its number, once), and the log of
every print or download (the documents carry the petitioner's name and address)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xinfang.documents import queries
from xinfang.documents.models import Document, DocumentKind, NumberCounter, NumberPattern
from xinfang.events.actions import record
from xinfang.events.models import EventKind
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions.models import Petition
from xinfang.workflow.models import Step


def set_pattern(
    actor, kind: str, pattern: str, *, unit=None, at: dt.datetime | None = None
) -> NumberPattern:
    """Set how the actor's unit (a superuser: any `unit`) numbers `kind` from now on;
    numbers already given stay as they are."""
    unit = unit or actor.unit
    if not (actor.is_superuser or (queries.may_edit_patterns(actor) and unit == actor.unit)):
        raise NotAllowed("只有登记员或管理员可以设置本单位的文号格式")
    if kind not in DocumentKind.values:
        raise Invalid({"kind": ["请选择文书种类"]})
    pattern = (pattern or "").strip()
    if not pattern:
        raise Invalid({"pattern": ["请填写文号格式"]})
    if problems := queries.pattern_errors(pattern):
        raise Invalid({"pattern": problems})
    at = at or timesource.now()
    with transaction.atomic():
        row, _ = NumberPattern.objects.update_or_create(
            unit=unit,
            kind=kind,
            defaults={"pattern": pattern, "updated_at": at, "updated_by": actor},
        )
    return row


def issue(actor, step: Step, petition: Petition, *, at: dt.datetime | None = None) -> Document:
    """Give the step's document its 文号 (the first time; later calls return it as issued).

    1. Lock the (unit, kind, year) counter row, so concurrent issues take turns.
    2. Under the lock, look again for the step's document: a clerk who clicked at the same
       moment may have issued it.
    3. Take the next number, render it with the unit's pattern, and keep both.
    """
    if step.kind not in queries.STEP_KINDS:
        raise DomainError("该办理记录没有对应的文书", field="step")
    if petition.matter_id != step.matter_id:
        raise DomainError("文书与信访件不属于同一事项", field="petition")
    if petition.is_voided:
        raise DomainError("已作废的信访件不出具文书", field="petition")
    if not queries.may_issue(actor, step):
        raise NotAllowed("文书由作出该办理决定的单位出具")
    kind = queries.STEP_KINDS[step.kind]
    unit = queries.issuing_unit(step)
    year = step.on.year
    at = at or timesource.now()
    with transaction.atomic():
        counter, _ = NumberCounter.objects.get_or_create(unit=unit, kind=kind, year=year)
        counter = NumberCounter.objects.select_for_update().get(pk=counter.pk)
        existing = Document.objects.filter(step=step).first()
        if existing is not None:
            return existing
        counter.last += 1
        counter.save(update_fields=["last"])
        number = queries.render_number(queries.pattern_for(unit, kind), year, counter.last)
        if Document.objects.filter(number=number).exists():
            raise DomainError(f"文号{number}已被使用，请检查本单位的文号格式", field="pattern")
        document = Document.objects.create(
            kind=kind, step=step, petition=petition, unit=unit, year=year, seq=counter.last,
            number=number, issued_at=at, issued_by=actor,
        )  # fmt: skip
        record(
            EventKind.DOCUMENT_ISSUED,
            actor=actor,
            petition=petition,
            summary=f"出具{document.get_kind_display()}（{number}）",
            data={"document": document.pk, "kind": kind, "number": number},
            at=at,
        )
    return document


def log_download(
    actor, petition: Petition, *, title: str, file_format: str, document: Document | None = None
) -> None:
    """Record that `actor` printed or saved a document naming the petitioner (查看记录)."""
    how = "打印" if file_format == "html" else "下载"
    number = f"（{document.number}）" if document else ""
    record(
        EventKind.DOCUMENT_DOWNLOADED,
        actor=actor,
        petition=petition,
        summary=f"{how}{title}{number}",
        data={"document": document.pk if document else None, "format": file_format},
    )
