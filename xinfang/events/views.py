"""The user's notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.events import actions
from xinfang.events.queries import notifications_for


@login_required
def notification_list(request):
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "events/notifications.html", {"page": page})


@login_required
@require_POST
def read_all(request):
    actions.mark_read(request.user)
    return redirect("events:notifications")
