"""系统管理 in the staff UI: users and roles, units' contact details, holidays and 调休.

The Django admin remains for developers and superusers; administrators do the common tasks
here, in Chinese, within their own region. Every write goes through the owning app's action.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from xinfang.accounts import actions as accounts
from xinfang.accounts.models import Role, User
from xinfang.console.forms import DayForm, UnitForm, UserForm, YearForm
from xinfang.holidays import actions as holidays
from xinfang.holidays.models import DayOverride
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid
from xinfang.regions.models import Unit

PAGE = 50


def _admin(request) -> None:
    if not accounts.may_manage_users(request.user):
        raise Http404("没有找到该页面")


def _apply(form, exc: DomainError) -> None:
    errors = exc.errors if isinstance(exc, Invalid) else {exc.field: [exc.message]}
    for field, texts in errors.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


def _users(request):
    users = User.objects.select_related("unit", "region").order_by("unit__name", "username")
    if request.user.region_id and not request.user.is_superuser:
        path = request.user.region.path
        users = users.filter(unit__region__path__startswith=path)
    return users


@login_required
def index(request):
    _admin(request)
    return render(request, "console/index.html")


@login_required
def users(request):
    _admin(request)
    rows = _users(request)
    q = request.GET.get("q", "").strip()
    if q:
        rows = rows.filter(full_name__contains=q) | rows.filter(username__icontains=q)
    role = request.GET.get("role", "")
    if role in Role.values:
        rows = rows.filter(role=role)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(
        request, "console/users.html",
        {"page": page, "q": q, "role": role, "roles": Role.choices},
    )  # fmt: skip


@login_required
def user_edit(request, pk: int | None = None):
    _admin(request)
    user = get_object_or_404(_users(request), pk=pk) if pk is not None else None
    form = UserForm(request.POST or None, actor=request.user, creating=user is None, initial=(
        {"full_name": user.full_name, "role": user.role, "unit": user.unit_id,
         "region": user.region_id, "phone": user.phone, "email": user.email,
         "may_handle_accusations": user.may_handle_accusations, "is_active": user.is_active}
        if user else {"is_active": True}
    ))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            saved, password = accounts.save_user(request.user, user, **form.cleaned_data)
        except DomainError as exc:
            _apply(form, exc)
        else:
            if password:
                return render(
                    request, "console/password.html", {"person": saved, "password": password}
                )
            messages.success(request, f"已保存用户 {saved.display_name}")
            return redirect("console:users")
    return render(request, "console/user_form.html", {"form": form, "person": user})


@login_required
@require_POST
def reset_password(request, pk: int):
    _admin(request)
    person = get_object_or_404(_users(request), pk=pk)
    try:
        password = accounts.reset_password(request.user, person)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("console:users")
    return render(request, "console/password.html", {"person": person, "password": password})


@login_required
def units(request):
    _admin(request)
    rows = Unit.objects.select_related("region").order_by("region__code", "kind", "name")
    if request.user.region_id and not request.user.is_superuser:
        rows = rows.filter(region__path__startswith=request.user.region.path)
    return render(request, "console/units.html", {"units": rows})


@login_required
def unit_edit(request, pk: int):
    _admin(request)
    unit = get_object_or_404(Unit.objects.select_related("region"), pk=pk)
    form = UnitForm(request.POST or None, initial={
        "phone": unit.phone, "address": unit.address, "hours": unit.hours,
        "duties": unit.duties, "is_active": unit.is_active,
    })  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            accounts.update_unit(request.user, unit, **form.cleaned_data)
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已保存{unit.name}的联系信息")
            return redirect("console:units")
    return render(request, "console/unit_form.html", {"form": form, "unit": unit})


@login_required
def days(request):
    """节假日与调休: the year's administrator-entered days (they win over the package's)."""
    _admin(request)
    year_form = YearForm(request.GET or None)
    year = timesource.today().year
    if year_form.is_valid() and year_form.cleaned_data["year"]:
        year = year_form.cleaned_data["year"]
    form = DayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            holidays.set_day(data["date"], data["is_workday"], data["note"])
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已设置{data['date']:%Y-%m-%d}")
            return redirect(f"{request.path}?year={data['date'].year}")
    rows = DayOverride.objects.filter(date__year=year).order_by("date")
    return render(
        request, "console/days.html", {"form": form, "rows": rows, "year": year},
    )  # fmt: skip


@login_required
@require_POST
def day_clear(request, day: str):
    _admin(request)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError as exc:
        raise Http404("没有找到该日期") from exc
    holidays.clear_day(date)
    messages.success(request, f"已删除{date:%Y-%m-%d}的安排，恢复按法定节假日表和周末计算")
    return redirect(f"/console/days/?year={date.year}")
