"""Pages of leader receptions: the schedule list, a reception's page (publish, record,
register from it, take cases on, bookings), the 坐班 rotas and the days-at-the-grassroots
progress. Each view fetches through one access function and writes through one action."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.casework.models import Leader
from xinfang.casework.queries import leader_of
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.receptions import actions, queries
from xinfang.receptions.forms import RecordForm, RotaForm, ScheduleForm, TakeOnForm, YearForm
from xinfang.receptions.models import Status
from xinfang.regions.models import Level, Region, Unit

PAST_DAYS = 60


def _regions(user):
    qs = Region.objects.filter(level__in=[Level.CITY, Level.COUNTY, Level.TOWNSHIP])
    if user.region_id:
        qs = qs.filter(path__startswith=user.region.path)
    return qs.order_by("code")


def _units():
    return (
        Unit.objects.filter(is_active=True)
        .select_related("region")
        .order_by("region__code", "kind", "name")
    )


@login_required
def reception_list(request):
    """领导接访: the receptions in reach from two months back, nearest first."""
    today = timesource.today()
    rows = queries.receptions_list(request.user, first=today - dt.timedelta(days=PAST_DAYS))
    context = {
        "upcoming": [r for r in rows if r.date >= today],
        "past": sorted((r for r in rows if r.date < today), key=lambda r: r.date, reverse=True),
        "today": today,
        "may_schedule": queries.arrangeable_leaders(request.user).exists(),
    }
    return render(request, "receptions/list.html", context)


@login_required
def schedule(request):
    leaders = queries.arrangeable_leaders(request.user)
    if not leaders.exists():
        raise Http404("没有找到该页面")
    form = ScheduleForm(
        request.POST or None, leaders=leaders, regions=_regions(request.user),
        initial={"leader": leaders.first().pk if leaders.count() == 1 else None},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reception = actions.schedule_reception(
                request.user, leader=data["leader"], form=data["form"], date=data["date"],
                starts_at=data["starts_at"], ends_at=data["ends_at"], place=data["place"],
                link=data["link"], topics=data["topics"], region=data["region"],
                slots=data["slots"] or 0,
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已安排接访，公布后将在网上信访的接访安排中显示")
            return redirect(reception)
    return render(request, "receptions/schedule.html", {"form": form})


def _detail_context(request, reception, **forms) -> dict:
    user = request.user
    today = timesource.today()
    arranger = queries.may_arrange(user, reception.leader)
    me = leader_of(user)
    links = list(queries.linked_petitions(user, reception))
    batches, people = queries.linked_counts(reception)
    context = {
        "reception": reception,
        "today": today,
        "may_arrange": arranger,
        "may_publish": arranger
        and reception.status == Status.DRAFT
        and reception.date >= today + dt.timedelta(days=actions.PUBLISH_DAYS_AHEAD),
        "too_late_to_publish": reception.status == Status.DRAFT
        and reception.date < today + dt.timedelta(days=actions.PUBLISH_DAYS_AHEAD),
        "may_cancel": arranger and reception.status in (Status.DRAFT, Status.PUBLISHED),
        "may_record": arranger and reception.status != Status.CANCELLED and reception.date <= today,
        "may_register": user.may_register
        and reception.status != Status.CANCELLED
        and reception.date <= today,
        "links": links,
        "linked_batches": batches,
        "linked_people": people,
        "cases": reception.case_links.select_related("ownership__matter", "ownership__unit").filter(
            ownership__matter__in=[link.petition.matter_id for link in links]
        ),
        # Whoever reaches the page is staff over the reception's region (access_reception).
        "bookings": list(queries.bookings_of(reception)),
        "is_leader": me is not None and me.pk == reception.leader_id,
        "error": forms.get("error", ""),
    }
    context["record_form"] = forms.get("record_form") or RecordForm(initial={
        "batches": reception.batches or batches, "people": reception.people or people,
        "instructions": reception.instructions,
    })  # fmt: skip
    if context["is_leader"]:
        context["take_on_form"] = forms.get("take_on_form") or TakeOnForm(units=_units())
    return context


def _detail(request, reception, status=200, **forms):
    return render(
        request, "receptions/detail.html", _detail_context(request, reception, **forms),
        status=status,
    )  # fmt: skip


@login_required
def detail(request, pk: int):
    return _detail(request, queries.access_reception(request.user, pk))


@login_required
@require_POST
def publish(request, pk: int):
    reception = queries.access_reception(request.user, pk)
    try:
        actions.publish_reception(request.user, reception)
    except DomainError as exc:
        return _detail(request, reception, status=400, error=exc.message)
    messages.success(request, "已在网上信访公布该接访安排")
    return redirect(reception)


@login_required
@require_POST
def cancel(request, pk: int):
    reception = queries.access_reception(request.user, pk)
    try:
        actions.cancel_reception(request.user, reception)
    except DomainError as exc:
        return _detail(request, reception, status=400, error=exc.message)
    messages.success(request, "已取消该接访安排")
    return redirect(reception)


@login_required
@require_POST
def record(request, pk: int):
    reception = queries.access_reception(request.user, pk)
    form = RecordForm(request.POST)
    if form.is_valid():
        try:
            actions.record_session(request.user, reception, **form.cleaned_data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已保存接访记录")
            return redirect(reception)
    return _detail(request, reception, status=400, record_form=form)


@login_required
@require_POST
def take_on(request, pk: int):
    reception = queries.access_reception(request.user, pk)
    form = TakeOnForm(request.POST, units=_units())
    if form.is_valid():
        link = (
            queries.linked_petitions(request.user, reception)
            .filter(petition__number=form.cleaned_data["petition"])
            .first()
        )
        if link is None:
            raise Http404("没有找到该信访件")
        try:
            actions.take_on(
                request.user, reception, link.petition, unit=form.cleaned_data["unit"],
                target_workdays=form.cleaned_data["target_workdays"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已包案：{link.petition.matter.number}")
            return redirect(reception)
    return _detail(request, reception, status=400, take_on_form=form)


# 坐班排班.


@login_required
def rotas(request):
    rows = queries.visible_rotas(request.user).select_related("region")[:50]
    may_plan = (
        queries.arrangeable_leaders(request.user).exists() and leader_of(request.user) is None
    )
    return render(request, "receptions/rotas.html", {"rotas": rows, "may_plan": may_plan})


@login_required
def rota_new(request):
    leaders = queries.arrangeable_leaders(request.user)
    if leader_of(request.user) is not None or not leaders.exists():
        raise Http404("没有找到该页面")
    form = RotaForm(request.POST or None, leaders=leaders, regions=_regions(request.user))
    if request.method == "POST" and form.is_valid():
        unavailable = form.unavailable()
        if form.is_valid():
            data = form.cleaned_data
            try:
                rota = actions.generate_rota(
                    request.user, region=data["region"], leaders=list(data["leaders"]),
                    starts_on=data["starts_on"], ends_on=data["ends_on"], place=data["place"],
                    starts_at=data["starts_at"], ends_at=data["ends_at"], unavailable=unavailable,
                )  # fmt: skip
            except DomainError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, "已生成坐班排班（各场接访待公布）")
                return redirect(rota)
    return render(request, "receptions/rota_form.html", {"form": form})


@login_required
def rota(request, pk: int):
    """The printable rota: one row per working day, and each leader's share."""
    found = queries.access_rota(request.user, pk)
    rows = list(queries.rota_rows(found))
    shares: dict[str, int] = {}
    for row in rows:
        shares[row.leader.name] = shares.get(row.leader.name, 0) + 1
    names = {
        str(pk): name
        for pk, name in Leader.objects.filter(
            pk__in=[int(k) for k in found.unavailable if k.isdigit()]
        ).values_list("pk", "name")
    }
    away = [(names.get(pk, ""), days) for pk, days in found.unavailable.items() if days]
    today = timesource.today()
    return render(
        request, "receptions/rota.html",
        {"rota": found, "rows": rows, "shares": sorted(shares.items()), "away": away,
         "may_publish": any(
             row.status == Status.DRAFT and (row.date - today).days >= actions.PUBLISH_DAYS_AHEAD
             and queries.may_arrange(request.user, row.leader)
             for row in rows
         )},
    )  # fmt: skip


@login_required
@require_POST
def rota_publish(request, pk: int):
    found = queries.access_rota(request.user, pk)
    try:
        count = actions.publish_rota(request.user, found)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已在网上信访公布{count}场坐班接访（不足2天的不再公布）")
    return redirect(found)


@login_required
def grassroots(request):
    """到基层天数: distinct days of held 下访 and 处访 per leader against the yearly target."""
    form = YearForm(request.GET or None)
    year = timesource.today().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    rows = queries.grassroots_progress(request.user, year)
    return render(
        request, "receptions/grassroots.html",
        {"form": form, "year": year, "rows": rows, "targets": [(label, queries.grassroots_target(level)) for level, label in queries.TARGET_LABELS.items()]},
    )  # fmt: skip
