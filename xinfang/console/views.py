"""系统管理 in the staff UI: users and roles, units' contact details, holidays and 调休, the
content class tree (内容分类) and the class suggestions' model versions (分类模型).

The Django admin remains for developers and superusers; administrators do the common tasks
here, in Chinese, within their own region. Every write goes through the owning app's action.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xinfang.accounts import actions as accounts
from xinfang.accounts.models import Role, User
from xinfang.assessment import queries as assessment
from xinfang.classes import actions as classes
from xinfang.classes import queries as class_queries
from xinfang.classes.models import ContentClass
from xinfang.console.forms import (
    ClassForm,
    ClassSearchForm,
    DayForm,
    RetireForm,
    UnitForm,
    UserForm,
    YearForm,
)
from xinfang.holidays import actions as holidays
from xinfang.holidays.models import DayOverride
from xinfang.insight import actions as insight
from xinfang.insight import classifier, classifier_versions
from xinfang.lib import params, timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.petitions.models import Petition
from xinfang.regions.models import Unit

PAGE = 50


def _admin(request) -> None:
    if not accounts.may_manage_users(request.user):
        raise Http404("没有找到该页面")


def _class_admin(request) -> None:
    if not accounts.may_manage_shared_lists(request.user):
        raise Http404("没有找到该页面")


def _users(request):
    users = User.objects.select_related("unit", "region").order_by("unit__name", "username")
    if request.user.region_id and not request.user.is_superuser:
        path = request.user.region.path
        users = users.filter(unit__region__path__startswith=path)
    return users


@login_required
def index(request):
    _admin(request)
    return render(request, "console/index.html", {
        "may_manage_targets": assessment.may_manage(request.user),
        "may_manage_classes": accounts.may_manage_shared_lists(request.user),
    })  # fmt: skip


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
            show_on_form(form, exc)
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
            show_on_form(form, exc)
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
            show_on_form(form, exc)
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


@login_required
def content_classes(request):
    """内容分类: the tree, searched by name or code, retired classes marked (or hidden)."""
    _class_admin(request)
    form = ClassSearchForm(request.GET or None)
    search, hide = "", False
    if form.is_valid():
        search, hide = form.cleaned_data["q"], form.cleaned_data["hide_retired"]
    rows = class_queries.tree(timesource.today(), search=search, hide_retired=hide)
    return render(
        request, "console/classes.html",
        {"form": form, "rows": rows, "search": search, "max_level": class_queries.MAX_LEVEL},
    )  # fmt: skip


@login_required
def class_new(request):
    """A new class under the one `?parent=` names (none: a new 一级分类)."""
    _class_admin(request)
    parent_id = params.object_id(request.GET.get("parent"), "上级分类")
    parent = get_object_or_404(ContentClass, pk=parent_id) if parent_id else None
    form = ClassForm(request.POST or None, adding=True, initial={
        "code": class_queries.next_child_code(parent), "sort": class_queries.next_sort(parent),
    })  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            node = classes.add_class(parent=parent, **form.cleaned_data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已新增分类 {node.code} {node.path_name}")
            return redirect(f"{reverse('console:classes')}?q={node.code}")
    return render(request, "console/class_form.html", {"form": form, "parent": parent})


def _class_page(request, node: ContentClass, form=None, retire_form=None):
    today = timesource.today()
    return render(request, "console/class_form.html", {
        "node": node, "retired": class_queries.is_retired(node, today), "today": today,
        "form": form or ClassForm(adding=False, initial={
            "name": node.name, "keywords": node.keywords, "sort": node.sort,
        }),
        "retire_form": retire_form or RetireForm(initial={
            "last_day": max(today - dt.timedelta(days=1), node.valid_from or dt.date.min),
        }),
        "petitions": Petition.objects.filter(content_class=node).count(),
        "users": class_queries.users_of(node),
        "children": node.children.order_by("sort", "code"),
    })  # fmt: skip


@login_required
def class_edit(request, pk: int):
    _class_admin(request)
    node = get_object_or_404(ContentClass.objects.select_related("parent"), pk=pk)
    form = ClassForm(request.POST or None, adding=False)
    if request.method == "POST" and form.is_valid():
        try:
            classes.update_class(node, **form.cleaned_data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已保存分类 {node.code} {form.cleaned_data['name']}")
            return redirect("console:class_edit", pk=node.pk)
    return _class_page(request, node, form=form if request.method == "POST" else None)


@login_required
@require_POST
def class_retire(request, pk: int):
    _class_admin(request)
    node = get_object_or_404(ContentClass.objects.select_related("parent"), pk=pk)
    form = RetireForm(request.POST)
    if form.is_valid():
        try:
            classes.retire_class(node, form.cleaned_data["last_day"])
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            last_day = form.cleaned_data["last_day"]
            messages.success(request, f"已停用分类“{node.name}”，最后有效日{last_day:%Y-%m-%d}")
            return redirect("console:class_edit", pk=node.pk)
    return _class_page(request, node, retire_form=form)


@login_required
@require_POST
def class_restore(request, pk: int):
    _class_admin(request)
    node = get_object_or_404(ContentClass.objects.select_related("parent"), pk=pk)
    try:
        classes.restore_class(node)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已重新启用分类“{node.name}”")
    return redirect("console:class_edit", pk=node.pk)


@login_required
@require_POST
def class_delete(request, pk: int):
    _class_admin(request)
    node = get_object_or_404(ContentClass, pk=pk)
    try:
        classes.delete_class(node)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("console:class_edit", pk=node.pk)
    messages.success(request, f"已删除分类 {node.code} {node.name}")
    return redirect("console:classes")


@login_required
def model_versions(request):
    """分类模型: the class suggestions' model versions, newest first, with their held-out
    figures before and after, which is current, and 回退 to an earlier one."""
    _class_admin(request)
    found = classifier_versions.versions(Path(settings.VAR_DIR))
    current = next((v.name for v in found if v.is_current), None)
    return render(request, "console/models.html", {
        "versions": list(reversed(found)), "current": current,
        "floor": settings.XINFANG_CLASS_SUGGESTION_FLOOR,
        "holdout_percent": classifier.HOLDOUT_PERCENT,
    })  # fmt: skip


@login_required
@require_POST
def model_rollback(request):
    _class_admin(request)
    name = request.POST.get("version", "").strip()
    try:
        was, now = insight.roll_back_classifier(request.user, Path(settings.VAR_DIR), to=name)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"已改用分类模型 {now}（原为 {was or '种子模型'}），各服务进程半分钟内生效"
        )
    return redirect("console:models")
