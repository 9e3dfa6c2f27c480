"""Every write to petitions and matters. Views, API, importer and demo all come here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from xinfang.accounts.models import Role
from xinfang.accounts.queries import staff_covering, staff_of
from xinfang.events.actions import notify, record, record_all
from xinfang.events.models import EventKind
from xinfang.insight import actions as insight
from xinfang.lib import clock
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions import drafts, numbering, search, storage
from xinfang.petitions.models import (
    Assignment,
    AssignmentRole,
    Attachment,
    Matter,
    Petition,
    Petitioner,
)
from xinfang.regions.models import UnitKind
from xinfang.stats import actions as stats
from xinfang.stats import cohorts

if TYPE_CHECKING:  # the workflow builds on petitions, so only for the annotation
    from xinfang.workflow.actions import DisposePlan

PETITION_FIELDS = (
    "channel", "received_on", "level", "lodged_with", "petitioner_count", "people_concerned",
    "region", "title", "content", "demands", "purpose", "content_class", "accused_name",
    "accused_unit_name", "accused_level", "accused_unit", "is_overlevel", "is_abnormal",
    "is_urgent", "is_law_related", "is_accusation", "is_anonymous", "is_joint", "consent_public",
)  # fmt: skip
PETITIONER_FIELDS = (
    "kind", "name", "sex", "id_type", "id_number", "phone", "household_place",
    "residence_place", "address", "occupation", "is_main",
)  # fmt: skip


@dataclass(frozen=True)
class Registration:
    petition: Petition
    query_code: str  # shown once to the petitioner; only its hash is kept
    warnings: list[str]
    petitioners: list[Petitioner]  # as registered, so callers need not read them back


@dataclass(frozen=True)
class _Prepared:
    """What registration works out before its transaction: on SQLite every statement inside
    it holds the one write lock, so pure work and reference reads are done first."""

    search_words: list[str]
    insight: insight.Prepared  # repeat keys and the attention finding
    dispose: DisposePlan | None  # a new matter's first clock


def _prepare(draft: drafts.PetitionDraft) -> _Prepared:
    # Imported here: the workflow builds on petitions, not the other way round.
    from xinfang.workflow.actions import plan_dispose

    return _Prepared(
        search_words=search.terms(f"{draft.title}\n{draft.content}"),
        insight=insight.prepare(draft),
        dispose=plan_dispose(draft.received_on) if draft.repeat_of is None else None,
    )


def register_petition(
    actor, draft: drafts.PetitionDraft, *, inside: Callable[[Petition], None] | None = None
) -> Registration:
    """Register a petition (登记): validate, number it, open or extend its matter.

    All or nothing: on any failure no row and no attachment file stays behind. `inside`
    runs in the same transaction with the new petition (an API idempotency key, an Open311
    request): if it fails, nothing is registered.
    """
    if not actor.may_register or actor.unit_id is None:
        raise NotAllowed("您没有登记信访件的权限")
    draft, errors, warnings = drafts.check(draft, today=clock.today())
    if errors:
        raise Invalid(errors)
    if not draft.lodged_with:
        draft.lodged_with = actor.unit.name
    prepared = _prepare(draft)
    stored: list[str] = []
    try:
        with transaction.atomic():
            petition, code, people = _create(actor, draft, stored, prepared)
            if inside is not None:
                inside(petition)
    except BaseException:
        storage.discard(stored)
        raise
    return Registration(petition=petition, query_code=code, warnings=warnings, petitioners=people)


def _create(
    actor, draft: drafts.PetitionDraft, stored: list[str], prepared: _Prepared
) -> tuple[Petition, str, list[Petitioner]]:
    now = clock.now()
    matter_number, petition_number = numbering.numbers(
        actor.unit.region.code, clock.today().year, new_matter=draft.repeat_of is None
    )
    matter = _matter_for(actor, draft, now, matter_number, prepared)
    code = numbering.new_query_code()
    petition = Petition.objects.create(
        number=petition_number,
        query_code_hash=numbering.hash_query_code(code),
        matter=matter,
        is_repeat=draft.repeat_of is not None,
        registering_unit=actor.unit,
        registered_by=actor,
        registered_at=now,
        **{name: getattr(draft, name) for name in PETITION_FIELDS},
    )
    search.index_petition(petition.pk, prepared.search_words)
    stats.count_petition(petition)
    people = Petitioner.objects.bulk_create(
        Petitioner(petition=petition, position=i, **{n: getattr(p, n) for n in PETITIONER_FIELDS})
        for i, p in enumerate(draft.petitioners)
    )
    insight.index_petition(petition, people, keys=prepared.insight.repeat_keys)
    if draft.repeat_of is None:
        # Imported here: the workflow builds on petitions, not the other way round.
        from xinfang.workflow.actions import start_dispose_clock

        start_dispose_clock(matter, prepared.dispose)
        first = {"kind": EventKind.MATTER_OPENED, "matter": matter,
                 "summary": f"新建信访事项 {matter.number}"}  # fmt: skip
    else:
        first = {
            "kind": EventKind.REPEAT_LINKED, "petition": petition,
            "summary": f"{petition.number} 作为重信重访关联到事项 {matter.number}",
            "data": {"matter": matter.number, "petition_count": matter.petition_count},
        }  # fmt: skip
    _, registered = record_all(
        [
            first,
            {
                "kind": EventKind.PETITION_REGISTERED, "petition": petition,
                "summary": f"登记{petition.get_channel_display()} {petition.number}",
                "data": {"channel": petition.channel, "petitioner_count": petition.petitioner_count},
            },
        ],
        actor=actor,
    )  # fmt: skip
    insight.raise_attention(actor, petition, prepared.insight.attention)
    if petition.is_urgent and not petition.is_accusation:
        # 重大紧急: the supervisors and leaders over the place hear of it at once.
        notify(registered, staff_covering(petition.region, (Role.SUPERVISOR, Role.LEADER)))
    for upload in draft.attachments:
        _attach(actor, petition, upload, stored, now)
    return petition, code, people


def _matter_for(
    actor, draft: drafts.PetitionDraft, now, number: str | None, prepared: _Prepared
) -> Matter:
    if draft.repeat_of is not None:
        # A second petition ends the matter's 初信初访 standing in the rates.
        cohort = cohorts.Change([draft.repeat_of.pk])
        # Counts move with a conditional UPDATE so concurrent repeats do not lose one.
        Matter.objects.filter(pk=draft.repeat_of.pk).update(
            petition_count=F("petition_count") + 1, last_received_on=draft.received_on
        )
        cohort.save()
        matter = Matter.objects.get(pk=draft.repeat_of.pk)
        if draft.is_accusation and not matter.is_accusation:
            Matter.objects.filter(pk=matter.pk).update(is_accusation=True)
            matter.is_accusation = True
        return matter
    return Matter.objects.create(
        number=number,
        next_due_on=prepared.dispose.due.date,  # its first clock's, so nothing is refreshed
        urgency=prepared.dispose.urgency,
        title=draft.title,
        region=draft.region,
        content_class=draft.content_class,
        is_accusation=draft.is_accusation,
        registering_unit=actor.unit,
        opened_on=draft.received_on,
        last_received_on=draft.received_on,
        created_at=now,
    )


def _attach(actor, petition: Petition, upload, stored: list[str], now) -> Attachment:
    extension = upload.name.rsplit(".", 1)[-1].lower()
    stored_name, digest = storage.save_upload(upload, extension)
    stored.append(stored_name)
    attachment = Attachment.objects.create(
        petition=petition,
        original_name=upload.name[-200:],
        stored_name=stored_name,
        content_type=drafts.ATTACHMENT_TYPES[extension][0],
        size=upload.size,
        sha256=digest,
        uploaded_by=actor,
        uploaded_at=now,
    )
    record(
        EventKind.ATTACHMENT_ADDED,
        actor=actor,
        petition=petition,
        summary=f"上传附件 {attachment.original_name}",
        data={"size": upload.size, "sha256": digest},
    )
    return attachment


def assign_to_unit(actor, matter: Matter, unit, role: str = AssignmentRole.LEAD) -> Assignment:
    """Make `unit` responsible for `matter` (lead or assisting).

    A 检举控告 matter never goes to the unit it accuses (第30条), whoever asks.
    """
    if not unit.is_active:
        raise DomainError("该单位已停用", field="unit")
    if matter.is_accusation:
        accused = set(
            matter.petitions.exclude(accused_unit=None).values_list("accused_unit_id", flat=True)
        )
        if unit.pk in accused:
            raise NotAllowed("检举控告件不得转交被检举控告的单位", field="unit")
    with transaction.atomic():
        if role == AssignmentRole.LEAD:
            Assignment.objects.filter(
                matter=matter, role=AssignmentRole.LEAD, is_active=True
            ).update(is_active=False)
        if Assignment.objects.filter(matter=matter, unit=unit, is_active=True).exists():
            raise DomainError("该单位已是本事项的责任单位", field="unit")
        assignment = Assignment.objects.create(
            matter=matter, unit=unit, role=role, assigned_by=actor, assigned_at=clock.now()
        )
        event = record(
            EventKind.UNIT_ASSIGNED,
            actor=actor,
            matter=matter,
            summary=f"{matter.number} 由{unit.name}作为{AssignmentRole(role).label}办理",
            data={"unit": unit.name, "role": role, "discipline": unit.kind == UnitKind.DISCIPLINE},
        )
        notify(event, staff_of(unit))
    return assignment


def reveal_personal_data(actor, petitioner: Petitioner, field: str) -> str:
    """Return one unmasked personal field and log that `actor` looked at it."""
    if field not in ("id_number", "phone", "address"):
        raise DomainError("不支持查看该字段", field="field")
    value = getattr(petitioner, field)
    record(
        EventKind.PERSONAL_DATA_REVEALED,
        actor=actor,
        petition=petitioner.petition,
        summary=f"查看信访人{petitioner.name}的{Petitioner._meta.get_field(field).verbose_name}",
        data={"petitioner": petitioner.pk, "field": field},
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


def log_attachment_download(actor, attachment: Attachment) -> None:
    record(
        EventKind.ATTACHMENT_DOWNLOADED,
        actor=actor,
        petition=attachment.petition,
        summary=f"下载附件 {attachment.original_name}",
    )
