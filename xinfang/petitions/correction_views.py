"""Pages for correcting a registration (更正登记信息) and moving a repeat into the matter it
repeats (并入重复事项); the rules are intake.corrections'."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.intake.corrections import correct_petition, may_correct, merge_into
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.petitions.forms import CorrectionForm, MergeForm
from xinfang.petitions.queries import access_matter, access_petition


@login_required
def correct(request, number: str):
    petition = access_petition(request.user, number)
    if not may_correct(request.user, petition):
        raise Http404("没有找到该页面")
    form = CorrectionForm(request.POST or None, petition=petition)
    if request.method == "POST" and form.is_valid():
        try:
            correct_petition(
                request.user, petition, reason=form.cleaned_data["reason"], **form.changes()
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已更正登记信息，更正记入办理日志")
            return redirect("petitions:detail", number=number)
    return render(
        request,
        "petitions/correct.html",
        {"petition": petition, "form": form, "merge_form": MergeForm()},
    )


@login_required
@require_POST
def merge(request, number: str):
    petition = access_petition(request.user, number)
    if not may_correct(request.user, petition):
        raise Http404("没有找到该页面")
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            target = access_matter(request.user, form.cleaned_data["matter"].strip().upper())
        except Http404:
            form.add_error("matter", "没有找到该信访事项，或您无权查看")
        else:
            try:
                merge_into(request.user, petition, target, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, f"已并入事项{target.number}（重信重访）")
                return redirect("petitions:detail", number=number)
    return render(
        request,
        "petitions/correct.html",
        {"petition": petition, "form": CorrectionForm(petition=petition), "merge_form": form},
    )
