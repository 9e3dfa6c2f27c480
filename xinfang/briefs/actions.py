"""Every write of briefs: draft from the data, edit, publish (期号 assigned then, in order,
per kind, year and place) and tell the place's leaders."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max

from xinfang.accounts.models import Role, User
from xinfang.briefs.drafting import draft_text
from xinfang.briefs.models import Brief, BriefKind
from xinfang.briefs.queries import may_write
from xinfang.events.actions import notify, record
from xinfang.events.models import EventKind
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed

TITLE_MAX, BODY_MAX = 80, 20000


def draft(actor, *, kind: str, year: int, month: int, at: dt.datetime | None = None) -> Brief:
    """A new draft for the actor's region, its text written from the month's data."""
    if not may_write(actor):
        raise NotAllowed("只有信访部门工作人员可以编写简报")
    if kind not in BriefKind.values:
        raise Invalid({"kind": ["请选择简报类型"]})
    now = at or timesource.now()
    if not (2000 <= year <= now.year and 1 <= month <= 12) or dt.date(year, month, 1) > now.date():
        raise Invalid({"month": ["请选择已经开始的月份"]})
    region = actor.region
    title = f"{region.name}{year}年{month}月信访工作情况"
    return Brief.objects.create(
        kind=kind, year=year, region=region, title=title,
        body=draft_text(actor, region, year, month), created_by=actor, created_at=now,
    )  # fmt: skip


def edit(actor, brief: Brief, *, title: str, body: str) -> Brief:
    if not may_write(actor):
        raise NotAllowed("只有信访部门工作人员可以编写简报")
    if brief.is_published:
        raise DomainError("已印发的简报不能修改", field="body")
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not 2 <= len(title) <= TITLE_MAX:
        errors["title"] = [f"请填写标题（2至{TITLE_MAX}字）"]
    if not 10 <= len(body) <= BODY_MAX:
        errors["body"] = [f"正文应为10至{BODY_MAX}字"]
    if errors:
        raise Invalid(errors)
    Brief.objects.filter(pk=brief.pk).update(title=title, body=body)
    brief.title, brief.body = title, body
    return brief


def publish(actor, brief: Brief, *, at: dt.datetime | None = None) -> Brief:
    """印发: the next 期号 of its kind and place in the year of publication (a bulletin is
    numbered by the year it comes out, whatever month its figures cover), once; the place's
    leaders are told."""
    if not may_write(actor):
        raise NotAllowed("只有信访部门工作人员可以印发简报")
    now = at or timesource.now()
    year = timesource.day_of(now).year
    for _ in range(3):  # two publishers at once: the unique 期号 decides, the loser retries
        try:
            with transaction.atomic():
                if Brief.objects.filter(pk=brief.pk, published_at__isnull=False).exists():
                    raise DomainError("该简报已印发", field="body")
                same = Brief.objects.filter(
                    kind=brief.kind, year=year, region=brief.region_id, issue__isnull=False
                )
                issue = (same.aggregate(last=Max("issue"))["last"] or 0) + 1
                Brief.objects.filter(pk=brief.pk).update(
                    issue=issue, year=year, published_at=now, published_by=actor
                )
                brief.refresh_from_db()
                event = record(
                    EventKind.BRIEF_PUBLISHED, actor=actor,
                    summary=f"印发{brief.label}：{brief.title}"[:200],
                    data={"brief": brief.pk}, at=now,
                )  # fmt: skip
                leaders = User.objects.filter(
                    role=Role.LEADER, is_active=True,
                    region__path__in=_paths(brief.region.path),
                )  # fmt: skip
                notify(event, list(leaders), at=now)
                return brief
        except IntegrityError:
            continue
    raise DomainError("期号分配冲突，请重试", field="body")


def _paths(path: str) -> list[str]:
    """The place and every place above it: their leaders read the place's briefs."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]
