"""Hot issues (热点问题): do the clusters make sense on real messages, and what a refresh costs.

Usage: python -m bench.hotspots [--petitions 15000]   (bench.run sets DATABASE_URL)

1. Quality, on plain records through the same clustering function: the TipDM messages with
   votes (messages-votes.csv, 30 messages) mixed with the 2,801 unlabeled ones. The place of
   a message is the district it names (A5区 …), else the city. Two issues in the votes file
   were checked by hand: 11 messages about the restaurants under 魅力之城小区 and 4 about
   A市经济学院 forcing students into internships. Printed: the largest clusters (size, shared
   phrases, representative title), where the hand-checked messages landed, how many of the
   most voted messages (≥ 3 点赞) sit in a cluster of three or more, and the same figures for
   neighbouring thresholds.
2. Speed: a database of N petitions received within 30 days (the real messages, then collages
   of their clauses so that no two are the same), spread over 怀化's counties; times
   `refresh_hot_issues` (read, cluster, write the snapshot).

Nothing from ../shared is copied into the repository; without it the bench says so and stops.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import re
import time
import zlib
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.seed import CHANNELS, ensure_reference  # noqa: E402
from xinfang.hotspots import clustering  # noqa: E402
from xinfang.hotspots.actions import refresh_hot_issues  # noqa: E402
from xinfang.hotspots.models import HotIssue, Snapshot  # noqa: E402
from xinfang.lib import timesource  # noqa: E402
from xinfang.petitions.models import Channel, Matter, Petition  # noqa: E402
from xinfang.regions.models import Level  # noqa: E402

DISTRICT = re.compile(r"([A-Z]\d+)[区县市]")
CLAUSE = re.compile(r"[，。！？；\s]+")
PREFIX = "HB-"
HAND_CHECKED = {
    "魅力之城小区的餐馆油烟噪音": lambda text: "魅力之城" in text,
    "A市经济学院强制实习": lambda text: "经济学院" in text and ("实习" in text or "打工" in text),
}
VOTED = 3


def shared_dir() -> Path:
    base = Path(os.environ.get("XINFANG_SHARED_DIR", settings.BASE_DIR.parent / "shared"))
    return base / "data" / "tipdm2020"


def read(name: str) -> list[dict[str, str]]:
    with open(shared_dir() / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def place_of(row: dict[str, str]) -> str:
    found = DISTRICT.search(row["留言主题"]) or DISTRICT.search(row["留言详情"])
    return found.group(1) if found else "city"


# 1. Quality -------------------------------------------------------------------------------


def quality() -> None:
    votes, unlabeled = read("messages-votes.csv"), read("messages-unlabeled.csv")
    rows = votes + unlabeled
    records = [
        clustering.Record(key=i, title=r["留言主题"], content=r["留言详情"], place=place_of(r))
        for i, r in enumerate(rows)
    ]
    started = time.perf_counter()
    found = clustering.cluster(records, keep=lambda keys: len(keys) >= 3)
    seconds = time.perf_counter() - started
    in_clusters = sum(len(c.keys) for c in found)
    print(
        f"[quality] {len(rows)} messages ({len(votes)} with votes + {len(unlabeled)} unlabeled, "
        f"2010–2020, many cities): {len(found)} clusters of ≥ 3 holding {in_clusters} messages, "
        f"largest {len(found[0].keys) if found else 0}, in {seconds:.1f} s",
        flush=True,
    )
    for c in found[:12]:
        phrases = " ".join(f"{p}({n})" for p, n in c.phrases[:4])
        title = rows[c.representative]["留言主题"]
        print(f"  {len(c.keys):3d}  {phrases[:60]:<60}  | {title[:30]}")
    for line in verdicts(rows, votes, found):
        print(f"[quality] {line}")
    print("[quality] thresholds (same place / other place): clusters ≥ 3, largest, hand-checked")
    for same, other in ((0.15, 0.3), (0.2, 0.35), (0.25, 0.4)):
        swept = clustering.cluster(
            records, keep=lambda keys: len(keys) >= 3, same_place=same, other_place=other
        )
        checked = "; ".join(verdicts(rows, votes, swept)[:2])
        mark = (
            "  ← used" if (same, other) == (clustering.SAME_PLACE, clustering.OTHER_PLACE) else ""
        )
        largest = max((len(c.keys) for c in swept), default=0)
        print(
            f"  {same:.2f}/{other:.2f}: {len(swept)} clusters, largest {largest}; {checked}{mark}"
        )


def verdicts(rows, votes, found) -> list[str]:
    cluster_of = {key: c for c in found for key in c.keys}
    lines = []
    for label, belongs in HAND_CHECKED.items():
        wanted = [i for i, r in enumerate(rows) if belongs(r["留言主题"] + r["留言详情"])]
        sizes: dict[int, int] = {}
        for i in wanted:
            if i in cluster_of:
                sizes[id(cluster_of[i])] = sizes.get(id(cluster_of[i]), 0) + 1
        best = max(sizes, key=sizes.get, default=None)
        together = sizes.get(best, 0)
        size = next((len(c.keys) for c in found if id(c) == best), 0)
        lines.append(f"{label}: {together}/{len(wanted)} in one cluster of {size}")
    voted = [i for i, r in enumerate(votes) if int(r["点赞数"] or 0) >= VOTED]
    placed = [i for i in voted if i in cluster_of]
    alone = [votes[i]["留言主题"][:20] for i in voted if i not in cluster_of]
    lines.append(
        f"messages with ≥ {VOTED} votes in a cluster of ≥ 3: {len(placed)}/{len(voted)}"
        + (f" (not: {'; '.join(alone)})" if alone else "")
    )
    return lines


# 2. Speed ---------------------------------------------------------------------------------


def texts(total: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(title, content, place) for `total` petitions: the real messages, then collages."""
    rows = read("messages-votes.csv") + read("messages-unlabeled.csv")
    labeled = shared_dir() / "messages-labeled.csv"
    if labeled.exists():
        rows += read("messages-labeled.csv")
    found = [(r["留言主题"][:120], r["留言详情"], place_of(r)) for r in rows][:total]
    # Clauses are dealt from a shuffled deck, so a collage shares a clause with few others;
    # its title is its first clause (titles weigh most, so shared titles would make clusters).
    clauses = [c for r in rows for c in CLAUSE.split(r["留言详情"]) if len(c) >= 6]
    deck: list[str] = []
    while len(found) < total:
        if len(deck) < 14:
            deck = clauses[:]
            rng.shuffle(deck)
        content = [deck.pop() for _ in range(rng.randint(6, 14))]
        found.append((content[0][:30], "，".join(content[1:]) + "。", "collage"))
    return found


def seed(total: int) -> int:
    """Fill the window with `total` bench petitions (once; reused while the size matches)."""
    have = Petition.objects.filter(number__startswith=PREFIX).count()
    if have == total:
        return 0
    Snapshot.objects.all().delete()
    Petition.objects.filter(number__startswith=PREFIX).delete()
    Matter.objects.filter(number__startswith=PREFIX).delete()
    rng = random.Random(11)
    user, counties, classes = ensure_reference()
    counties = sorted(counties, key=lambda r: r.code)
    today, now = timesource.today(), timesource.now()
    channels, weights = zip(*CHANNELS, strict=True)
    everything = texts(total, rng)
    for start in range(0, total, 5000):
        batch = everything[start : start + 5000]
        with transaction.atomic():
            matters, petitions = [], []
            for i, (title, _, place) in enumerate(batch):
                n = start + i + 1
                # A district named in the text keeps its county; others land anywhere.
                if place in ("city", "collage"):
                    region = rng.choice(counties)
                else:
                    region = counties[zlib.crc32(place.encode()) % len(counties)]
                received = today - dt.timedelta(days=rng.randint(0, 29))
                matters.append(Matter(
                    number=f"{PREFIX}{n:07d}", title=title, region=region,
                    content_class=rng.choice(classes), registering_unit=user.unit,
                    opened_on=received, last_received_on=received, created_at=now,
                ))  # fmt: skip
            Matter.objects.bulk_create(matters, batch_size=1000)
            for i, ((title, content, _), matter) in enumerate(zip(batch, matters, strict=True)):
                channel = rng.choices(channels, weights)[0]
                count = rng.randint(5, 40) if channel == Channel.COLLECTIVE_VISIT else 1
                petitions.append(Petition(
                    number=f"{PREFIX}{start + i + 1:07d}", query_code_hash="-", matter=matter,
                    channel=channel, received_on=matter.opened_on, registering_unit=user.unit,
                    level=Level.COUNTY, petitioner_count=count, people_concerned=count,
                    region=matter.region, title=title, content=content, purpose="request",
                    content_class=matter.content_class, registered_by=user, registered_at=now,
                ))  # fmt: skip
            Petition.objects.bulk_create(petitions, batch_size=1000)
    return total


def speed(total: int) -> None:
    vendor = connection.vendor
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    added = seed(total)
    if added:
        print(
            f"[{vendor}] seeded {added} petitions in 30 days in {time.perf_counter() - started:.0f} s"
        )
    chars = sum(
        len(t) + min(len(c), clustering.CONTENT_CHARS * 2)
        for t, c in Petition.objects.values_list("title", "content").iterator()
    )
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        snapshot = refresh_hot_issues()
        runs.append(time.perf_counter() - started)
    issues = HotIssue.objects.filter(snapshot=snapshot)
    flagged = issues.exclude(is_fast_growing=False, is_collective=False, is_multi_place=False)
    sizes = sorted(issues.values_list("batches", flat=True), reverse=True)
    print(
        f"[{vendor}] refresh over {snapshot.petitions_scanned} petitions in 30 days "
        f"({chars / 1e6:.1f} M characters read): {min(runs):.1f} s best of 3 "
        f"(runs {', '.join(f'{r:.1f}' for r in runs)}); {issues.count()} hot issues "
        f"({flagged.count()} flagged), largest {sizes[:3]}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=15_000)
    args = parser.parse_args()
    if not (shared_dir() / "messages-votes.csv").exists():
        print(f"hotspots bench skipped: {shared_dir()} not found (set XINFANG_SHARED_DIR)")
        return
    from bench.run import machine

    print(f"[hotspots] machine: {machine()}")
    quality()
    speed(args.petitions)


if __name__ == "__main__":
    main()
