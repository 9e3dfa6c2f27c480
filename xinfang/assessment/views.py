"""目标考核 pages: the year's agreements with the ranking and the per-capita ranking, one
agreement's progress and score, the forms that keep agreements, goals and scoring rules."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xinfang.assessment import actions, queries
from xinfang.assessment.forms import AgreementForm, GoalForm, RuleForm, YearForm
from xinfang.assessment.models import Agreement, ScoringRule
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.stats.models import RATE_INDICATORS, Indicator


def _viewer(request) -> None:
    if not queries.may_view(request.user):
        raise Http404("没有找到该页面")


def _year(request, default: int) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else default


@login_required
def index(request):
    """The year's agreements: those the user's region issued, scored and ranked (末位
    flagged), with the per-capita ranking of the regions below; the user's own agreement and
    its place among its peers; the other agreements in the region, listed."""
    _viewer(request)
    user, today = request.user, timesource.today()
    year = _year(request, queries.default_year(user, today))
    region = user.region
    ranked = queries.ranking(region, year, today)
    issued = {r.agreement.pk for rows in ranked.values() for r in rows}
    visible = list(queries.visible_agreements(user).filter(year=year))
    own = [a for a in visible if a.region_id == region.pk]
    own_rank = queries.own_rank(own[0], today) if own else None
    others = [a for a in visible if a.pk not in issued and a not in own]
    own_capita = queries.own_per_capita(region, year, today) if own else None
    years = sorted(
        set(queries.visible_agreements(user).values_list("year", flat=True)) | {today.year, year},
        reverse=True,
    )
    return render(
        request,
        "assessment/index.html",
        {
            "year": year, "years": years, "region": region, "ranked": ranked,
            "per_capita": queries.per_capita(region, year, today),
            "own": own[0] if own else None, "own_rank": own_rank, "own_capita": own_capita,
            "others": others, "may_manage": queries.may_manage(user),
            "has_rules": bool(queries.rules_for(region, year)),
        },
    )  # fmt: skip


@login_required
def detail(request, pk: int):
    """One agreement: each goal's actual, quota to date, projection, warning and points."""
    agreement = queries.access_agreement(request.user, pk)
    return _detail(request, agreement)


def _detail(request, agreement: Agreement, goal_form=None, copy_form=None):
    today = timesource.today()
    score = queries.agreement_score(agreement, today)
    rank = queries.own_rank(agreement, today)
    may_manage = queries.may_manage_agreement(request.user, agreement)
    return render(
        request,
        "assessment/detail.html",
        {
            "agreement": agreement, "score": score, "rank": rank, "may_manage": may_manage,
            "as_of": min(today, dt.date(agreement.year, 12, 31)),
            "goal_form": goal_form or GoalForm(),
            "copy_form": copy_form or YearForm(initial={"year": agreement.year + 1}),
            "rate_indicators": [str(i) for i in RATE_INDICATORS],
        },
    )  # fmt: skip


@login_required
def new(request):
    """A new agreement for a region or a unit below the user's region (admins, supervisors)."""
    _viewer(request)
    if not queries.may_manage(request.user):
        raise Http404("没有找到该页面")
    today = timesource.today()
    year = _year(request, today.year)
    form = AgreementForm(
        request.POST or None, owners=queries.owner_choices(request.user),
        initial={"year": year, "title": f"{year}年度信访工作目标管理责任状",
                 "issuer_name": f"{request.user.region.name}信访工作联席会议"},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owner = queries.owner_of(data.pop("owner"))
        try:
            agreement = actions.create_agreement(
                request.user, owner=owner, at=timesource.now(), **data
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已建立目标责任状：{agreement.owner_name}")
            return redirect(agreement)
    return render(request, "assessment/form.html", {"form": form, "agreement": None})


@login_required
def edit(request, pk: int):
    agreement = queries.access_agreement(request.user, pk, write=True)
    form = AgreementForm(request.POST or None, editing=True)
    # The fields the editing form keeps (owner and year are fixed once signed).
    form.initial = {name: getattr(agreement, name) for name in form.fields}
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_agreement(
                request.user, agreement, at=timesource.now(), **form.cleaned_data
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect(agreement)
    return render(request, "assessment/form.html", {"form": form, "agreement": agreement})


@login_required
def goal(request, pk: int):
    """Set one goal (GET: the form, filled from the goal when `?indicator=` names one)."""
    agreement = queries.access_agreement(request.user, pk, write=True)
    if request.method != "POST":
        initial = {}
        existing = agreement.goals().filter(indicator=request.GET.get("indicator", "")).first()
        if existing is not None:
            initial = {
                "indicator": existing.indicator, "comparator": existing.comparator,
                "value": f"{existing.value.normalize():f}", "note": existing.note,
                **{f"m{k}": f"{v:g}" for k, v in existing.monthly.items()},
            }  # fmt: skip
        form = GoalForm(initial=initial)
        return render(request, "assessment/goal.html", {"agreement": agreement, "form": form})
    form = GoalForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_goal(
                request.user, agreement, indicator=data["indicator"],
                comparator=data["comparator"], value=data["value"], monthly=form.monthly(),
                note=data["note"], at=timesource.now(),
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已设置：{Indicator(data['indicator']).label}")
            return redirect(agreement)
    return render(request, "assessment/goal.html", {"agreement": agreement, "form": form})


@login_required
@require_POST
def remove_goal(request, pk: int, indicator: str):
    agreement = queries.access_agreement(request.user, pk, write=True)
    try:
        actions.remove_goal(request.user, agreement, indicator, at=timesource.now())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已删除该项指标")
    return redirect(agreement)


@login_required
@require_POST
def copy(request, pk: int):
    """沿用: the same agreement for another year (next year by default)."""
    agreement = queries.access_agreement(request.user, pk, write=True)
    form = YearForm(request.POST)
    if form.is_valid():
        try:
            made = actions.copy_agreement(
                request.user, agreement, year=form.cleaned_data["year"], at=timesource.now()
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已沿用为{made.year}年度目标责任状")
            return redirect(made)
    return _detail(request, agreement, copy_form=form)


@login_required
def rules(request):
    """The scoring rules (考核评分细则) the user's region scores its agreements by."""
    _viewer(request)
    user, today = request.user, timesource.today()
    year = _year(request, queries.default_year(user, today))
    region = user.region
    may_set = queries.may_set_rules(user, region)
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        if not may_set:
            raise Http404("没有找到该页面")
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.set_rule(user, region=region, year=year, at=timesource.now(), **data)
            except DomainError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, f"已设置：{Indicator(data['indicator']).label}")
                return redirect(reverse("assessment:rules") + f"?year={year}")
    found = sorted(
        queries.rules_for(region, year).values(),
        key=lambda r: queries.ORDER.index(r.indicator) if r.indicator in queries.ORDER else 99,
    )
    return render(
        request,
        "assessment/rules.html",
        {
            "year": year, "region": region, "rules": found, "form": form, "may_set": may_set,
            "total": sum(r.weight for r in found),
        },
    )  # fmt: skip


@login_required
@require_POST
def remove_rule(request, pk: int):
    _viewer(request)
    rule = get_object_or_404(ScoringRule, pk=pk, region=request.user.region)
    if not queries.may_set_rules(request.user, rule.region):
        raise Http404("没有找到该页面")
    actions.remove_rule(request.user, rule)
    messages.success(request, "已删除该条细则")
    return redirect(reverse("assessment:rules") + f"?year={rule.year}")


@login_required
@require_POST
def copy_rules(request):
    """Copy last year's rules into the year shown."""
    _viewer(request)
    region = request.user.region
    if not queries.may_set_rules(request.user, region):
        raise Http404("没有找到该页面")
    form = YearForm(request.POST)
    year = form.cleaned_data["year"] if form.is_valid() else timesource.today().year
    try:
        count = actions.copy_rules(
            request.user, region=region, from_year=year - 1, to_year=year, at=timesource.now()
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已沿用{year - 1}年的{count}条细则")
    return redirect(reverse("assessment:rules") + f"?year={year}")
