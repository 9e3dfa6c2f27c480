"""Suggestion panels: on the registration page as the registrar types, and on a case page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from xinfang.insight import actions, queries
from xinfang.insight.classifier import is_unsure, suggest_class
from xinfang.insight.forms import dismissed_ids, partial_draft
from xinfang.petitions.queries import access_matter, access_petition


@login_required
@require_POST
def suggest(request):
    """Repeat and class suggestions for the registration form as it stands now."""
    if not request.user.may_register:
        raise Http404("没有找到该页面")
    draft = partial_draft(request.POST)
    repeats, classes = [], []
    if draft.title or draft.content or draft.petitioners:
        repeats = queries.similar_to_draft(
            request.user, draft, dismissed=dismissed_ids(request.POST)
        )
    if draft.title or draft.content:
        classes = suggest_class(draft.title, draft.content, on=draft.received_on)
    return render(
        request,
        "insight/_suggestions.html",
        {
            "repeats": repeats,
            "classes": classes,
            "unsure": is_unsure(classes),
            "chosen": request.POST.get("repeat_of", "").strip().upper(),
            "chosen_class": getattr(draft.content_class, "pk", None),
        },
    )


@login_required
def similar(request, number: str):
    petition = access_petition(request.user, number)
    return render(
        request,
        "insight/_similar.html",
        {
            "petition": petition,
            "repeats": queries.similar_to_petition(request.user, petition),
            "may_dismiss": request.user.may_register,
        },
    )


@login_required
@require_POST
def dismiss(request, number: str, matter_number: str):
    """Rule out one suggestion for a registered petition; answers the refreshed panel."""
    petition = access_petition(request.user, number, write=True)
    actions.dismiss_match(request.user, petition, access_matter(request.user, matter_number))
    return similar(request, number)
