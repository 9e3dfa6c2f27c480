"""Correcting a registration (更正登记信息): fields fixed with a reason, each change on the
timeline, the counts following.

A registration error that makes the whole petition wrong is voided (actions.void_petition);
one wrong field is corrected here. The count tables lose the petition as it was and gain it as
it is, in the same transaction, so the rollups still equal a rebuild; when the petition opened
its matter, the matter's copy of the field (title, place, class, date) is corrected with it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Greatest

from xinfang.accounts.models import Role
from xinfang.classes.models import ContentClass
from xinfang.events.actions import record
from xinfang.events.models import EventKind
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions import search
from xinfang.petitions.drafts import CONTENT_MAX, EARLIEST_RECEIPT, TITLE_MAX
from xinfang.petitions.models import (
    COLLECTIVE_VISIT_MIN_PEOPLE,
    Channel,
    Matter,
    MatterStatus,
    Petition,
)
from xinfang.petitions.queries import may_write, visible_petitions
from xinfang.regions.models import Level, Region
from xinfang.stats import actions as stats
from xinfang.stats import cohorts
from xinfang.workflow import clocks
from xinfang.workflow.actions import merge_matter
from xinfang.workflow.machine import EDGES, Action
from xinfang.workflow.models import ClockKind

# The fields a correction may change, with their labels (what the timeline says).
FIELDS = {
    "title": "标题",
    "content": "反映内容",
    "channel": "信访形式",
    "received_on": "收到日期",
    "petitioner_count": "信访人数",
    "region": "问题属地",
    "content_class": "内容分类",
}
# The matter keeps a copy of these from the petition that opened it.
MATTER_COPIES = {"title": "title", "region": "region", "content_class": "content_class",
                 "received_on": "opened_on"}  # fmt: skip
CORRECTING_ROLES = (Role.REGISTRAR, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN)
REASON_MAX = 200


def may_correct(user, petition: Petition) -> bool:
    """The bureau side that may write to the petition (its registering unit, or staff over
    its place) in a role that registers or supervises."""
    return (
        user.is_authenticated and user.is_active and not petition.is_voided
        and (user.role in CORRECTING_ROLES or user.is_superuser) and may_write(user, petition)
    )  # fmt: skip


def _shown(field: str, value) -> str:
    if field == "channel":
        return Channel(value).label
    if field in ("region", "content_class"):
        return value.name
    if field == "received_on":
        return f"{value:%Y-%m-%d}"
    if field == "content":
        return f"{value[:20]}…" if len(value) > 20 else value
    return str(value)


def _check(petition: Petition, values: dict, today: dt.date) -> dict:
    """The changed fields, cleaned; Invalid with a Chinese message per bad field."""
    errors: dict[str, list[str]] = {}
    changed = {}
    for field, value in values.items():
        if field not in FIELDS:
            raise Invalid({field: ["该项不能更正"]})
        if isinstance(value, str):
            value = value.strip()
        if value != getattr(petition, field):
            changed[field] = value
    title, content = changed.get("title"), changed.get("content")
    if title is not None and not 1 <= len(title) <= TITLE_MAX:
        errors["title"] = [f"请填写标题（不超过{TITLE_MAX}字）"]
    if content is not None and not 1 <= len(content) <= CONTENT_MAX:
        errors["content"] = [f"请填写反映内容（不超过{CONTENT_MAX}字）"]
    channel = changed.get("channel", petition.channel)
    if channel not in Channel.values:
        errors["channel"] = ["请选择信访形式"]
    count = changed.get("petitioner_count", petition.petitioner_count)
    if not isinstance(count, int) or count < 1:
        errors["petitioner_count"] = ["信访人数至少为1"]
    elif channel == Channel.COLLECTIVE_VISIT and count < COLLECTIVE_VISIT_MIN_PEOPLE:
        errors["petitioner_count"] = [f"集体访人数应不少于{COLLECTIVE_VISIT_MIN_PEOPLE}人"]
    received = changed.get("received_on", petition.received_on)
    if "received_on" in changed:
        if not isinstance(received, dt.date) or received > petition.registered_at.date():
            errors["received_on"] = ["收到日期不能晚于登记日期"]
        elif received < EARLIEST_RECEIPT:
            errors["received_on"] = ["收到日期不能早于1990年"]
    region = changed.get("region")
    if "region" in changed and (
        not isinstance(region, Region) or region.level in (Level.NATIONAL, Level.PROVINCE)
    ):
        errors["region"] = ["请选择市、县级问题属地"]
    klass = changed.get("content_class", petition.content_class)
    if "content_class" in changed or "received_on" in changed:
        if not isinstance(klass, ContentClass):
            errors["content_class"] = ["请选择内容分类"]
        elif isinstance(received, dt.date) and not klass.is_valid_on(received):
            errors["content_class"] = [f"内容分类“{klass.name}”在收到日期不在有效期内"]
    if errors:
        raise Invalid(errors)
    return changed


def correct_petition(
    actor, petition: Petition, *, reason: str, at: dt.datetime | None = None, **values
) -> Petition:
    """更正登记信息: change `values` (of FIELDS) with `reason`; one timeline entry names each
    change (from → to). Nothing changed is refused, so the timeline holds only corrections."""
    if not may_correct(actor, petition):
        raise NotAllowed("无权更正该信访件的登记信息")
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= REASON_MAX:
        raise Invalid({"reason": [f"请填写更正原因（2至{REASON_MAX}字），如：收到日期录错"]})
    now = at or timesource.now()
    with transaction.atomic():
        Matter.objects.select_for_update().filter(pk=petition.matter_id).first()
        petition = Petition.objects.select_related("matter", "content_class", "region").get(
            pk=petition.pk
        )
        today = timesource.day_of(now)
        changed = _check(petition, values, today)
        if not changed:
            raise DomainError("没有需要更正的内容", field="reason")
        matter = petition.matter
        opened_it = not petition.is_repeat
        if "received_on" in changed and opened_it and matter.status != MatterStatus.REGISTERED:
            raise DomainError(
                "事项已转送或办理，期限已按原收到日期计算，不能再更正首件的收到日期",
                field="received_on",
            )
        # The rates' rollup reads the matter's clocks, place and class: it follows the change.
        change = cohorts.Change([matter.pk], today)
        stats.count_petition(petition, sign=-1)  # the petition as it was …
        before = {field: getattr(petition, field) for field in changed}
        for field, value in changed.items():
            setattr(petition, field, value)
        petition.save(update_fields=list(changed))
        stats.count_petition(petition)  # … and as it is
        if {"title", "content"} & set(changed):
            search.index_rows([(petition.pk, petition.title, petition.content)])
        if opened_it:
            copies = {MATTER_COPIES[f]: v for f, v in changed.items() if f in MATTER_COPIES}
            if copies:
                Matter.objects.filter(pk=matter.pk).update(**copies)
            if "received_on" in changed:
                # 第22条's 15日 count from the receipt: the dispose clock starts again.
                clocks.cancel(matter, (ClockKind.DISPOSE,))
                clocks.start(matter, ClockKind.DISPOSE, changed["received_on"])
        if "received_on" in changed:
            latest = matter.petitions.filter(voided_at=None).aggregate(last=Max("received_on"))
            Matter.objects.filter(pk=matter.pk).update(last_received_on=latest["last"])
        change.save()
        clocks.refresh([matter.pk], today)
        summary = "；".join(
            f"{FIELDS[f]}：{_shown(f, before[f])} → {_shown(f, changed[f])}" for f in changed
        )
        record(
            EventKind.PETITION_CORRECTED,
            actor=actor,
            matter=matter,
            petition=petition,
            summary=f"更正登记信息（{reason}）：{summary}"[:200],
            data={
                "reason": reason,
                "changes": {f: [_shown(f, before[f]), _shown(f, changed[f])] for f in changed},
            },
            at=now,
        )
    petition.refresh_from_db()
    return petition


def merge_into(
    actor, petition: Petition, target: Matter, *, reason: str, at: dt.datetime | None = None
) -> Petition:
    """并入重复事项: a petition registered as a new matter that repeats `target` moves into it
    as a repeat (重信重访); the matter it opened ends (workflow.actions.merge_matter). The
    counts follow: the petition is no longer a new matter, `target` one petition more (its
    first-time status with it, in the rates' rollup)."""
    if not may_correct(actor, petition):
        raise NotAllowed("无权更正该信访件的登记信息")
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= REASON_MAX:
        raise Invalid({"reason": [f"请填写并入原因（2至{REASON_MAX}字），如：同一人反映同一问题"]})
    now = at or timesource.now()
    today = timesource.day_of(now)
    with transaction.atomic():
        ids = sorted({petition.matter_id, target.pk})
        list(Matter.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        petition = Petition.objects.select_related("matter", "content_class").get(pk=petition.pk)
        target = Matter.objects.get(pk=target.pk)
        source = petition.matter
        _check_merge(actor, petition, source, target)
        stats.count_petition(petition, sign=-1)
        change = cohorts.Change([target.pk], today)
        Petition.objects.filter(pk=petition.pk).update(matter=target, is_repeat=True)
        Matter.objects.filter(pk=target.pk).update(
            petition_count=F("petition_count") + 1,
            last_received_on=Greatest("last_received_on", Value(petition.received_on)),
        )
        change.save()
        petition.refresh_from_db()
        stats.count_petition(petition)
        merge_matter(actor, source, into=target, reason=reason, at=now)
        record(
            EventKind.PETITION_MERGED,
            actor=actor,
            matter=target,
            petition=petition,
            summary=f"信访件{petition.number}由事项{source.number}并入本事项（重信重访：{reason}）"[
                :200
            ],
            data={"from": source.number, "reason": reason},
            at=now,
        )
    return petition


def _check_merge(actor, petition: Petition, source: Matter, target: Matter) -> None:
    if petition.is_voided:
        raise DomainError("该信访件已作废", field="matter")
    if (
        petition.is_repeat
        or source.petitions.filter(voided_at=None).exclude(pk=petition.pk).exists()
    ):
        raise DomainError(
            "只有作为新事项登记、且事项下只有这一件的信访件可以并入其他事项", field="matter"
        )
    if target.pk == source.pk or target.status == MatterStatus.VOIDED:
        raise Invalid({"matter": ["请选择另一个未作废的事项"]})
    if not visible_petitions(actor).filter(matter=target).exists():
        raise NotAllowed("无权查看要并入的事项", field="matter")
    if target.is_accusation != (petition.is_accusation or source.is_accusation):
        raise DomainError("检举控告件只能与检举控告事项互相并入", field="matter")
    if target.opened_on > petition.received_on:
        raise DomainError(
            f"事项{target.number}晚于本件收到，重信重访应并入更早的事项", field="matter"
        )
    if (Action.MERGE, source.status) not in EDGES:
        raise DomainError(
            f"本件的事项已{source.get_status_display()}，不能并入（受理前可以并入）", field="matter"
        )
