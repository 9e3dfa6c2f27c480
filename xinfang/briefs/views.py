"""Pages of briefs: the list with the year's count against the target, a new draft from the
data, editing a draft, publishing it, the docx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.briefs import actions, queries
from xinfang.briefs.docx import brief_docx
from xinfang.briefs.forms import DraftForm, EditForm
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form


@login_required
def brief_list(request):
    if not queries.may_read(request.user):
        raise Http404("没有找到该页面")
    rows = queries.visible_briefs(request.user)
    year = timesource.today().year
    form = DraftForm(request.POST or None) if queries.may_write(request.user) else None
    if form is not None and request.method == "POST" and form.is_valid():
        year_, month = form.cleaned_data["month"]
        try:
            brief = actions.draft(
                request.user, kind=form.cleaned_data["kind"], year=year_, month=month
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已按该月数据起草，请修改后印发")
            return redirect(brief)
    return render(request, "briefs/list.html", {
        "briefs": rows[:200], "form": form, "year": year,
        "published": queries.published_count(request.user.region, year),
        "target": queries.year_target(),
    })  # fmt: skip


@login_required
def detail(request, pk: int):
    brief = queries.access_brief(request.user, pk)
    form = None
    if queries.may_write(request.user) and not brief.is_published:
        form = EditForm(request.POST or None, initial={"title": brief.title, "body": brief.body})
        if request.method == "POST" and form.is_valid():
            try:
                actions.edit(request.user, brief, **form.cleaned_data)
            except DomainError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, "已保存")
                return redirect(brief)
    return render(request, "briefs/detail.html", {"brief": brief, "form": form})


@login_required
@require_POST
def publish(request, pk: int):
    brief = queries.access_brief(request.user, pk)
    try:
        brief = actions.publish(request.user, brief)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已印发{brief.label}，已通知领导")
    return redirect(brief)


@login_required
def download(request, pk: int):
    brief = queries.access_brief(request.user, pk)
    response = HttpResponse(
        brief_docx(brief),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="brief-{brief.pk}.docx"'
    return response
