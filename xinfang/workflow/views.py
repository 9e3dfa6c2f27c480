"""Workflow pages: one page per step, the unit's inbox, 督办 replies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from xinfang.lib.errors import DomainError, show_on_form
from xinfang.petitions.queries import access_matter, access_petition
from xinfang.workflow import actions
from xinfang.workflow.forms import ReplyForm
from xinfang.workflow.machine import Action
from xinfang.workflow.pages import PAGES
from xinfang.workflow.queries import inbox, open_notices, why_not


@login_required
def step(request, number: str, action: str):
    """Show and take one step on the matter of petition `number`."""
    petition = access_petition(request.user, number)
    matter = petition.matter
    if action not in PAGES:
        raise Http404("没有该办理环节")
    page = PAGES[action]
    refusal = why_not(request.user, matter, action)
    if refusal:
        messages.error(request, refusal)
        return redirect(petition)
    form = page.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page.run(request.user, matter, form.cleaned_data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已完成“{Action(action).label}”")
            return redirect(petition)
    return render(
        request,
        "workflow/step.html",
        {
            "petition": petition,
            "matter": matter,
            "form": form,
            "page": page,
            "action": Action(action),
            "routes": _routes(request.user, matter, action),
        },
    )


def _routes(user, matter, action: str) -> list:
    """Unit suggestions for the steps that pick a responsible unit (转送, 交办)."""
    if action not in (Action.FORWARD, Action.ASSIGN):
        return []
    # Imported here: insight reads workflow's outcomes, the workflow only shows its advice.
    from xinfang.insight.routing import suggest_units

    return suggest_units(user, matter)


@login_required
def inbox_page(request):
    return render(
        request,
        "workflow/inbox.html",
        {"matters": inbox(request.user)[:200], "notices": open_notices(request.user)},
    )


@login_required
def reply(request, notice_id: int):
    notice = get_object_or_404(open_notices(request.user), pk=notice_id)
    access_matter(request.user, notice.matter.number)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reply_supervision(request.user, notice, text=form.cleaned_data["text"])
        except DomainError as exc:
            form.add_error("text", exc.message)
        else:
            messages.success(request, "已回复督办单")
            return redirect("workflow:inbox")
    return render(request, "workflow/reply.html", {"notice": notice, "form": form})
