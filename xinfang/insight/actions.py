"""Every write of the insight app: the repeat index, dismissed suggestions, attention, the
content classifier's versions (trained, rolled back: recorded as events)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from xinfang.accounts.actions import may_manage_shared_lists
from xinfang.accounts.models import Role
from xinfang.accounts.queries import staff_covering
from xinfang.events.actions import notify, record
from xinfang.events.models import EventKind
from xinfang.insight import attention, classifier, fingerprint, index
from xinfang.insight.classifier_versions import Accepted
from xinfang.insight.models import DismissedMatch, RepeatKey
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, NotAllowed
from xinfang.petitions.models import Matter, Priority


@dataclass(frozen=True)
class Prepared:
    """What registration needs from insight, worked out before its transaction (on SQLite
    every statement inside it holds the one write lock)."""

    repeat_keys: list[int]
    attention: attention.Finding


def prepare(draft) -> Prepared:
    """The draft's repeat-index keys and its attention finding (pure, but for the words)."""
    return Prepared(
        repeat_keys=fingerprint.keys(index.probe_of(draft, draft.petitioners)),
        attention=attention.scan(
            f"{draft.title}\n{draft.content}\n{draft.demands}",
            petitioner_count=draft.petitioner_count,
            people_concerned=draft.people_concerned,
        ),
    )


def index_petition(petition, people, *, keys: list[int] | None = None) -> int:
    """Add a petition to the repeat index (inside registration, which has its keys from
    `prepare`)."""
    if keys is None:
        keys = fingerprint.keys(index.probe_of(petition, people))
    return index.write(petition.pk, keys)


def raise_attention(
    actor, petition, finding: attention.Finding, *, at: dt.datetime | None = None
) -> attention.Finding:
    """Raise the matter's priority when the petition calls for urgent attention.

    Called inside registration, at its moment `at`, with the finding it scanned
    (`attention.scan`) before its transaction; the supervisors and leaders over the place are
    told at once (an accusation stays within its confidential circle and is not broadcast).
    """
    matter = petition.matter
    if finding.level <= matter.priority:
        return finding
    Matter.objects.filter(pk=matter.pk).update(priority=finding.level)
    matter.priority = finding.level
    event = record(
        EventKind.ATTENTION_RAISED,
        actor=actor,
        petition=petition,
        summary=f"提示{Priority(finding.level).label}：{'；'.join(finding.reasons)}",
        data={"level": finding.level, "reasons": finding.reasons, "words": finding.words},
        at=at,
    )
    if not petition.is_accusation:
        notify(event, staff_covering(petition.region, (Role.SUPERVISOR, Role.LEADER)), at=at)
    return finding


def dismiss_match(actor, petition, matter) -> DismissedMatch:
    """Record that `petition` is not a repeat of `matter`, so it is not suggested again."""
    if matter.pk == petition.matter_id:
        raise DomainError("该信访件已属于这个事项", field="matter")
    with transaction.atomic():
        dismissal, created = DismissedMatch.objects.get_or_create(
            petition=petition,
            matter=matter,
            defaults={"dismissed_by": actor, "dismissed_at": timesource.now()},
        )
        if created:
            record(
                EventKind.REPEAT_DISMISSED,
                actor=actor,
                petition=petition,
                summary=f"排除重复建议：与事项 {matter.number} 无关",
                data={"matter": matter.number},
            )
    return dismissal


def rebuild(petitions, *, chunk: int = 2000, progress=None) -> int:
    """Re-index `petitions` from scratch (after an import or a restore); returns keys written.

    Idempotent: each chunk's old keys go in the same transaction as its new ones.
    """
    from xinfang.petitions.models import Petition

    written = 0
    ids = list(petitions.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        batch = ids[start : start + chunk]
        rows = Petition.objects.filter(pk__in=batch).select_related("region")
        with transaction.atomic():
            RepeatKey.objects.filter(petition_id__in=batch).delete()
            for petition in rows.prefetch_related("petitioners"):
                written += index_petition(petition, petition.petitioners.all())
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))
    return written


def forget_petitions(petition_ids: list[int]) -> int:
    """Drop the repeat keys of petitions whose personal data the retention policy cleared:
    a matter ended years ago is no longer matched by name, ID or phone."""
    deleted, _ = RepeatKey.objects.filter(petition_id__in=petition_ids).delete()
    return deleted


# -- the content classifier's versions --------------------------------------------------------


def may_manage_classifier(actor) -> bool:
    """The model is shared by every county, like the class tree: a city's administrator."""
    return may_manage_shared_lists(actor)


def retrain_classifier(actor, var_dir: Path, *, force: bool = False, **options):
    """Train a new content-class model (`classifier.retrain`) and record the outcome.

    `actor` is None from the command line (cron): whoever runs it holds the server."""
    if actor is not None and not may_manage_classifier(actor):
        raise NotAllowed("只有市级管理员可以训练内容分类模型")
    outcome = classifier.retrain(var_dir, force=force, **options)
    after = outcome.after or {}
    verb = "未启用" if outcome.status == Accepted.REJECTED else "启用"
    record(
        EventKind.CLASSIFIER_TRAINED,
        actor=actor,
        summary=f"训练内容分类模型 {outcome.model.meta['version']}，{verb}（{outcome.reason}）"[:200],
        data={
            "version": outcome.model.meta["version"], "status": outcome.status,
            "replaced": outcome.replaced, "reason": outcome.reason,
            "before": _figures(outcome.before), "after": _figures(after),
        },
    )  # fmt: skip
    return outcome


def roll_back_classifier(actor, var_dir: Path, *, to: str | None = None) -> tuple[str | None, str]:
    """Make an earlier model current again (`to`, else the one before); recorded with who."""
    if actor is not None and not may_manage_classifier(actor):
        raise NotAllowed("只有市级管理员可以回退内容分类模型")
    was, now = classifier.rollback(var_dir, to)
    record(
        EventKind.CLASSIFIER_ROLLED_BACK,
        actor=actor,
        summary=f"回退内容分类模型：{was or '种子模型'} → {now}",
        data={"from": was, "to": now},
    )
    return was, now


def _figures(score: dict | None) -> dict | None:
    if not score:
        return None
    return {key: score[key] for key in ("n", "macro_f1", "accuracy")}
