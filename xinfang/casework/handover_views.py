"""Pages of 交办: the batches a user sees, a new batch from matters picked on the case
list, a batch's progress per receiving leader, and the receiving leader's report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.casework import handover_actions as actions
from xinfang.casework import handover_queries as queries
from xinfang.casework.forms import HandoverForm, ReportForm
from xinfang.casework.queries import leader_of
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form

PAGE = 100


@login_required
def handovers(request):
    """领导交办: the batches the user sees, with how many items were reported."""
    leader = leader_of(request.user)
    return render(
        request,
        "casework/handovers.html",
        {
            "batches": queries.handovers_for(request.user)[:PAGE],
            "leader": leader,
            "waiting": queries.waiting_reports(request.user) if leader else [],
            "today": timesource.today(),
        },
    )


@login_required
def handover_new(request):
    """A new batch from the matters ticked on the case list (`m`, matter numbers)."""
    me = leader_of(request.user)
    if me is None:
        raise Http404("没有找到该页面")
    source = request.POST if request.method == "POST" else request.GET
    matters, missing = queries.picked_matters(request.user, source.getlist("m"))
    rows = [(m, queries.receivers(me, m)) for m in matters]
    form = HandoverForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = actions.hand_over(
                request.user, title=data["title"], report_by=data["report_by"],
                note=data["note"], items=form.items(),
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已交办{len(rows)}件事项，已通知承接领导")
            return redirect(batch)
    return render(
        request,
        "casework/handover_form.html",
        {"form": form, "matters": matters, "missing": missing, "me": me},
    )


def _batch_page(request, batch, report_forms=None):
    me = leader_of(request.user)
    overall, per_leader = queries.progress(request.user, batch)
    forms = {}
    if me is not None:
        forms = {
            item.pk: (report_forms or {}).get(item.pk) or ReportForm()
            for item in overall.items
            if item.leader_id == me.pk and item.reported_at is None
        }
    return render(
        request,
        "casework/handover.html",
        {
            "batch": batch,
            "overall": overall,
            "per_leader": per_leader,
            "report_forms": forms,
            "today": timesource.today(),
        },  # fmt: skip
    )


@login_required
def handover(request, pk: int):
    return _batch_page(request, queries.access_handover(request.user, pk))


@login_required
@require_POST
def report(request, pk: int):
    item = queries.access_item(request.user, pk)
    batch = queries.access_handover(request.user, item.handover_id)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            actions.report_back(request.user, item, text=form.cleaned_data["report"])
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已报告{item.matter.number}的办理情况")
            return redirect(batch)
    return _batch_page(request, batch, {item.pk: form})
