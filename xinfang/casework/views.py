"""Pages of leadership casework: the leader's workbench, the case page's panel (包案 and
批示), the counts per leader and level, and the administrators' list of leaders.

Each view fetches through one access function and writes through one action.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xinfang.aid import queries as aid_queries
from xinfang.backlog import queries as backlog_queries
from xinfang.casework import actions, queries
from xinfang.casework.forms import AnswerForm, InstructionForm, LeaderForm, OwnForm, YearForm
from xinfang.casework.handover_queries import waiting_reports
from xinfang.casework.models import Leader
from xinfang.holidays.queries import load_calendar
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.petitions.queries import access_petition
from xinfang.receptions.queries import this_week

WORKBENCH_ROWS = 50


@login_required
def workbench(request):
    """领导工作台: the leader's owned cases with their clocks and last activity, the
    instructions waiting for answers, and the leader's own figures for the year."""
    leader = queries.leader_of(request.user)
    if leader is None:
        raise Http404("没有找到该页面")
    today = timesource.today()
    calendar = load_calendar()
    owned = list(queries.owned_cases(request.user)[:WORKBENCH_ROWS])
    rows = [(o, queries.clock_of(o, calendar, today)) for o in owned]
    context = {
        "leader": leader,
        "today": today,
        "rows": rows,
        "owned_total": queries.owned_cases(request.user).count(),
        "late": sum(1 for _, clock in rows if clock.state == "late"),
        "waiting": queries.waiting_instructions(request.user),
        "to_report": list(waiting_reports(request.user)[:WORKBENCH_ROWS]),
        "counts": queries.leader_counts(leader, today.year),
        "year": today.year,
        # Aid waiting for this leader's approval (names and amounts masked) and the running
        # 积案化解 campaigns with their figures over the cases the leader sees.
        "aid_waiting": aid_queries.list_rows(
            aid_queries.waiting_for(request.user)[:WORKBENCH_ROWS]
        ),
        "campaigns": backlog_queries.campaigns_of_leader(request.user),
        "week": this_week(leader, today),
    }
    return render(request, "casework/workbench.html", context)


def _panel_context(request, petition, **forms) -> dict:
    user, matter = request.user, petition.matter
    calendar = load_calendar()
    current = queries.current_ownership(matter)
    leader = queries.leader_of(user)
    handler = queries.is_handler(user, matter)
    instructions = list(queries.instructions_on(user, matter))
    context = {
        "petition": petition,
        "current": current,
        "clock": queries.clock_of(_with_settled(current), calendar) if current else None,
        "history": [o for o in queries.ownership_history(matter) if not o.is_current],
        "instructions": instructions,
        "is_leader": leader is not None,
        "is_handler": handler,
    }
    if leader is not None:
        context["own_form"] = forms.get("own_form") or OwnForm(
            leaders=queries.eligible_leaders(user, matter),
            initial={"leader": leader.pk if current is None else None},
        )
        context["instruction_form"] = forms.get("instruction_form") or InstructionForm(
            letters=queries.letters_of(user, matter)
        )
    if handler:
        context["answer_forms"] = {
            i.pk: forms.get("answer_form") if forms.get("answering") == i.pk else AnswerForm()
            for i in instructions
            if i.answered_at is None
        }
    return context


def _with_settled(ownership):
    """The ownership with `settled_on` read as the counts read it."""
    found = (
        type(ownership)
        .objects.filter(pk=ownership.pk)
        .annotate(settled_on=queries.settled_date())
        .values_list("settled_on", flat=True)
        .first()
    )
    ownership.settled_on = found
    return ownership


def _panel(request, petition, **forms):
    """The panel alone for htmx; inside a page of its own when a form came without it."""
    whole = request.method == "POST" and not request.headers.get("HX-Request")
    template = "casework/panel_page.html" if whole else "casework/_panel.html"
    return render(request, template, _panel_context(request, petition, **forms))


@login_required
def panel(request, number: str):
    """The case page's 领导包案 panel, loaded by htmx."""
    return _panel(request, access_petition(request.user, number))


def _done(request, petition, text: str):
    if request.headers.get("HX-Request"):
        # The whole case page reloads: the timeline shows the new entry beside the panel.
        response = _panel(request, petition)
        response["HX-Refresh"] = "true"
        return response
    messages.success(request, text)
    return redirect("petitions:detail", number=petition.number)


@login_required
@require_POST
def own(request, number: str):
    petition = access_petition(request.user, number)
    form = OwnForm(request.POST, leaders=queries.eligible_leaders(request.user, petition.matter))
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.own_matter(
                request.user, petition.matter, leader=data["leader"], unit=data["unit"],
                target_workdays=data["target_workdays"], target_on=data["target_on"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            return _done(request, petition, "已登记领导包案")
    return _panel(request, petition, own_form=form)


@login_required
@require_POST
def instruct(request, number: str):
    petition = access_petition(request.user, number)
    form = InstructionForm(request.POST, letters=queries.letters_of(request.user, petition.matter))
    if form.is_valid():
        try:
            actions.write_instruction(
                request.user, petition.matter, text=form.cleaned_data["text"],
                answer_by=form.cleaned_data["answer_by"], petition=form.cleaned_data["petition"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            return _done(request, petition, "批示已发送给承办单位")
    return _panel(request, petition, instruction_form=form)


@login_required
@require_POST
def answer(request, number: str, pk: int):
    petition = access_petition(request.user, number)
    instruction = queries.access_instruction(request.user, pk)
    if instruction.matter_id != petition.matter_id:
        raise Http404("没有找到该批示")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer_instruction(request.user, instruction, text=form.cleaned_data["answer"])
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            return _done(request, petition, "已回复领导批示")
    return _panel(request, petition, answer_form=form, answering=instruction.pk)


@login_required
def counts(request):
    """包案统计: owned, settled, on time and instructions per leader and per level."""
    form = YearForm(request.GET or None)
    year = timesource.today().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    rows = queries.counts_by_leader(request.user, year)
    return render(
        request,
        "casework/counts.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "levels": queries.counts_by_level(rows),
            "share": queries.senior_share(request.user, year),
        },  # fmt: skip
    )


# The administrators' list of leaders.


def _manager(request) -> None:
    if not queries.may_manage_leaders(request.user):
        raise Http404("没有找到该页面")


@login_required
def leaders(request):
    _manager(request)
    rows = Leader.objects.select_related("region", "user").order_by("region__code", "level")
    return render(request, "casework/leaders.html", {"leaders": rows})


@login_required
def leader_edit(request, pk: int | None = None):
    _manager(request)
    leader = get_object_or_404(Leader, pk=pk) if pk is not None else None
    if request.method == "POST":
        form = LeaderForm(request.POST)
        if form.is_valid():
            try:
                actions.save_leader(request.user, leader, **form.cleaned_data)
            except DomainError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, "已保存领导信息")
                return redirect("casework:leaders")
    elif leader is not None:
        form = LeaderForm(initial={
            "name": leader.name, "post": leader.post, "level": leader.level,
            "region": leader.region_id, "user": leader.user_id, "is_active": leader.is_active,
        })  # fmt: skip
    else:
        form = LeaderForm()
    return render(request, "casework/leader_form.html", {"form": form, "leader": leader})
