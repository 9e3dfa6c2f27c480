"""Reads of the hot issues, always over the petitions the user may see.

A snapshot's stored figures are city-wide. A reader gets every figure recomputed over the
members that pass `petitions.queries.visibility`, and a cluster of which fewer than two
members are visible is not shown at all: a county user learns nothing about another county.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from xinfang.hotspots import figures
from xinfang.hotspots.figures import Figures, Member
from xinfang.hotspots.models import HotIssue, HotIssueMember, Snapshot
from xinfang.insight.fingerprint import county_of
from xinfang.petitions.models import Petition
from xinfang.petitions.queries import visible_petitions
from xinfang.regions.models import Region

SNIPPET = 80


@dataclass
class HotIssueView:
    """A hot issue as one user may see it."""

    issue: HotIssue
    figures: Figures
    members: list[Member]
    phrases: list[tuple[str, int]]
    representative: Member
    title: str = ""
    snippet: str = ""
    number: str = ""

    @property
    def pk(self) -> int:
        return self.issue.pk


def latest_snapshot() -> Snapshot | None:
    return Snapshot.objects.order_by("-computed_at", "-pk").first()


def hot_issues(user, *, region: Region | None = None, limit: int | None = None):
    """The hot issues of the newest snapshot as `user` may see them, most pressing first.

    `region` narrows the members to that region's subtree (the dashboard's filter).
    """
    snapshot = latest_snapshot()
    if snapshot is None:
        return []
    return _views(user, snapshot, HotIssue.objects.filter(snapshot=snapshot), region, limit)


def access_hot_issue(user, pk: int) -> HotIssueView:
    """One hot issue of the newest snapshot, if `user` sees at least two of its members."""
    snapshot = latest_snapshot()
    if snapshot is not None:
        views = _views(user, snapshot, HotIssue.objects.filter(snapshot=snapshot, pk=pk))
        if views:
            return views[0]
    raise Http404("没有找到该热点问题（热点问题每日更新，请从列表重新进入）")


def member_petitions(user, view: HotIssueView):
    """The visible member petitions of a hot issue, newest first, for the detail page."""
    ids = [m.petition_id for m in view.members]
    return (
        visible_petitions(user)
        .filter(pk__in=ids)
        .select_related("region", "content_class")
        .order_by("-received_on", "-pk")
    )


def _views(user, snapshot, issues, region=None, limit=None) -> list[HotIssueView]:
    issues = {issue.pk: issue for issue in issues}
    memberships = HotIssueMember.objects.filter(hot_issue_id__in=list(issues))
    visible = visible_petitions(user).filter(pk__in=memberships.values("petition_id"))
    if region is not None:
        visible = visible.filter(region__path__startswith=region.path)
    facts = {
        row[0]: row
        for row in visible.values_list(
            "pk", "matter_id", "received_on", "petitioner_count", "channel", "region__code",
            "content_class__name", "content_class__parent__name",
        )
    }  # fmt: skip
    names = dict(
        Region.objects.filter(code__in={county_of(row[5]) for row in facts.values()}).values_list(
            "code", "name"
        )
    )
    grouped: dict[int, list[Member]] = {}
    rows = memberships.filter(petition_id__in=list(facts)).values_list(
        "hot_issue_id", "petition_id", "centrality", "phrases"
    )
    for issue_id, petition_id, centrality, phrases in rows:
        pk, matter_id, received_on, count, channel, code, cls, parent = facts[petition_id]
        grouped.setdefault(issue_id, []).append(
            Member(
                petition_id=pk,
                matter_id=matter_id,
                received_on=received_on,
                petitioner_count=count,
                channel=channel,
                place=names.get(county_of(code), county_of(code)),
                content_class=f"{parent} / {cls}" if parent else cls,
                centrality=centrality,
                phrases=tuple(phrases),
            )
        )
    views = []
    for issue_id, members in grouped.items():
        if len(members) < 2:
            continue
        issue = issues[issue_id]
        views.append(
            HotIssueView(
                issue=issue,
                figures=figures.figures(members, snapshot.window_end),
                members=members,
                phrases=figures.phrases(members, [p for p, _ in issue.phrases]),
                representative=figures.representative(members),
            )
        )
    views.sort(key=lambda v: (figures.order_key(v.figures), v.issue.rank))
    if limit is not None:
        views = views[:limit]
    texts = Petition.objects.filter(pk__in=[v.representative.petition_id for v in views])
    texts = {pk: (n, t, c) for pk, n, t, c in texts.values_list("pk", "number", "title", "content")}
    for view in views:
        view.number, view.title, content = texts[view.representative.petition_id]
        view.snippet = content if len(content) <= SNIPPET else content[:SNIPPET] + "…"
    return views
