"""Writes to village projects: recording and correcting a project, dated progress entries
with site photos, starting / pausing / resuming work, residents' issues, and links to
disputes and petition matters.

Every write validates, raises Invalid / NotAllowed with Chinese messages, and runs in one
transaction; photos are written before it and removed again when it fails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from xinfang.disputes.models import Dispute
from xinfang.disputes.queries import visible_disputes
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.petitions import storage
from xinfang.petitions.models import Matter
from xinfang.petitions.queries import visible_petitions
from xinfang.projects import queries
from xinfang.projects.machine import Move, advance
from xinfang.projects.models import (
    IssueStatus,
    Measure,
    Photo,
    ProgressEntry,
    Project,
    ProjectKind,
    ProjectStatus,
    ResidentIssue,
)
from xinfang.regions.models import Region, Unit

QUANTITY_MAX = 1_000_000
TEXT_MAX = 500
PHOTOS_MAX = 9
EARLIEST = dt.date(2000, 1, 1)
# Photos only, each checked by its first bytes and its structure, not by its name alone.
PHOTO_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass
class ProjectDraft:
    """A project as typed on the form, before it is checked."""

    unit: Unit | None
    region: Region | None
    place: str
    name: str
    kind: str
    measure: str
    planned: int | None
    description: str = ""


def check(draft: ProjectDraft) -> dict[str, list[str]]:
    """Every problem of `draft` by field (texts are trimmed in place)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for f in fields(draft):
        value = getattr(draft, f.name)
        if isinstance(value, str):
            setattr(draft, f.name, value.strip())
    if draft.unit is None:
        add("unit", "请选择挂点单位")
    if draft.region is None:
        add("region", "请选择所在区划")
    for name, label, limit in (("place", "村（屯）组", 80), ("name", "项目名称", 120)):
        value = getattr(draft, name)
        if not value:
            add(name, f"请填写{label}")
        elif len(value) > limit:
            add(name, f"{label}不能超过{limit}字")
    if len(draft.description) > 5000:
        add("description", "项目概况不能超过5000字")
    if draft.kind not in ProjectKind.values:
        add("kind", "请选择项目类型")
    if draft.measure not in Measure.values:
        add("measure", "请选择计量单位（户、米、处）")
    if draft.planned is None:
        add("planned", "请填写计划量")
    elif not 1 <= draft.planned <= QUANTITY_MAX:
        add("planned", f"计划量应在1至{QUANTITY_MAX}之间")
    return errors


def _check_unit(actor, draft: ProjectDraft) -> None:
    unit, region = draft.unit, draft.region
    if not queries.attaching_units(actor).filter(pk=unit.pk).exists():
        raise Invalid({"unit": [f"您不能为{unit.name}登记挂点项目"]})
    # The village lies in the actor's region; one without a region (a department's clerk)
    # records for their own unit within the unit's region.
    scope = actor.region if actor.region_id else unit.region
    if not region.path.startswith(scope.path):
        raise Invalid({"region": [f"所在区划应在{scope.name}辖区内"]})


def _copy(draft: ProjectDraft, project: Project) -> None:
    for f in fields(draft):
        setattr(project, f.name, getattr(draft, f.name))


def record_project(actor, draft: ProjectDraft, *, at: dt.datetime | None = None) -> Project:
    """登记挂点项目, status 规划 (nothing done yet)."""
    if not queries.may_write(actor):
        raise NotAllowed("您没有登记挂点项目的权限")
    errors = check(draft)
    if errors:
        raise Invalid(errors)
    _check_unit(actor, draft)
    now = at or timesource.now()
    project = Project(recorded_by=actor, recorded_at=now, updated_at=now)
    _copy(draft, project)
    with transaction.atomic():
        project.save()
    return project


def update_project(
    actor, project: Project, draft: ProjectDraft, *, at: dt.datetime | None = None
) -> Project:
    """Correct a project's particulars; the planned quantity never falls below what is done."""
    if not queries.may_write(actor):
        raise NotAllowed("您没有修改挂点项目的权限")
    errors = check(draft)
    if not errors and draft.planned < project.done:
        errors["planned"] = [f"计划量不能少于已完成量（{project.done}）"]
    if errors:
        raise Invalid(errors)
    if draft.unit.pk != project.unit_id or draft.region.pk != project.region_id:
        _check_unit(actor, draft)
    _copy(draft, project)
    project.updated_at = at or timesource.now()
    with transaction.atomic():
        project.save()
    return project


def _day(on: dt.date | None, today: dt.date, label: str, field: str = "on") -> dt.date:
    if on is None:
        raise Invalid({field: [f"请填写{label}"]})
    if on > today:
        raise Invalid({field: [f"{label}不能晚于今天"]})
    if on < EARLIEST:
        raise Invalid({field: [f"{label}不能早于2000年"]})
    return on


def _text(value: str, label: str, field: str, *, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid({field: [f"请填写{label}"]})
    if len(value) > limit:
        raise Invalid({field: [f"{label}不能超过{limit}字"]})
    return value


def _image_ok(head: bytes, tail: bytes, extension: str) -> bool:
    """The file is what its name says: a PNG with its header chunk, or a JPEG with its
    start and end markers (a renamed document or a truncated upload is refused)."""
    if PHOTO_TYPES[extension] == "image/png":
        return head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR"
    return head.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in tail


def check_photos(photos: list[UploadedFile]) -> list[str]:
    """Problems of the photos, in words; empty when they may be stored."""
    problems: list[str] = []
    if len(photos) > PHOTOS_MAX:
        return [f"照片不能超过{PHOTOS_MAX}张"]
    limit = settings.ATTACHMENT_MAX_BYTES
    for upload in photos:
        label = upload.name or "照片"
        extension = label.rsplit(".", 1)[-1].lower() if "." in label else ""
        if extension not in PHOTO_TYPES:
            problems.append(f"{label}：只能上传 jpg、png 格式的照片")
            continue
        if upload.size == 0:
            problems.append(f"{label}：文件为空")
            continue
        if upload.size > limit:
            problems.append(f"{label}：文件超过{limit // (1024 * 1024)}MB")
            continue
        upload.seek(0)
        head = upload.read(64)
        upload.seek(max(0, upload.size - 64))
        tail = upload.read(64)
        upload.seek(0)
        if not _image_ok(head, tail, extension):
            problems.append(f"{label}：文件内容不是有效的图片")
    return problems


def _lock(project: Project) -> None:
    """Lock the project's row and read it afresh (two clerks record progress at once)."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    project.refresh_from_db()


def record_progress(
    actor, project: Project, *, on: dt.date | None, done: int | None, text: str,
    photos: list[UploadedFile] | tuple = (), at: dt.datetime | None = None,
) -> ProgressEntry:  # fmt: skip
    """记录进度: the quantity finished by `on` and what was done, with site photos.

    The first entry that finishes something starts the work (实施中); the one that reaches
    the planned quantity completes it (已完工). A paused project takes no progress until
    work resumes.
    """
    if not queries.may_write(actor):
        raise NotAllowed("您没有记录项目进度的权限")
    now = at or timesource.now()
    errors: dict[str, list[str]] = {}
    for call in (lambda: _day(on, timesource.day_of(now), "进度日期"),
                 lambda: _text(text, "进展情况", "text")):  # fmt: skip
        try:
            call()
        except Invalid as exc:
            errors.update(exc.errors)
    if done is None:
        errors["done"] = ["请填写累计完成量"]
    elif not 0 <= done <= project.planned:
        unit = project.get_measure_display()
        errors["done"] = [f"累计完成量应在0至计划量{project.planned}{unit}之间"]
    if problems := check_photos(list(photos)):
        errors["photos"] = problems
    if errors:
        raise Invalid(errors)
    stored: list[str] = []
    try:
        with transaction.atomic():
            _lock(project)
            if project.status == ProjectStatus.PAUSED:
                raise DomainError("项目已暂停施工，请先恢复施工再记录进度", field="status")
            if project.status == ProjectStatus.DONE:
                raise DomainError("项目已完工，不再记录进度", field="status")
            if done == project.planned:
                advance(project, Move.FINISH, on)
            elif done > 0 and project.status == ProjectStatus.PLANNED:
                advance(project, Move.START, on)
            project.done = done
            project.updated_at = now
            project.save()
            entry = ProgressEntry.objects.create(
                project=project, on=on, done=done, text=text.strip(), recorded_by=actor,
                recorded_at=now,
            )  # fmt: skip
            for upload in photos:
                extension = upload.name.rsplit(".", 1)[-1].lower()
                name, digest = storage.save_upload(upload, extension)
                stored.append(name)
                Photo.objects.create(
                    entry=entry, original_name=upload.name[-200:], stored_name=name,
                    content_type=PHOTO_TYPES[extension], size=upload.size, sha256=digest,
                    uploaded_by=actor, uploaded_at=now,
                )  # fmt: skip
    except BaseException:
        storage.discard(stored)
        raise
    return entry


def change_status(
    actor, project: Project, move: Move | str, *, on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Project:  # fmt: skip
    """开工 / 暂停施工 / 恢复施工 by hand (完工 follows the quantities)."""
    if not queries.may_write(actor):
        raise NotAllowed("您没有变更项目状态的权限")
    now = at or timesource.now()
    on = _day(on or timesource.day_of(now), timesource.day_of(now), "日期")
    with transaction.atomic():
        _lock(project)
        if Move(move) == Move.FINISH:
            raise DomainError("完工由进度决定：累计完成量达到计划量时自动完工", field="status")
        advance(project, Move(move), on)
        project.updated_at = now
        project.save()
    return project


def raise_issue(
    actor, project: Project, *, raised_on: dt.date | None, raised_by: str, text: str,
    at: dt.datetime | None = None,
) -> ResidentIssue:  # fmt: skip
    """Record an issue residents raised about the project (群众反映问题)."""
    if not queries.may_write(actor):
        raise NotAllowed("您没有登记群众反映问题的权限")
    now = at or timesource.now()
    errors: dict[str, list[str]] = {}
    for call in (lambda: _day(raised_on, timesource.day_of(now), "反映日期", "raised_on"),
                 lambda: _text(raised_by, "反映人", "raised_by", limit=60),
                 lambda: _text(text, "问题内容", "text")):  # fmt: skip
        try:
            call()
        except Invalid as exc:
            errors.update(exc.errors)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        return ResidentIssue.objects.create(
            project=project, raised_on=raised_on, raised_by=raised_by.strip(), text=text.strip(),
            recorded_by=actor, recorded_at=now,
        )  # fmt: skip


def resolve_issue(
    actor, issue: ResidentIssue, *, answer: str, on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> ResidentIssue:  # fmt: skip
    """Mark a residents' issue 已解决, saying how."""
    if not queries.may_write(actor):
        raise NotAllowed("您没有处理群众反映问题的权限")
    now = at or timesource.now()
    answer = _text(answer, "解决情况", "answer")
    on = _day(on or timesource.day_of(now), timesource.day_of(now), "解决日期")
    if on < issue.raised_on:
        raise Invalid({"on": [f"解决日期不能早于反映日期（{issue.raised_on:%Y-%m-%d}）"]})
    with transaction.atomic():
        done = ResidentIssue.objects.filter(pk=issue.pk, status=IssueStatus.OPEN).update(
            status=IssueStatus.RESOLVED, answer=answer, resolved_on=on
        )
        if not done:
            raise DomainError("该问题已解决")
    issue.refresh_from_db()
    return issue


def link_dispute(actor, project: Project, dispute: Dispute) -> None:
    """Link a dispute on the ledger the actor can see (阻挠施工, 土地纠纷 …) to the project."""
    if not queries.may_write(actor):
        raise NotAllowed("您没有关联矛盾纠纷的权限")
    if not visible_disputes(actor).filter(pk=dispute.pk).exists():
        raise Invalid({"dispute": ["没有找到该矛盾纠纷"]})
    with transaction.atomic():
        project.disputes.add(dispute)


def link_matter(actor, project: Project, number: str) -> Matter:
    """Link a petition matter, by its number, that the actor may see."""
    if not queries.may_write(actor):
        raise NotAllowed("您没有关联信访事项的权限")
    number = (number or "").strip()
    if not number:
        raise Invalid({"number": ["请填写信访事项编号"]})
    matter = Matter.objects.filter(number=number).first()
    if matter is None or not visible_petitions(actor).filter(matter=matter).exists():
        raise Invalid({"number": [f"没有找到信访事项“{number[:30]}”"]})
    with transaction.atomic():
        project.matters.add(matter)
    return matter


def unlink(actor, project: Project, *, dispute: Dispute | None = None,
           matter: Matter | None = None) -> None:  # fmt: skip
    """Take a link off the project."""
    if not queries.may_write(actor):
        raise NotAllowed("您没有取消关联的权限")
    with transaction.atomic():
        if dispute is not None:
            project.disputes.remove(dispute)
        if matter is not None:
            project.matters.remove(matter)
