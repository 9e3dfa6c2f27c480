"""Pages of backlog work: the 积案 list and page (follow-up plan, 化解), the case page's panel
(积案, 老户, aid on the case), and the campaigns with their live board.

Each view fetches through one access function and writes through one action.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.aid import queries as aid_queries
from xinfang.backlog import actions, queries
from xinfang.backlog.forms import (
    CampaignForm,
    DoneForm,
    EndForm,
    FlagForm,
    ListForm,
    MarkForm,
    PlanForm,
    StateForm,
)
from xinfang.backlog.models import FollowUp
from xinfang.casework.models import Leader
from xinfang.casework.queries import current_ownership
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.petitions.queries import access_petition
from xinfang.regions.models import Region

LIST_ROWS = 200


def _worker(request) -> None:
    if not queries.works_backlog(request.user):
        raise Http404("没有找到该页面")


@login_required
def backlog_list(request):
    """积案 list: the 积案 the user may see, open ones first."""
    _worker(request)
    form = StateForm(request.GET or None)
    state = (form.cleaned_data.get("state") if form.is_valid() else "") or "open"
    rows = queries.backlog_rows(request.user, state=state)
    return render(
        request,
        "backlog/list.html",
        {"form": form, "state": state, "rows": rows[:LIST_ROWS], "total": rows.count(),
         "today": timesource.today()},
    )  # fmt: skip


def _detail_context(request, backlog, **forms) -> dict:
    user, matter = request.user, backlog.matter
    may_work = queries.may_work_on(user, matter)
    items = list(queries.follow_ups_of(backlog))
    return {
        "backlog": backlog,
        "matter": matter,
        "owner": current_ownership(matter),
        "items": items,
        "today": timesource.today(),
        "campaigns": backlog.campaign_cases.select_related("campaign", "owner"),
        "may_work": may_work and backlog.is_open,
        "may_record": backlog.is_open and queries.may_record_follow_up(user, matter),
        "end_form": forms.get("end_form") or EndForm(),
        "plan_form": forms.get("plan_form") or PlanForm(),
        "done_forms": {
            i.pk: forms.get("done_form") if forms.get("doing") == i.pk else DoneForm()
            for i in items
            if i.done_on is None
        },
    }


@login_required
def detail(request, pk: int):
    backlog = queries.access_backlog(request.user, pk)
    return render(request, "backlog/detail.html", _detail_context(request, backlog))


@login_required
@require_POST
def end(request, pk: int):
    backlog = queries.access_backlog(request.user, pk)
    form = EndForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.end_backlog(
                request.user, backlog, ending=data["ending"], ended_on=data["ended_on"],
                note=data["note"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "积案已化解销号")
            return redirect("backlog:detail", pk=backlog.pk)
    return render(request, "backlog/detail.html", _detail_context(request, backlog, end_form=form))


@login_required
@require_POST
def plan(request, pk: int):
    backlog = queries.access_backlog(request.user, pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.plan_follow_up(
                request.user, backlog, kind=data["kind"], plan=data["plan"],
                due_workdays=data["due_workdays"], due_on=data["due_on"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已加入跟踪计划")
            return redirect("backlog:detail", pk=backlog.pk)
    context = _detail_context(request, backlog, plan_form=form)
    return render(request, "backlog/detail.html", context)


@login_required
@require_POST
def done(request, pk: int):
    item = FollowUp.objects.select_related("backlog").filter(pk=pk).first()
    if item is None:
        raise Http404("没有找到该跟踪事项")
    backlog = queries.access_backlog(request.user, item.backlog_id)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            actions.record_follow_up(
                request.user, item, note=form.cleaned_data["note"],
                done_on=form.cleaned_data["done_on"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已登记完成情况")
            return redirect("backlog:detail", pk=backlog.pk)
    context = _detail_context(request, backlog, done_form=form, doing=item.pk)
    return render(request, "backlog/detail.html", context)


# The case page's panel.


def _panel_context(request, petition, **forms) -> dict:
    user, matter = request.user, petition.matter
    flags = queries.long_term_flags(user, matter)
    may_work = queries.may_work_on(user, matter)
    aid = aid_queries.visible_aid(user).filter(matter=matter).order_by("-given_on")
    return {
        "petition": petition,
        "open": queries.open_backlog(matter),
        "history": [b for b in queries.backlog_history(matter) if not b.is_open],
        "people": [(p, flags.get(p.pk)) for p in queries.petitioners_of(user, matter)],
        "may_work": may_work,
        "mark_form": forms.get("mark_form") or MarkForm(),
        "flag_form": FlagForm(),
        "aid_rows": aid_queries.list_rows(aid),
        "may_record_aid": aid_queries.may_record_aid(user),
    }


def _panel(request, petition, **forms):
    whole = request.method == "POST" and not request.headers.get("HX-Request")
    template = "backlog/panel_page.html" if whole else "backlog/_panel.html"
    return render(request, template, _panel_context(request, petition, **forms))


@login_required
def panel(request, number: str):
    """The case page's 积案 / 老户 / 救助 panel, loaded by htmx."""
    return _panel(request, access_petition(request.user, number))


def _done(request, petition, text: str):
    if request.headers.get("HX-Request"):
        response = _panel(request, petition)
        response["HX-Refresh"] = "true"
        return response
    messages.success(request, text)
    return redirect("petitions:detail", number=petition.number)


@login_required
@require_POST
def mark(request, number: str):
    petition = access_petition(request.user, number)
    form = MarkForm(request.POST)
    if form.is_valid():
        try:
            actions.mark_backlog(
                request.user, petition.matter, reason=form.cleaned_data["reason"],
                marked_on=form.cleaned_data["marked_on"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            return _done(request, petition, "已列为信访积案")
    return _panel(request, petition, mark_form=form)


@login_required
@require_POST
def flag(request, number: str, petitioner_id: int):
    """Put the 老户 flag on a petitioner of the case, or take it off."""
    petition = access_petition(request.user, number)
    people = dict((p.pk, p) for p in queries.petitioners_of(request.user, petition.matter))
    person = people.get(petitioner_id)
    if person is None:
        raise Http404("没有找到该信访人")
    try:
        if request.POST.get("off"):
            actions.unflag_long_term(request.user, person)
        else:
            actions.flag_long_term(request.user, person, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("petitions:detail", number=petition.number)
    return _done(request, petition, "已更新老户标记")


# Campaigns.


def _campaign_regions(user):
    return Region.objects.filter(path__startswith=user.region.path).order_by("code")


@login_required
def campaigns(request):
    """积案化解活动: the campaigns the user sees; leaders and supervisors start one here."""
    _worker(request)
    user = request.user
    may_run = queries.may_run_campaigns(user)
    form = None
    if may_run:
        form = CampaignForm(request.POST or None, regions=_campaign_regions(user))
        if request.method == "POST" and form.is_valid():
            try:
                campaign = actions.create_campaign(user, **form.cleaned_data)
            except DomainError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, "已创建活动，请列入积案")
                return redirect("backlog:campaign", pk=campaign.pk)
    elif request.method == "POST":
        raise Http404("没有找到该页面")
    rows = queries.visible_campaigns(user).order_by("-starts_on", "-pk")
    counts = queries.campaign_case_counts(user)
    return render(
        request,
        "backlog/campaigns.html",
        {"rows": [(c, counts.get(c.pk, 0)) for c in rows], "form": form,
         "today": timesource.today()},
    )  # fmt: skip


def _board_context(request, campaign, list_form=None) -> dict:
    user = request.user
    today = timesource.today()
    figures = queries.campaign_figures(user, campaign, today)
    cases = list(queries.campaign_cases(user, campaign))
    context = {
        "campaign": campaign,
        "figures": figures,
        "sentence": figures.sentence(campaign),
        "remaining": [c for c in cases if c.backlog.is_open],
        "resolved": [c for c in cases if not c.backlog.is_open],
        "today": today,
        "running": campaign.starts_on <= today <= campaign.ends_on,
        "chart": {
            "weeks": [
                {"label": f"{w.ends_on:%m-%d}", "resolved": w.resolved, "remaining": w.remaining}
                for w in figures.weeks
            ],
            "listed": figures.listed,
        },
    }
    if queries.may_run_campaigns(user) and campaign.ends_on >= today:
        context["list_form"] = list_form or _list_form(user, campaign)
    return context


def _list_form(user, campaign, data=None) -> ListForm:
    listed = campaign.cases.values("backlog_id")
    backlogs = (
        queries.visible_backlogs(user)
        .filter(ended_on__isnull=True, matter__region__path__startswith=campaign.region.path)
        .exclude(pk__in=listed)
        .select_related("matter")
        .order_by("marked_on", "pk")
    )
    leaders = Leader.objects.filter(
        is_active=True, region__path__startswith=campaign.region.path
    ).select_related("region")
    return ListForm(data, backlogs=backlogs, leaders=leaders)


@login_required
def campaign(request, pk: int):
    """The campaign's live board: 化解率, 案结事了率, the remaining cases with their owner
    and last action, the weekly progress and the figures in the seed's words."""
    found = queries.access_campaign(request.user, pk)
    if request.method == "POST":
        if not queries.may_run_campaigns(request.user):
            raise Http404("没有找到该页面")
        form = _list_form(request.user, found, request.POST)
        if form.is_valid():
            try:
                actions.list_in_campaign(
                    request.user, found, form.cleaned_data["backlog"],
                    owner=form.cleaned_data["owner"],
                )  # fmt: skip
            except DomainError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, "已列入活动")
                return redirect("backlog:campaign", pk=found.pk)
        return render(request, "backlog/campaign.html", _board_context(request, found, form))
    return render(request, "backlog/campaign.html", _board_context(request, found))
