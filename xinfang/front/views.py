"""Home page (工作台), the health check, error pages and saved searches (常用查询)."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xinfang.casework import views as casework
from xinfang.casework.queries import leader_of
from xinfang.front import actions
from xinfang.lib import timesource
from xinfang.lib.errors import Invalid
from xinfang.petitions.models import OPEN_STATUSES, Matter, Urgency
from xinfang.petitions.queries import list_rows, visible_petitions, with_shown_facts
from xinfang.workflow.queries import inbox, open_notices


@login_required
def home(request):
    if leader_of(request.user) is not None:
        # A leader lands on their own workbench (领导工作台), not the registrar's.
        return casework.workbench(request)
    today = timesource.today()
    visible = visible_petitions(request.user)
    month_start = today.replace(day=1)
    context = {
        "today": today,
        "this_month": visible.filter(received_on__gte=month_start).count(),
        "last_7_days": visible.filter(received_on__gt=today - dt.timedelta(days=7)).count(),
        "urgent": list_rows(visible.filter(is_urgent=True))[:8],
        "recent": list_rows(visible)[:10],
        # What needs doing first: the most pressing deadlines the user can see.
        "pressing": with_shown_facts(
            request.user,
            Matter.objects.filter(
                pk__in=visible.values("matter_id"),
                status__in=OPEN_STATUSES,
                urgency__gt=Urgency.NONE,
            ),
        )
        .select_related("region")
        .order_by("-urgency", "next_due_on")[:10],
        "inbox_count": inbox(request.user).count(),
        "notices": open_notices(request.user),
    }
    return render(request, "front/home.html", context)


def healthz(request):
    """Liveness and database state, for load balancers and operators: ok only while the
    database accepts writes (a read-only or full database is not healthy)."""
    try:
        actions.beat()
        database = {"ok": True, "vendor": connection.vendor, "writable": True}
    except DatabaseError as exc:
        database = {
            "ok": False, "vendor": connection.vendor, "writable": False,
            "error": exc.__class__.__name__,
        }  # fmt: skip
    status = 200 if database["ok"] else 503
    return JsonResponse(
        {"status": "ok" if database["ok"] else "error", "database": database}, status=status
    )


def bad_request(request, exception=None):
    """The 400 page, with the message our parameter checks give (xinfang.lib.params)."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        message = f"提交的内容过大（文字部分上限{limit}MB），请删减后重新提交"
    else:
        message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"message": message}, status=400)


def _chinese(exception) -> str:
    """An exception's message when it is one of ours (Chinese), else nothing: Django's own
    404 carries the URL patterns tried, which a user has no use for."""
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    return text if re.search(r"[\u4e00-\u9fff]", text) and len(text) < 200 else ""


def page_not_found(request, exception=None):
    return render(request, "404.html", {
        "heading": "没有找到该页面",
        "message": _chinese(exception) or "您要找的页面不存在，或您无权查看。",
        "advice": "请检查地址是否正确，或从左侧菜单进入；信访件不在您的管辖范围内时也会显示此页。",
    }, status=404)  # fmt: skip


def permission_denied(request, exception=None):
    return render(request, "403.html", {
        "heading": "无权访问",
        "message": _chinese(exception) or "您的账号没有打开此页面的权限。",
        "advice": "如需此权限，请联系本单位系统管理员调整您的角色。",
    }, status=403)  # fmt: skip


def csrf_failure(request, reason=""):
    """The CSRF refusal in Chinese; it says what to do, never how the check works."""
    return render(request, "403_csrf.html", {
        "heading": "页面已过期",
        "message": "安全校验未通过：页面打开太久，或已在其他窗口退出登录后重新登录。",
        "advice": "请刷新页面（必要时重新登录）后再提交一次；已填写的内容请先复制保存。",
    }, status=403)  # fmt: skip


@login_required
@require_POST
def save_search(request):
    """常用查询: save the case list's current filter under a name, back to the list."""
    query = request.POST.get("query", "")
    try:
        saved = actions.save_search(request.user, name=request.POST.get("name", ""), query=query)
    except Invalid as exc:
        for texts in exc.errors.values():
            for text in texts:
                messages.error(request, text)
        return redirect(f"{reverse('petitions:list')}?{query}" if query else "petitions:list")
    messages.success(request, f"已保存常用查询“{saved.name}”")
    return redirect(f"{reverse('petitions:list')}?{saved.query}")


@login_required
@require_POST
def delete_search(request, pk: int):
    if not actions.delete_search(request.user, pk):
        raise Http404("没有找到该常用查询")
    messages.success(request, "已删除常用查询")
    return redirect("petitions:list")
