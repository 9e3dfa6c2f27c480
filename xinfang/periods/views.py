"""Pages of sensitive periods (特护期): the list, defining a period (administrators), the
city's overview of a day, a county's daily view with its report form (零报告 in one click),
a report's page, and the summary after the period."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.periods import actions, queries
from xinfang.periods.forms import DayForm, PeriodForm, ReportForm
from xinfang.periods.models import SensitivePeriod
from xinfang.regions.models import Level, Region


def _worker(request) -> None:
    if not queries.works_periods(request.user):
        raise Http404("没有找到该页面")


def _manager(request) -> None:
    if not queries.may_manage_periods(request.user):
        raise Http404("没有找到该页面")


def _day(request, period: SensitivePeriod) -> dt.date:
    form = DayForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("day"):
        return queries.clamp_day(period, form.cleaned_data["day"])
    return queries.clamp_day(period, timesource.today())


def _days(period: SensitivePeriod, today: dt.date) -> list[dt.date]:
    """The period's days up to today, for the day picker."""
    last = min(period.ends_on, today)
    return [
        period.starts_on + dt.timedelta(days=i) for i in range((last - period.starts_on).days + 1)
    ]


@login_required
def period_list(request):
    """特护期 list: those under way first, then the coming and the past ones."""
    _worker(request)
    today = timesource.today()
    periods = list(queries.visible_periods(request.user).prefetch_related("regions"))
    return render(
        request,
        "periods/list.html",
        {
            "current": [p for p in periods if p.covers(today)],
            "coming": [p for p in periods if p.starts_on > today],
            "past": [p for p in periods if p.ends_on < today],
            "may_manage": queries.may_manage_periods(request.user),
        },
    )


def _regions(user):
    return Region.objects.filter(
        path__startswith=user.region.path, level__in=(Level.CITY, Level.COUNTY)
    ).order_by("code")


INITIAL = {
    "report_deadline": dt.time(16, 0), "persons_warning": 20, "collective_warning": 1,
    "overlevel_warning": 1,
}  # fmt: skip


@login_required
def new(request):
    """Define a 特护期 (administrators)."""
    _manager(request)
    form = PeriodForm(request.POST or None, regions=_regions(request.user), initial=INITIAL)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["regions"] = list(data["regions"])
        try:
            period = actions.create_period(request.user, **data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已设置特护期：{period.name}")
            return redirect("periods:detail", pk=period.pk)
    return render(request, "periods/form.html", {"form": form, "period": None})


@login_required
def edit(request, pk: int):
    """Change a period's days, regions, thresholds or deadline (administrators)."""
    _manager(request)
    period = queries.access_period(request.user, pk)
    initial = {name: getattr(period, name) for name in actions.FIELDS}
    initial["regions"] = list(period.regions.all())
    form = PeriodForm(request.POST or None, regions=_regions(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["regions"] = list(data["regions"])
        try:
            actions.update_period(request.user, period, **data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("periods:detail", pk=period.pk)
    return render(request, "periods/form.html", {"form": form, "period": period})


@login_required
def detail(request, pk: int):
    """A period's day over its counties (the city's overview). A county's staff, who see one
    county only, go straight to their county's daily view."""
    period = queries.access_period(request.user, pk)
    counties = queries.user_counties(request.user, period)
    user_path = request.user.region.path
    if len(counties) == 1 and user_path.startswith(counties[0].path):
        url = reverse("periods:county", args=[period.pk, counties[0].code])
        return redirect(url + (f"?day={request.GET['day']}" if request.GET.get("day") else ""))
    now = timesource.now()
    day = _day(request, period)
    found = queries.overview(period, counties, day, at=now)
    return render(
        request,
        "periods/detail.html",
        {
            "period": period, "overview": found, "day": day,
            "days": _days(period, timesource.day_of(now)),
            "regions": period.regions.all(),
            "may_manage": queries.may_manage_periods(request.user),
            "started": period.starts_on <= timesource.day_of(now),
        },
    )  # fmt: skip


def _county(request, period, county, day, form=None):
    now = timesource.now()
    today = timesource.day_of(now)
    view = queries.daily_view(period, county, day, at=now)
    may_report = queries.may_report(request.user, county) and view.report is None and day <= today
    return render(
        request,
        "periods/county.html",
        {
            "period": period, "county": county, "view": view, "columns": queries.COLUMNS,
            "days": _days(period, today), "may_report": may_report,
            "form": form or ReportForm(initial={"day": day}),
            "sees_all": len(queries.user_counties(request.user, period)) > 1,
        },
    )  # fmt: skip


@login_required
def county(request, pk: int, code: str):
    """A county's day: figures against last year and the days before, warnings, its report."""
    period = queries.access_period(request.user, pk)
    region = queries.access_county(request.user, period, code)
    return _county(request, period, region, _day(request, period))


@login_required
@require_POST
def submit(request, pk: int, code: str):
    """Send the county's report for the day: 零报告 (the button named zero) or the incidents."""
    period = queries.access_period(request.user, pk)
    region = queries.access_county(request.user, period, code)
    form = ReportForm(request.POST)
    day = queries.clamp_day(period, timesource.today())
    if form.is_valid():
        day = form.cleaned_data["day"]
        zero = "zero" in request.POST
        try:
            actions.submit_report(
                request.user, period, region, day=day, is_zero_report=zero,
                incidents="" if zero else form.cleaned_data["incidents"],
                measures=form.cleaned_data["measures"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已报送{day:%m月%d日}{'零报告' if zero else '情况报告'}")
            return redirect(
                reverse("periods:county", args=[period.pk, region.code]) + f"?day={day}"
            )
    return _county(request, period, region, queries.clamp_day(period, day), form)


@login_required
def report(request, pk: int):
    found = queries.access_report(request.user, pk)
    figures = queries.Figures.from_dict(found.figures)
    return render(
        request,
        "periods/report.html",
        {
            "report": found,
            "cells": [(n, label, getattr(figures, n)) for n, label in queries.COLUMNS],
            "state": queries.STATE_LABELS[
                queries.report_state(found.period, found.day, found, timesource.now())
            ],
        },
    )


@login_required
def summary(request, pk: int):
    """The period's summary: volumes, 越级/进京, incidents, reports on time, late, missing."""
    period = queries.access_period(request.user, pk)
    counties = queries.user_counties(request.user, period)
    found = queries.summary(period, counties, at=timesource.now())
    return render(request, "periods/summary.html", {"period": period, "summary": found})
