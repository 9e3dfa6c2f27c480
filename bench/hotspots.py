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
2. Agreement with the votes file, on the same 2,831 messages as petitions of one 30-day
   window (the real order kept: the k-th oldest message of n falls on day 30·k/n), each
   message one petition of one person, online, in the district it names. The project's
   clustering and ranking (`figures.is_hot`, `figures.order_key`) make the hot issues; then:
   - votes: Spearman's ρ between a voted message's 点赞数 and the size (批次) of the hot
     issue it is in (0 when in none), over the 30; precision@k, the share of the k top-ranked
     hot issues that hold a message with at least one vote; recall@k, the share of the
     messages with ≥ 3 votes inside the top k. The 2,801 other messages have no votes, so an
     issue made of them is not "unsupported": precision@k is a lower bound.
   - grouping: the 30 messages were grouped by hand by issue (from their texts, in the
     README): the 10 about the shops and restaurants under 魅力之城小区 (noise, 油烟), the 5
     about A市经济学院 making students work (实习, 打工, a factory over the New Year), the 15
     others each alone (two ask for a metro station, but at different places; four are
     about insurance or medical costs, each a different claim). Over the 435 pairs: pairwise precision,
     recall and F1 of "in one hot issue" against "in one hand group", and the adjusted Rand
     index (messages in no hot issue count as alone).
   30 messages are few: one message moving changes recall@k by a seventh, and the hand
   grouping has two groups, so these figures show gross failures, not fine differences.
3. Speed: a database of N petitions received within 30 days (the real messages, then collages
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
# The hand grouping of the votes file by issue (see the docstring): a message's group.
HAND_GROUPS = {
    "魅力之城": lambda title, text: "魅力之城" in title + text,
    "经济学院": lambda title, text: "经济学院" in title,
}
WINDOW = 30


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


# 2. Agreement with the votes file ----------------------------------------------------------


def agreement() -> None:
    from scipy.stats import spearmanr
    from sklearn.metrics import adjusted_rand_score

    from xinfang.hotspots import figures
    from xinfang.petitions.models import Channel

    votes, unlabeled = read("messages-votes.csv"), read("messages-unlabeled.csv")
    rows = votes + unlabeled
    order = sorted(range(len(rows)), key=lambda i: (stamp(rows[i]["留言时间"]), i))
    today = dt.date(2026, 1, 30)
    first = today - dt.timedelta(days=WINDOW - 1)
    day = {i: first + dt.timedelta(days=WINDOW * k // len(rows)) for k, i in enumerate(order)}
    records = [
        clustering.Record(key=i, title=r["留言主题"], content=r["留言详情"], place=place_of(r))
        for i, r in enumerate(rows)
    ]
    members = {
        i: figures.Member(
            petition_id=i, matter_id=i, received_on=day[i], petitioner_count=1,
            channel=Channel.ONLINE, place=place_of(r), content_class="",
        )
        for i, r in enumerate(rows)
    }  # fmt: skip
    found = clustering.cluster(
        records, keep=lambda keys: figures.is_hot([members[k] for k in keys])
    )
    ranked = sorted(
        found, key=lambda c: figures.order_key(figures.figures([members[k] for k in c.keys], today))
    )
    rank_of = {k: n for n, c in enumerate(ranked, 1) for k in c.keys}
    size_of = {k: len(c.keys) for c in ranked for k in c.keys}
    liked = [int(r["点赞数"] or 0) for r in votes]
    print(
        f"[agreement] {len(rows)} messages as one {WINDOW}-day window "
        f"({first} … {today}, in their real order): {len(ranked)} hot issues",
        flush=True,
    )
    for i, r in sorted(enumerate(votes), key=lambda x: -liked[x[0]]):
        if liked[i] or i in rank_of:
            where = f"issue #{rank_of[i]} of {size_of[i]}" if i in rank_of else "in no hot issue"
            print(f"  {liked[i]} votes  {where:<20} {r['留言主题'][:30]}")
    heat = [size_of.get(i, 0) for i in range(len(votes))]
    rho, p_value = spearmanr(liked, heat)
    print(
        f"[agreement] votes against the size of the message's hot issue: Spearman ρ = "
        f"{rho:.2f} (p = {p_value:.3f}, n = {len(votes)}; {sum(1 for v in liked if v)} "
        f"messages have any vote)"
    )
    supported = {i for i in range(len(votes)) if liked[i] >= 1}
    strong = {i for i in range(len(votes)) if liked[i] >= VOTED}
    for k in (3, 5, 10):
        top = ranked[:k]
        holding = sum(1 for c in top if supported & set(c.keys))
        inside = len(strong & {key for c in top for key in c.keys})
        print(
            f"[agreement] top {k:2d}: {holding}/{len(top)} issues hold a voted message "
            f"(precision@{k} ≥ {holding / max(len(top), 1):.2f}); {inside}/{len(strong)} "
            f"messages with ≥ {VOTED} votes inside (recall@{k} {inside / len(strong):.2f})"
        )
    hand = [hand_group(i, r) for i, r in enumerate(votes)]
    machine = [f"c{rank_of[i]}" if i in rank_of else f"alone{i}" for i in range(len(votes))]
    sizes = {g: hand.count(g) for g in HAND_GROUPS}
    pairs = [(a, b) for a in range(len(votes)) for b in range(a + 1, len(votes))]
    both = sum(1 for a, b in pairs if hand[a] == hand[b] and machine[a] == machine[b])
    by_hand = sum(1 for a, b in pairs if hand[a] == hand[b])
    by_machine = sum(1 for a, b in pairs if machine[a] == machine[b])
    precision, recall = both / max(by_machine, 1), both / max(by_hand, 1)
    f1 = 2 * precision * recall / (precision + recall) if both else 0.0
    print(
        f"[agreement] grouping by hand {sizes} + {len(votes) - sum(sizes.values())} alone; "
        f"over {len(pairs)} pairs: {by_hand} together by hand, {by_machine} in one hot issue, "
        f"{both} both: pairwise precision {precision:.2f}, recall {recall:.2f}, F1 {f1:.2f}; "
        f"adjusted Rand index {adjusted_rand_score(hand, machine):.2f}"
    )


def hand_group(i: int, row: dict[str, str]) -> str:
    for group, belongs in HAND_GROUPS.items():
        if belongs(row["留言主题"], row["留言详情"]):
            return group
    return f"alone{i}"


def stamp(value: str) -> dt.datetime:
    head, _, clock = value.strip().partition(" ")
    year, month, day = (int(x) for x in head.replace("/", "-").split("-"))
    hour, minute, second = (int(x) for x in (clock or "0:0:0").split(":"))
    return dt.datetime(year, month, day, hour, minute, second)


# 3. Speed ---------------------------------------------------------------------------------


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
    agreement()
    speed(args.petitions)


if __name__ == "__main__":
    main()
