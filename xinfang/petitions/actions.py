"""Writes to petitions and matters after registration: assignment, reveals, query codes.

Registration itself is orchestration across the core and the features (numbering, repeat
keys, the first clock, the counts): it lives in `xinfang.intake.actions`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from xinfang.accounts.queries import staff_of
from xinfang.events.actions import notify, record, record_all
from xinfang.events.models import Event, EventKind
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions import numbering
from xinfang.petitions.models import (
    Assignment,
    AssignmentRole,
    Attachment,
    Matter,
    Petition,
    Petitioner,
)
from xinfang.petitions.queries import accused_unit_ids
from xinfang.regions.models import UnitKind


def assign_to_unit(
    actor, matter: Matter, unit, role: str = AssignmentRole.LEAD, *, at: dt.datetime | None = None
) -> Assignment:
    """Make `unit` responsible for `matter` (lead or assisting), at `at` (by default now).

    A 检举控告 matter never goes to the unit it accuses (第30条), whoever asks.
    """
    if not unit.is_active:
        raise DomainError("该单位已停用", field="unit")
    if unit.pk in accused_unit_ids(matter):
        raise NotAllowed("检举控告件不得转交被检举控告的单位", field="unit")
    with transaction.atomic():
        at = at or timesource.now()
        if role == AssignmentRole.LEAD:
            Assignment.objects.filter(
                matter=matter, role=AssignmentRole.LEAD, is_active=True
            ).update(is_active=False)
        if Assignment.objects.filter(matter=matter, unit=unit, is_active=True).exists():
            raise DomainError("该单位已是本事项的责任单位", field="unit")
        assignment = Assignment.objects.create(
            matter=matter, unit=unit, role=role, assigned_by=actor, assigned_at=at
        )
        event = record(
            EventKind.UNIT_ASSIGNED,
            actor=actor,
            matter=matter,
            summary=f"{matter.number} 由{unit.name}作为{AssignmentRole(role).label}办理",
            data={"unit": unit.name, "role": role, "discipline": unit.kind == UnitKind.DISCIPLINE},
            at=at,
        )
        notify(event, staff_of(unit), at=at)
    return assignment


REASON_MAX = 100


def reveal_personal_data(actor, petitioner: Petitioner, field: str, *, reason: str) -> str:
    """Return one unmasked personal field and log who looked, at what, and why.

    A reason is required: the supervisor's audit page (查看记录) shows it beside each look.
    """
    if field not in ("id_number", "phone", "address"):
        raise DomainError("不支持查看该字段", field="field")
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= REASON_MAX:
        raise Invalid({"reason": [f"请填写查看原因（2至{REASON_MAX}字），如：电话回访、核实身份"]})
    value = getattr(petitioner, field)
    label = Petitioner._meta.get_field(field).verbose_name
    record(
        EventKind.PERSONAL_DATA_REVEALED,
        actor=actor,
        petition=petitioner.petition,
        summary=f"查看信访人{petitioner.name}的{label}",
        data={"petitioner": petitioner.pk, "field": field, "reason": reason},
    )
    return value


def reissue_query_code(actor, petition: Petition) -> str:
    """Give the petitioner a new 查询码 (the old one stops working)."""
    code = numbering.new_query_code()
    with transaction.atomic():
        Petition.objects.filter(pk=petition.pk).update(
            query_code_hash=numbering.hash_query_code(code)
        )
        record(EventKind.QUERY_CODE_REISSUED, actor=actor, petition=petition, summary="重置查询码")
    return code


def log_list_export(actor, *, query: str, file_format: str, rows: int) -> None:
    """Record that `actor` took the case list away as a file (查看记录 lists it)."""
    record(
        EventKind.LIST_EXPORTED,
        actor=actor,
        summary=f"导出信访件列表（{file_format.upper()}，{rows}件）",
        data={"query": query, "format": file_format, "rows": rows},
    )


def log_attachment_download(actor, attachment: Attachment) -> None:
    record(
        EventKind.ATTACHMENT_DOWNLOADED,
        actor=actor,
        petition=attachment.petition,
        summary=f"下载附件 {attachment.original_name}",
    )


ANONYMOUS = "（已匿名）"
PERSONAL_FIELDS = {"name": ANONYMOUS, "id_number": "", "phone": "", "address": "",
                   "occupation": ""}  # fmt: skip


def anonymise(petition_ids: list[int], *, on: dt.date) -> list[str]:
    """Retention (保存期限): clear the petitioners' personal data of these petitions.

    What stays: the petition, its matter, its steps and every count, so statistics and the
    case history survive; names in the timeline become 已匿名; attachments are removed (a
    scan carries the person). Returns the stored names of the attachment files, for the
    caller to delete once the transaction has committed.
    """
    with transaction.atomic():
        people = Petitioner.objects.filter(petition_id__in=petition_ids)
        names = sorted({n for n in people.values_list("name", flat=True) if n}, key=len)[::-1]
        people.update(**PERSONAL_FIELDS)
        events = Event.objects.filter(petition_id__in=petition_ids).only("pk", "summary")
        renamed = []
        for event in events.iterator(chunk_size=2000):
            summary = event.summary
            for name in names:
                summary = summary.replace(name, ANONYMOUS)
            if summary != event.summary:
                event.summary = summary
                renamed.append(event)
        Event.objects.bulk_update(renamed, ["summary"], batch_size=2000)
        attachments = Attachment.objects.filter(petition_id__in=petition_ids)
        stored = list(attachments.values_list("stored_name", flat=True))
        attachments.delete()
        Petition.objects.filter(pk__in=petition_ids).update(anonymised_on=on)
        petitions = Petition.objects.filter(pk__in=petition_ids).select_related("matter")
        record_all(
            [{"kind": EventKind.ANONYMISED, "petition": p, "matter": p.matter,
              "summary": "保存期限届满，信访人个人信息已匿名化"} for p in petitions],
        )  # fmt: skip
    return stored
