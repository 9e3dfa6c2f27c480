"""The user's notifications, grouped by matter and kind."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.events import actions
from xinfang.events.models import EventKind
from xinfang.events.queries import in_group, newest_of, notification_groups, notifications_for_ids

PAGE_SIZE = 30


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    groups = notification_groups(request.user, unread_only=unread_only)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = newest_of(page.object_list)
    for row in rows:
        row["label"] = EventKind(row["kind"]).label if row["kind"] in EventKind.values else ""
    return render(
        request,
        "events/notifications.html",
        {
            "page": page,
            "rows": rows,
            "unread_only": unread_only,
            "digest_hour": settings.XINFANG_DIGEST_HOUR,
        },  # fmt: skip
    )


@login_required
@require_POST
def read_all(request):
    actions.mark_read(request.user)
    return redirect("events:notifications")


@login_required
@require_POST
def digest(request):
    on = request.POST.get("daily_digest") == "on"
    actions.set_daily_digest(request.user, on)
    messages.success(request, "已改为每天汇总发送短信和邮件" if on else "已改为即时发送短信和邮件")
    return redirect("events:notifications")


@login_required
def open_notification(request, pk: int):
    """Open a notification's case, marking its whole group (matter and kind) read."""
    found = notifications_for_ids([pk]).get(pk)
    if found is None or found.recipient_id != request.user.pk:
        raise Http404("没有找到该通知")
    event = found.event
    group = in_group(request.user, event.matter_id, event.kind)
    actions.mark_read(request.user, list(group.values_list("pk", flat=True)))
    if event.petition_id:
        return redirect("petitions:detail", number=event.petition.number)
    if event.matter_id:
        return redirect("petitions:matter", number=event.matter.number)
    return redirect("events:notifications")
