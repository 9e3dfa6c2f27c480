"""Every write of the hotspots app: computing the hot-issue snapshot and replacing the old one."""

from __future__ import annotations

import datetime as dt
from time import perf_counter

from django.db import transaction

from xinfang.hotspots import clustering, figures
from xinfang.hotspots.models import HotIssue, HotIssueMember, Snapshot
from xinfang.insight import normalise
from xinfang.insight.fingerprint import county_of
from xinfang.lib import locks, timesource
from xinfang.petitions.models import Petition
from xinfang.regions.models import Region

WINDOW_DAYS = 30
_SUFFIXES = ("自治县", "街道", "省", "市", "区", "县", "镇", "乡")
COLUMNS = (
    "pk", "title", "content", "region__code", "region__path", "matter_id", "received_on",
    "petitioner_count", "channel", "content_class__name", "content_class__parent__name",
)  # fmt: skip


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The received dates a snapshot covers: the last 30 days, today included."""
    return today - dt.timedelta(days=WINDOW_DAYS - 1), today


def refresh_hot_issues(today: dt.date | None = None, at: dt.datetime | None = None) -> Snapshot:
    """Cluster the window's petitions and replace the snapshot, in one transaction; `at` is
    the moment it is computed at (by default now).

    检举控告 petitions are left out: they are confidential (第30条), never grouped with
    others on a page that many people read.
    """
    started = perf_counter()
    at = at or timesource.now()
    today = today or timesource.today()
    start, end = window(today)
    rows = list(
        Petition.objects.filter(
            received_on__range=(start, end), is_accusation=False, voided_at=None
        )
        .order_by("pk")
        .values_list(*COLUMNS)
    )
    records, members = _records(rows)
    clusters = clustering.cluster(
        records, keep=lambda keys: figures.is_hot([members[k] for k in keys])
    )
    issues = [(figures.figures([members[k] for k in c.keys], today), c) for c in clusters]
    issues.sort(key=lambda item: figures.order_key(item[0]))
    titles = {row[0]: row[1] for row in rows}
    with transaction.atomic():
        # Two refreshes at once would each delete every snapshot but their own before the
        # other committed, leaving both: the second waits here for the first to commit.
        locks.hold_until_commit("hotspots.snapshot")
        snapshot = Snapshot.objects.create(
            computed_on=today,
            computed_at=at,
            window_start=start,
            window_end=end,
            petitions_scanned=len(rows),
            seconds=0,
        )
        created = HotIssue.objects.bulk_create(
            [_issue(snapshot, rank, f, c, titles) for rank, (f, c) in enumerate(issues, 1)]
        )
        HotIssueMember.objects.bulk_create(
            [
                HotIssueMember(
                    hot_issue=issue,
                    petition_id=key,
                    centrality=found.centrality[key],
                    phrases=found.words[key],
                )
                for issue, (_, found) in zip(created, issues, strict=True)
                for key in found.keys
            ],
            batch_size=2000,
        )
        # Every other snapshot goes (the lock makes the last to commit see the others).
        Snapshot.objects.exclude(pk=snapshot.pk).delete()
        snapshot.seconds = round(perf_counter() - started, 3)
        Snapshot.objects.filter(pk=snapshot.pk).update(seconds=snapshot.seconds)
    return snapshot


def ensure_hot_issues(
    today: dt.date | None = None, at: dt.datetime | None = None
) -> Snapshot | None:
    """Refresh unless today's snapshot exists (one indexed query): the `day_started` hook of
    the daily tick, which passes its day and moment."""
    today = today or timesource.today()
    if Snapshot.objects.filter(computed_on=today).exists():
        return None
    return refresh_hot_issues(today, at)


def _issue(snapshot, rank: int, f: figures.Figures, found, titles: dict[int, str]) -> HotIssue:
    representative = found.representative
    return HotIssue(
        snapshot=snapshot,
        rank=rank,
        label=titles[representative][:120],
        representative_id=representative,
        phrases=[list(p) for p in found.phrases],
        batches=f.batches,
        persons=f.persons,
        matters=f.matters,
        recent=f.recent,
        previous=f.previous,
        trend=f.trend,
        is_fast_growing=f.is_fast_growing,
        is_collective=f.is_collective,
        is_multi_place=f.is_multi_place,
        places=[list(p) for p in f.places],
        classes=[list(c) for c in f.classes],
    )


def _records(rows) -> tuple[list[clustering.Record], dict[int, figures.Member]]:
    """What clustering needs of each petition, and what the figures need."""
    names = _place_names({code for row in rows for code in row[4].strip("/").split("/")})
    records, members, strip = [], {}, {}
    for pk, title, content, code, path, matter_id, received_on, count, channel, cls, parent in rows:
        county = county_of(code)
        if path not in strip:
            strip[path] = _strippable([names.get(c, "") for c in path.strip("/").split("/")])
        records.append(
            clustering.Record(
                key=pk, title=title, content=content, place=county, group=matter_id,
                strip=strip[path],
            )
        )  # fmt: skip
        members[pk] = figures.Member(
            petition_id=pk,
            matter_id=matter_id,
            received_on=received_on,
            petitioner_count=count,
            channel=channel,
            place=names.get(county, county),
            content_class=f"{parent} / {cls}" if parent else cls,
        )
    return records, members


def _place_names(codes: set[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def _strippable(names: list[str]) -> tuple[str, ...]:
    """Place names and their short forms (鹤城区 → 鹤城), longest first.

    The place is compared through the county code; left in the text, a county's name would
    make every petition of that county look alike.
    """
    found = set()
    for name in map(normalise.text, names):
        if not name:
            continue
        found.add(name)
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                found.add(name[: -len(suffix)])
                break
    return tuple(sorted(found, key=len, reverse=True))
