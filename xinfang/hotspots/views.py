"""Hot issues (热点问题): the list, one issue's petitions, and the dashboard panel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from xinfang.hotspots import clustering, queries
from xinfang.lib import params
from xinfang.regions.models import Region

PANEL_SIZE = 5


def _region(request) -> Region | None:
    """The optional region filter; it only narrows what visibility already allows."""
    pk = params.object_id(request.GET.get("region"), "地区")
    return Region.objects.filter(pk=pk).first() if pk is not None else None


@login_required
def hot_issue_list(request):
    region = _region(request)
    return render(
        request,
        "hotspots/list.html",
        {
            "issues": queries.hot_issues(request.user, region=region),
            "snapshot": queries.latest_snapshot(),
            "region": region,
            "same_place": round(clustering.SAME_PLACE * 100),
            "other_place": round(clustering.OTHER_PLACE * 100),
        },
    )


@login_required
def detail(request, pk: int):
    view = queries.access_hot_issue(request.user, pk)
    words = {m.petition_id: m for m in view.members}
    petitions = [
        (p, words[p.pk]) for p in queries.member_petitions(request.user, view) if p.pk in words
    ]
    return render(
        request,
        "hotspots/detail.html",
        {"view": view, "petitions": petitions, "snapshot": queries.latest_snapshot()},
    )


@login_required
def panel(request):
    """The leaders' dashboard panel, loaded lazily by htmx."""
    region = _region(request)
    return render(
        request,
        "hotspots/_panel_content.html",
        {
            "issues": queries.hot_issues(request.user, region=region, limit=PANEL_SIZE),
            "snapshot": queries.latest_snapshot(),
            "region": region,
        },
    )
