"""Reads over village projects, their progress in the seed's words, and the access rules.

Rule (as the dispute ledger's): a user sees the projects their own unit is attached to and
those whose village lies in their region subtree (a county its townships', the city all);
anything else is a 404. Leaders read; the others in scope also write. Linked disputes and
petition matters are listed only to those who may see them (`visible_disputes`,
`visible_petitions`: an accusation never reaches the accused).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.disputes.models import Dispute
from xinfang.disputes.queries import visible_disputes
from xinfang.petitions.models import Matter
from xinfang.petitions.queries import visible_petitions
from xinfang.projects.models import Measure, Project, ProjectKind, ProjectStatus
from xinfang.regions.models import Unit
from xinfang.regions.queries import subtree


def visibility(user) -> Q:
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    seen = Q(pk__in=[])
    if user.region_id:
        seen |= Q(region_id__in=subtree(user.region).values("pk"))
    if user.unit_id:
        seen |= Q(unit_id=user.unit_id)
    return seen


def visible_projects(user) -> QuerySet[Project]:
    return Project.objects.filter(visibility(user)).select_related("unit", "region")


def may_write(user) -> bool:
    """Whether `user` records projects and their progress (leaders only read)."""
    return user.is_superuser or user.role != Role.LEADER


def access_project(user, pk: int, *, write: bool = False) -> Project:
    """The project `user` may see (and, with `write`, work on), or 404."""
    project = visible_projects(user).filter(pk=pk).first()
    if project is None or (write and not may_write(user)):
        raise Http404("没有找到该项目")
    return project


def attaching_units(user) -> QuerySet[Unit]:
    """The units `user` may record projects for: their own, and the units of their region
    (a county bureau keeps the projects of the county's departments and townships)."""
    condition = Q(pk__in=[])
    if user.unit_id:
        condition |= Q(pk=user.unit_id)
    if user.region_id:
        condition |= Q(region__in=subtree(user.region))
    return Unit.objects.filter(condition, is_active=True).select_related("region")


def linked_matters(user, project: Project) -> QuerySet[Matter]:
    """The project's linked matters that `user` may see."""
    seen = visible_petitions(user).values("matter_id")
    return project.matters.filter(pk__in=seen).select_related("region").order_by("number")


def linked_disputes(user, project: Project) -> QuerySet[Dispute]:
    return visible_disputes(user).filter(pk__in=project.disputes.values("pk"))


# -- progress in the seed's words ---------------------------------------------------------


def _noun(project: Project) -> str:
    """What the project builds: its kind, or its own name when the kind is 其他 (外墙装饰)."""
    return project.name if project.kind == ProjectKind.OTHER else project.get_kind_display()


def progress_words(project: Project) -> str:
    """One project's progress as the bureau's summary says it: "旧房改造全部37户完成11户",
    "全部完成旧房改造" when all is done, "尚未实施" when nothing is."""
    noun, unit = _noun(project), project.get_measure_display()
    if project.planned and project.done >= project.planned:
        return f"全部完成{noun}"
    if project.done == 0:
        return f"{noun}全部{project.planned}{unit}尚未实施"
    return f"{noun}全部{project.planned}{unit}完成{project.done}{unit}"


def project_sentence(project: Project) -> str:
    """The progress with its place: "牛麻一队移民新村旧房改造全部37户完成11户" (a project of
    kind 其他 is named by itself: "牛麻一队移民新村外墙装饰全部37户尚未实施")."""
    words = progress_words(project)
    if project.kind != ProjectKind.OTHER:
        words = project.place + words
    elif project.done >= project.planned:
        words = f"{project.name}全部完成"
    if project.status == ProjectStatus.PAUSED:
        words += "（暂停施工）"
    return words


@dataclass(frozen=True)
class KindTotal:
    kind: str
    label: str
    measure: str
    planned: int
    done: int
    projects: int

    @property
    def words(self) -> str:
        if self.planned and self.done >= self.planned:
            return f"{self.label}{self.projects}个项目全部完成（{self.planned}{self.measure}）"
        return f"{self.label}全部{self.planned}{self.measure}完成{self.done}{self.measure}"


@dataclass(frozen=True)
class UnitProgress:
    """A unit's attached projects summed up, as the half-year summary reports them."""

    unit: Unit
    projects: list[Project]
    totals: list[KindTotal]
    counts: dict[str, int]  # status label → projects

    @property
    def words(self) -> str:
        """ "区移民局挂点项目6个（已完工1个、实施中4个、暂停1个）：旧房改造全部86户完成45户；…"."""
        states = "、".join(f"{label}{n}个" for label, n in self.counts.items() if n)
        head = f"{self.unit.name}挂点项目{len(self.projects)}个"
        if states:
            head += f"（{states}）"
        return head + "：" + "；".join(t.words for t in self.totals) + "。"


def unit_progress(projects: Iterable[Project]) -> list[UnitProgress]:
    """Per unit, its projects' totals by kind and measure (households and metres are never
    added together) and its projects by status."""
    by_unit: dict[int, list[Project]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for project in projects:
        by_unit[project.unit_id].append(project)
        units[project.unit_id] = project.unit
    result = []
    for unit_id, rows in sorted(by_unit.items(), key=lambda item: units[item[0]].name):
        sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        for p in rows:
            total = sums[(p.kind, p.measure)]
            total[0] += p.planned
            total[1] += min(p.done, p.planned)
            total[2] += 1
        order = list(ProjectKind.values)
        totals = [
            KindTotal(kind, ProjectKind(kind).label, Measure(measure).label, *values)
            for (kind, measure), values in sorted(sums.items(), key=lambda i: order.index(i[0][0]))
        ]
        counts = {s.label: sum(p.status == s for p in rows) for s in ProjectStatus}
        result.append(UnitProgress(units[unit_id], rows, totals, counts))
    return result
