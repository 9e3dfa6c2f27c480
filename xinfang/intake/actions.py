"""Registration (登记) from every channel: the counter, the API, Open311, the portal, the
importer and the demo all come here.

Voiding (作废) a petition registered by mistake undoes what registration did across the same
apps, so it lives here too.

Registration is orchestration: it validates the draft, asks insight for repeat keys and the
attention finding and the workflow for the first clock before its transaction, then numbers
the petition, opens or extends its matter, counts it, indexes it and starts its clock in one
transaction. It sits above the case core and the features, so none of them imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import InternalError, OperationalError, transaction
from django.db.models import F, Max

from xinfang.accounts.models import Role
from xinfang.accounts.queries import staff_covering
from xinfang.events.actions import notify, record, record_all
from xinfang.events.models import EventKind
from xinfang.insight import actions as insight
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed, Unavailable
from xinfang.petitions import drafts, numbering, search, storage
from xinfang.petitions.models import Attachment, Matter, MatterStatus, Petition, Petitioner
from xinfang.petitions.queries import may_void
from xinfang.stats import actions as stats
from xinfang.stats import cohorts
from xinfang.workflow import clocks
from xinfang.workflow.actions import DisposePlan, plan_dispose, start_dispose_clock, void_matter
from xinfang.workflow.machine import EDGES, Action
from xinfang.workflow.models import ClockKind

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

ATTACHMENT_FAULT = "附件未能保存（附件存储已满或不可写），本次未登记任何内容。请联系系统管理员处理存储，或先不带附件登记"
DATABASE_FAULT = "数据库暂时无法写入，本次未登记任何内容。请稍后重试；如持续出现请联系系统管理员"


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


def _prepare(draft: drafts.PetitionDraft, today: dt.date) -> _Prepared:
    return _Prepared(
        search_words=search.terms(f"{draft.title}\n{draft.content}"),
        insight=insight.prepare(draft),
        dispose=plan_dispose(draft.received_on, today) if draft.repeat_of is None else None,
    )


def register_petition(
    actor,
    draft: drafts.PetitionDraft,
    *,
    inside: Callable[[Petition], None] | None = None,
    at: dt.datetime | None = None,
) -> Registration:
    """Register a petition (登记): validate, number it, open or extend its matter.

    All or nothing: on any failure no row and no attachment file stays behind. `inside`
    runs in the same transaction with the new petition (an API idempotency key, an Open311
    request): if it fails, nothing is registered. `at` is the moment of registration (by
    default now): the petition, its matter, first clock, events and notifications carry it,
    and the draft is checked against its date.
    """
    if not actor.may_register or actor.unit_id is None:
        raise NotAllowed("您没有登记信访件的权限")
    today = timesource.day_of(at) if at is not None else timesource.today()
    draft, errors, warnings = drafts.check(draft, today=today)
    if errors:
        raise Invalid(errors)
    if not draft.lodged_with:
        draft.lodged_with = actor.unit.name
    prepared = _prepare(draft, today)
    stored: list[str] = []
    try:
        with transaction.atomic():
            petition, code, people = _create(actor, draft, stored, prepared, at)
            if inside is not None:
                inside(petition)
    except BaseException as exc:
        storage.discard(stored)
        if isinstance(exc, OSError):
            raise Unavailable(ATTACHMENT_FAULT, field="attachments") from exc
        if isinstance(exc, (OperationalError, InternalError)):  # read-only, disk full
            raise Unavailable(DATABASE_FAULT) from exc
        raise
    return Registration(petition=petition, query_code=code, warnings=warnings, petitioners=people)


def _create(
    actor,
    draft: drafts.PetitionDraft,
    stored: list[str],
    prepared: _Prepared,
    at: dt.datetime | None,
) -> tuple[Petition, str, list[Petitioner]]:
    # Read inside the transaction: without `at`, petitions are stamped in the order they
    # took the write lock, the order of their numbers.
    now = at or timesource.now()
    matter_number, petition_number = numbering.numbers(
        actor.unit.region.code, timesource.day_of(now).year, new_matter=draft.repeat_of is None
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
        actor=actor, at=now,
    )  # fmt: skip
    insight.raise_attention(actor, petition, prepared.insight.attention, at=now)
    if petition.is_urgent and not petition.is_accusation:
        # 重大紧急: the supervisors and leaders over the place hear of it at once.
        overseers = staff_covering(petition.region, (Role.SUPERVISOR, Role.LEADER))
        notify(registered, overseers, at=now)
    for upload in draft.attachments:
        _attach(actor, petition, upload, stored, now)
    return petition, code, people


def _matter_for(
    actor, draft: drafts.PetitionDraft, now, number: str | None, prepared: _Prepared
) -> Matter:
    if draft.repeat_of is not None:
        # A second petition ends the matter's 初信初访 standing in the rates.
        cohort = cohorts.Change([draft.repeat_of.pk], timesource.day_of(now))
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
        at=now,
    )
    return attachment


VOID_REASON_MAX = 200


def void_refusal(actor, petition: Petition) -> str:
    """Why `actor` may not void `petition` now, in words; "" when they may."""
    if petition.is_voided:
        return "该信访件已作废"
    if not may_void(actor, petition):
        hours = settings.XINFANG_VOID_WINDOW_HOURS
        return f"登记人可在登记后{hours}小时内作废本人登记的信访件，此后须由督查人员作废"
    others = petition.matter.petitions.filter(voided_at=None).exclude(pk=petition.pk)
    if others.exists():
        # A repeat simply leaves; the first one hands the matter to the next (`_rebase`).
        return ""
    if (Action.VOID, petition.matter.status) not in EDGES:
        return f"事项已{petition.matter.get_status_display()}，不能作废（受理前可以作废）"
    return ""


def _rebase(matter: Matter, first: Petition, now: dt.datetime) -> None:
    """The matter's first petition was voided: the next one opens it now. It stops being a
    repeat (the counts take it as the new matter), the matter takes its date, title, place
    and class, and while the matter waits for disposal its 15日 dispose clock counts from
    that petition's receipt (第22条); later clocks ran from later steps and stay."""
    stats.count_petition(first, sign=-1)
    Petition.objects.filter(pk=first.pk).update(is_repeat=False)
    first.is_repeat = False
    stats.count_petition(first)
    Matter.objects.filter(pk=matter.pk).update(
        opened_on=first.received_on, title=first.title, region=first.region_id,
        content_class=first.content_class_id,
    )  # fmt: skip
    if matter.status == MatterStatus.REGISTERED:
        clocks.cancel(matter, (ClockKind.DISPOSE,))
        clocks.start(matter, ClockKind.DISPOSE, first.received_on)
        clocks.refresh([matter.pk], timesource.day_of(now))


def void_petition(actor, petition: Petition, *, reason: str, at: dt.datetime | None = None):
    """作废 a petition registered by mistake, with the reason; returns it as voided.

    The row stays (its number is never given again; the audit page reads it) and leaves every
    list, count and report: the count tables lose it, its matter loses a petition (the rates'
    rollup follows) or, when it was the only one, is voided too (its clocks stop).
    """
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= VOID_REASON_MAX:
        raise Invalid({"reason": [f"请填写作废原因（2至{VOID_REASON_MAX}字），如：重复登记"]})
    with transaction.atomic():
        # The matter's row first: a repeat registered at the same moment waits for us.
        Matter.objects.select_for_update().filter(pk=petition.matter_id).first()
        petition = Petition.objects.select_related("matter", "content_class").get(pk=petition.pk)
        refusal = void_refusal(actor, petition)
        if refusal:
            error = DomainError if may_void(actor, petition) else NotAllowed
            raise error(refusal, field="reason")
        now = at or timesource.now()
        matter = petition.matter
        others = matter.petitions.filter(voided_at=None).exclude(pk=petition.pk)
        alone = not others.exists()
        if not alone:
            change = cohorts.Change([matter.pk], timesource.day_of(now))
            Matter.objects.filter(pk=matter.pk).update(
                petition_count=F("petition_count") - 1,
                last_received_on=others.aggregate(last=Max("received_on"))["last"],
            )
            if not petition.is_repeat:
                _rebase(matter, others.order_by("received_on", "pk").first(), now)
            change.save()
        else:
            void_matter(actor, matter, reason=reason, at=now)
        Petition.objects.filter(pk=petition.pk).update(
            voided_at=now, voided_by=actor, void_reason=reason
        )
        stats.count_petition(petition, sign=-1)
        record(
            EventKind.PETITION_VOIDED,
            actor=actor,
            matter=matter,
            petition=petition,
            summary=f"作废信访件 {petition.number}（{reason}）",
            data={"reason": reason, "matter_voided": alone},
            at=now,
        )
    petition.refresh_from_db()
    return petition
