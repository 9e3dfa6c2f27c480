"""Pages of village projects (挂点项目): the list with each unit's progress in the summary's
words, recording and editing a project, and the project page (progress entries with photos,
开工 / 暂停 / 恢复, residents' issues, linked disputes and matters).

Each view fetches through one access function in `queries` and writes through one action.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.disputes.models import Dispute
from xinfang.disputes.queries import visible_disputes
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.petitions import storage
from xinfang.petitions.models import Matter
from xinfang.projects import actions, queries
from xinfang.projects.forms import (
    FilterForm,
    IssueForm,
    LinkForm,
    ProgressForm,
    ProjectForm,
    ResolveForm,
)
from xinfang.projects.machine import Move, allowed
from xinfang.projects.models import IssueStatus, Photo, Project, ProjectStatus, ResidentIssue
from xinfang.regions.models import Region, Unit
from xinfang.regions.queries import regions_under


@login_required
def project_list(request):
    """挂点项目: the projects the user may see, each unit's progress summed up above them."""
    user = request.user
    rows = queries.visible_projects(user)
    units = sorted({(p.unit_id, p.unit.name) for p in rows}, key=lambda u: u[1])
    form = FilterForm(request.GET or None, units=units)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if data["unit"]:
            rows = rows.filter(unit_id=data["unit"])
    projects = list(rows)
    for project in projects:
        project.words = queries.progress_words(project)
    context = {
        "form": form,
        "projects": projects,
        "summaries": queries.unit_progress(projects),
        "may_write": queries.may_write(user) and queries.attaching_units(user).exists(),
    }
    return render(request, "projects/list.html", context)


def _form(request, project: Project | None = None) -> ProjectForm:
    user = request.user
    units = list(queries.attaching_units(user))
    if project is not None and project.unit not in units:
        units.insert(0, project.unit)
    if not units:
        raise Http404("您没有可登记挂点项目的单位")
    roots = [user.region] if user.region_id else list({u.region for u in units})
    if project is not None:
        initial = {f: getattr(project, f) for f in ProjectForm.base_fields}
        initial.update(unit=project.unit_id, region=project.region_id)
    else:
        own = next((u for u in units if u.pk == user.unit_id), units[0])
        initial = {"unit": own.pk, "region": own.region_id}
    return ProjectForm(
        request.POST or None, units=units, regions=regions_under(roots), initial=initial
    )


def _draft(data) -> actions.ProjectDraft:
    values = dict(data)
    values["unit"] = Unit.objects.filter(pk=values["unit"]).select_related("region").first()
    values["region"] = Region.objects.filter(pk=values["region"]).first()
    return actions.ProjectDraft(**values)


@login_required
def new(request):
    """登记挂点项目."""
    if not queries.may_write(request.user):
        raise Http404("没有找到该页面")
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            project = actions.record_project(request.user, _draft(form.cleaned_data))
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已登记挂点项目：{project.name}")
            return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": None})


@login_required
def edit(request, pk: int):
    project = queries.access_project(request.user, pk, write=True)
    form = _form(request, project)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_project(request.user, project, _draft(form.cleaned_data))
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": project})


def _link_form(user, project: Project, data=None) -> LinkForm:
    linked = project.disputes.values("pk")
    choices = [
        (d.pk, f"{d.found_on:%Y-%m-%d} {d.title}")
        for d in visible_disputes(user).exclude(pk__in=linked)[:200]
    ]
    return LinkForm(data, disputes=choices)


def _detail(request, project: Project, *, forms: dict | None = None, status: int = 200):
    user = request.user
    today = timesource.today()
    writable = queries.may_write(user)
    entries = list(project.progress.select_related("recorded_by").prefetch_related("photos"))
    context = {
        "project": project,
        "words": queries.project_sentence(project),
        "entries": entries,
        "issues": project.issues.all(),
        "matters": queries.linked_matters(user, project),
        "disputes": queries.linked_disputes(user, project),
        "may_write": writable,
        "moves": allowed(project) if writable else [],
        "takes_progress": writable
        and project.status in (ProjectStatus.PLANNED, ProjectStatus.UNDER_WAY),
        "progress_form": ProgressForm(initial={"on": today, "done": project.done}),
        "issue_form": IssueForm(initial={"raised_on": today}),
        "resolve_form": ResolveForm(),
        "link_form": _link_form(user, project),
    }
    context.update(forms or {})
    return render(request, "projects/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    return _detail(request, queries.access_project(request.user, pk))


@login_required
@require_POST
def progress(request, pk: int):
    """记录进度, with photos."""
    project = queries.access_project(request.user, pk, write=True)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_progress(
                request.user, project, on=data["on"], done=data["done"], text=data["text"],
                photos=data["photos"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            project.refresh_from_db()
            messages.success(request, f"已记录进度：{queries.progress_words(project)}")
            return redirect(project)
    return _detail(request, project, forms={"progress_form": form}, status=422)


@login_required
@require_POST
def status(request, pk: int, move: str):
    project = queries.access_project(request.user, pk, write=True)
    if move not in Move.values:
        raise Http404("没有找到该页面")
    try:
        actions.change_status(request.user, project, move)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{Move(move).label}")
    return redirect(project)


@login_required
@require_POST
def issue(request, pk: int):
    """登记群众反映问题."""
    project = queries.access_project(request.user, pk, write=True)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            actions.raise_issue(request.user, project, **form.cleaned_data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已登记群众反映问题")
            return redirect(project)
    return _detail(request, project, forms={"issue_form": form}, status=422)


@login_required
@require_POST
def resolve(request, pk: int, issue_id: int):
    project = queries.access_project(request.user, pk, write=True)
    item = ResidentIssue.objects.filter(project=project, pk=issue_id).first()
    if item is None or item.status != IssueStatus.OPEN:
        raise Http404("没有找到该问题")
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            actions.resolve_issue(request.user, item, answer=form.cleaned_data["answer"])
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已标记为已解决")
            return redirect(project)
    return _detail(request, project, forms={"resolve_form": form}, status=422)


@login_required
@require_POST
def link(request, pk: int):
    """Link a matter (by number) or a dispute on the ledger."""
    user = request.user
    project = queries.access_project(user, pk, write=True)
    form = _link_form(user, project, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["number"]:
                actions.link_matter(user, project, data["number"])
            elif data["dispute"]:
                dispute = visible_disputes(user).filter(pk=data["dispute"]).first()
                if dispute is None:
                    raise Http404("没有找到该矛盾纠纷")
                actions.link_dispute(user, project, dispute)
            else:
                form.add_error("number", "请填写信访事项编号或选择矛盾纠纷")
                return _detail(request, project, forms={"link_form": form}, status=422)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已关联")
            return redirect(project)
    return _detail(request, project, forms={"link_form": form}, status=422)


@login_required
@require_POST
def unlink(request, pk: int):
    user = request.user
    project = queries.access_project(user, pk, write=True)
    dispute = matter = None
    if raw := request.POST.get("dispute", "").strip():
        dispute = Dispute.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
    if raw := request.POST.get("matter", "").strip():
        matter = Matter.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
    if dispute is None and matter is None:
        raise Http404("没有找到该关联")
    actions.unlink(user, project, dispute=dispute, matter=matter)
    messages.success(request, "已取消关联")
    return redirect(project)


@login_required
def photo(request, pk: int, photo_id: int):
    """A site photo, served inline (an image checked on upload) under a strict policy."""
    project = queries.access_project(request.user, pk)
    item = Photo.objects.filter(entry__project=project, pk=photo_id).first()
    if item is None:
        raise Http404("没有找到该照片")
    path = storage.path_of(item.stored_name)
    if not path.exists():
        return HttpResponse(
            "照片文件缺失，请联系管理员", status=410, content_type="text/plain; charset=utf-8"
        )
    handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it after sending
    response = FileResponse(handle, filename=item.original_name)
    response["Content-Type"] = item.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
