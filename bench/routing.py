"""Routing suggestions (分办建议): top-1 and top-3 against the units matters actually went to.

Usage: python -m bench.routing [--history demo|import|both] [--petitions 3000] [--no-machine]

Each history lives in its own SQLite file under var/bench/ (built once, reused):
- demo: `xinfang demo --petitions N --seed 2026 --year-end 2026-11-30` (a year in 怀化).
  CIRCULAR: the demo sends a matter to the unit of its own routing table (`demo.mix.ROUTES`,
  the same table it loads as 分办规则), except 检举控告 (to a 纪委), half of the township
  classes (to the township) and objections (to a peer). So "table only" measures how often
  the demo departs from its table, not how good the table is. "similar matters only" does
  not read the table; it asks whether texts like this one went to the same unit (many demo
  texts are templates with other places and names filled in: near twins are common there).
- import: the 495 labelled TipDM messages (a city's online message board, 2011–2020) as a
  ledger through the importer (`import_ledger`): 登记日期 = 留言时间; 内容分类 = the first
  level (its old name before the tree's 2019 reorganisation, the new one after); 问题属地 =
  the county a district named in the text maps to (A5区 …, by CRC32 over 怀化's counties as
  bench/hotspots.py does) or the city; 信访人 = a made-up name per 留言用户. The messages
  carry no unit: each imported matter's lead unit is the demo's routing table for its class
  and place (`best_rule`), written directly (the importer files history and assigns nothing).
  So "table only" is right by construction there (a check of the plumbing), and only
  "similar matters only" means something.

For each month M (the first month is history only): the matters first received in M that
have a lead unit are tested with what was known before the 1st of M (`as_of`): similar
matters received earlier and forwarded by then. Truth: the matter's latest lead unit (where
it went in the end). Printed, overall and per month, top-1 and top-3 accuracy with n for:
table only (`rule_route`: one unit, so top-3 = top-1), similar only (`history_routes`),
combined (`suggest_units`), a baseline (the units most matters had gone to so far) and, for
comparison only (not what the product does), "tf-idf": a vote of the lead units of the
NEIGHBOURS most similar earlier matters of the same place by hot issues' text vectors
(`hotspots.clustering.vectors`, pruned; the idf is fitted on all matters' texts at once, which
uses no unit and no later label).
Without ../shared the import is skipped (the demo then uses its built-in texts).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import re
import subprocess
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DEMO_YEAR_END = dt.date(2026, 11, 30)
DEMO_SEED = 2026
IMPORT_TODAY = dt.date(2026, 1, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")
RENAMED_ON = dt.date(2019, 1, 1)  # the class tree's reorganisation: old names until then
VARIANTS = ("table only", "similar only", "combined", "baseline", "tf-idf")
NEIGHBOURS = 10
ANSWERING = ("similar only", "tf-idf")  # lists that may give no unit: how often they give one
DISTRICT = re.compile(r"([A-Z]\d+)[区县市]")  # as bench/hotspots.py reads places


def database_file(history: str, petitions: int) -> Path:
    from bench.run import BENCH_VAR

    size = f"-{petitions}" if history == "demo" else ""
    return BENCH_VAR / f"routing-{history}{size}.sqlite3"


@dataclass
class Tally:
    n: int = 0
    top1: Counter = field(default_factory=Counter)
    top3: Counter = field(default_factory=Counter)
    answered: Counter = field(default_factory=Counter)  # gave at least one unit

    def add(self, truth: int, ranked: dict[str, list[int]]) -> None:
        self.n += 1
        for variant, units in ranked.items():
            self.top1[variant] += bool(units) and units[0] == truth
            self.top3[variant] += truth in units[:3]
            self.answered[variant] += bool(units)

    def line(self) -> str:
        parts = []
        for v in VARIANTS:
            answered = f" answers {pct(self.answered[v], self.n)}" if v in ANSWERING else ""
            parts.append(f"{v} {pct(self.top1[v], self.n)}/{pct(self.top3[v], self.n)}{answered}")
        return f"n={self.n:4d}  " + "; ".join(parts)


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


# Building the histories -------------------------------------------------------------------


def build_demo(petitions: int) -> None:
    from django.core.management import call_command

    from xinfang.petitions.models import Petition

    call_command("migrate", verbosity=0)
    if not Petition.objects.exists():
        started = time.perf_counter()
        call_command(
            "demo", petitions=petitions, seed=DEMO_SEED, year_end=DEMO_YEAR_END,
            stdout=io.StringIO(),
        )  # fmt: skip
        print(f"[routing/demo] built in {time.perf_counter() - started:.0f} s", flush=True)


def build_import(shared: Path) -> bool:
    from django.core.management import call_command
    from django.db import transaction

    from bench.imports import person_name
    from xinfang.accounts.models import User
    from xinfang.demo.mix import RENAMED_CLASSES
    from xinfang.insight.routing import best_rule
    from xinfang.intake.importing import import_ledger
    from xinfang.petitions.models import Assignment, AssignmentRole, Matter
    from xinfang.regions.models import Level, Region

    labelled = shared / "messages-labeled.csv"
    if not labelled.exists():
        print(f"[routing/import] skipped: {labelled} not found (set XINFANG_SHARED_DIR)")
        return False
    call_command("migrate", verbosity=0)
    if Matter.objects.exists():
        return True
    started = time.perf_counter()
    call_command(
        "demo", petitions=0, seed=DEMO_SEED, stdout=io.StringIO()
    )  # units, logins, 分办规则
    city = Region.objects.get(level=Level.CITY, code__startswith="4312")
    counties = list(Region.objects.filter(level=Level.COUNTY, parent=city).order_by("code"))
    actor = registrar()
    with open(labelled, encoding="utf-8") as fh:
        # One message number occurs twice in the file: the first is kept.
        rows = list({r["留言编号"]: r for r in reversed(list(csv.DictReader(fh)))}.values())[::-1]
    ledger = Path(database_file("import", 0)).with_suffix(".csv")
    with open(ledger, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["编号", "登记日期", "信访形式", "人数", "登记层级", "是否越级", "是否非正常",
                      "问题属地", "内容分类", "反映问题", "诉求", "信访人", "证件号码", "联系电话"])  # fmt: skip
        for row in rows:
            text = f"{row['留言主题']}。{row['留言详情'].strip()}"
            district = DISTRICT.search(row["留言主题"]) or DISTRICT.search(row["留言详情"])
            region = (
                counties[zlib.crc32(district.group(1).encode()) % len(counties)]
                if district
                else city
            )
            label, received = row["一级分类"].strip(), day_of(row["留言时间"])
            if received >= RENAMED_ON:
                label = RENAMED_CLASSES.get(label, label)
            name = person_name(random.Random(row["留言用户"]))
            out.writerow([
                f"TIPDM-{row['留言编号']}", received.isoformat(), "网上信访", "1",
                "市", "否", "否", region.code, label, text[:4000], "",
                name, "", "",
            ])  # fmt: skip
    outcome = import_ledger(ledger, actor, today=IMPORT_TODAY)
    if outcome.errors:
        print(f"[routing/import] {len(outcome.errors)} row errors, first {outcome.errors[:3]}")
        return False
    # The documented rule for the units: the routing table's unit for class × place, sent
    # the day after the matter was received (written directly: imports assign nothing).
    leads = []
    for matter in Matter.objects.select_related("region"):
        rule = best_rule(matter.content_class_id, matter.region)
        if rule is not None:
            leads.append(Assignment(
                matter=matter, unit=rule.unit, role=AssignmentRole.LEAD, assigned_by=actor,
                assigned_at=noon(matter.opened_on + dt.timedelta(days=1)),
            ))  # fmt: skip
    with transaction.atomic():
        Assignment.objects.bulk_create(leads)
    print(
        f"[routing/import] imported {outcome.imported} of {len(rows)} messages "
        f"({outcome.repeats} joined an earlier matter), {len(leads)} given a unit by the "
        f"table, in {time.perf_counter() - started:.0f} s; {User.objects.count()} logins",
        flush=True,
    )
    return True


def registrar():
    """A city bureau login that sees every county and handles 检举控告."""
    from xinfang.accounts.models import User
    from xinfang.regions.models import Level, UnitKind

    users = User.objects.filter(
        unit__kind=UnitKind.BUREAU, region__level=Level.CITY, is_active=True
    ).order_by("-may_handle_accusations", "pk")
    return users.first()


def day_of(stamp: str) -> dt.date:
    head = stamp.strip().split(" ")[0].replace("/", "-")
    year, month, day = (int(x) for x in head.split("-"))
    return dt.date(year, month, day)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=SHANGHAI)


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)


# Measuring --------------------------------------------------------------------------------


def measure(history: str, size_note: str) -> None:
    from django.db.models import Min

    from xinfang.hotspots import clustering
    from xinfang.insight import routing
    from xinfang.petitions.models import Assignment, AssignmentRole, Matter, Petition

    user = registrar()
    firsts = dict(
        Matter.objects.annotate(first=Min("petitions__received_on")).values_list("pk", "first")
    )
    leads = list(
        Assignment.objects.filter(role=AssignmentRole.LEAD)
        .order_by("assigned_at", "pk")
        .values_list("matter_id", "unit_id", "assigned_at")
    )
    truth: dict[int, int] = {}
    moved: set[int] = set()
    for matter_id, unit_id, _ in leads:
        if matter_id in truth and truth[matter_id] != unit_id:
            moved.add(matter_id)
        truth[matter_id] = unit_id
    months = sorted({(d.year, d.month) for d in firsts.values() if d})
    accusations = set(Matter.objects.filter(is_accusation=True).values_list("pk", flat=True))
    print(
        f"[routing/{history}] {size_note}: {len(firsts)} matters, {len(truth)} with a lead "
        f"unit ({len(moved)} moved to another after the first, {len(truth.keys() & accusations)}"
        f" 检举控告), {len({*truth.values()})} units, {len(months)} months "
        f"{months[0][0]}-{months[0][1]:02d} … {months[-1][0]}-{months[-1][1]:02d}; "
        f"suggestions as the city bureau's {user.username}",
        flush=True,
    )
    texts: dict[int, tuple[str, str]] = {}
    for matter_id, title, content in Petition.objects.order_by("pk").values_list(
        "matter_id", "title", "content"
    ):
        texts.setdefault(matter_id, (title, content))
    ids = sorted(texts)
    row = {pk: n for n, pk in enumerate(ids)}
    records = [clustering.Record(pk, *texts[pk], place="") for pk in ids]
    vectors = clustering.prune(
        clustering.vectors([clustering.text_of(r) for r in records])[0], clustering.TOP_TERMS
    )
    places = dict(Matter.objects.values_list("pk", "region_id"))
    overall, started = Tally(), time.perf_counter()
    print("  month     n     top-1/top-3 of each list (similar only, tf-idf: share given any unit)")
    for year, month in months[1:]:
        as_of = dt.date(year, month, 1)
        known = Counter(u for _, u, at in leads if at < midnight(as_of))
        baseline = [u for u, _ in known.most_common(3)]
        sent: dict[int, int] = {}
        for matter_id, unit_id, at in leads:
            if at < midnight(as_of):
                sent[matter_id] = unit_id  # the latest lead as of then
        earlier = [pk for pk in sent if firsts.get(pk) and firsts[pk] < as_of and pk in row]
        tested = sorted(
            pk
            for pk, first in firsts.items()
            if first and (first.year, first.month) == (year, month) and pk in truth
        )
        tally = Tally()
        for matter in Matter.objects.select_related("region").filter(pk__in=tested):
            rule = routing.rule_route(matter)
            ranked = {
                "table only": [rule.unit.pk] if rule else [],
                "similar only": [
                    r.unit.pk for r in routing.history_routes(user, matter, as_of=as_of)
                ],
                "combined": [r.unit.pk for r in routing.suggest_units(user, matter, as_of=as_of)],
                "baseline": baseline,
                "tf-idf": neighbour_vote(matter, earlier, sent, places, vectors, row),
            }
            tally.add(truth[matter.pk], ranked)
            overall.add(truth[matter.pk], ranked)
        if tally.n:
            print(f"  {year}-{month:02d}  {tally.line()}", flush=True)
    print(f"  overall  {overall.line()}")
    seconds = time.perf_counter() - started
    print(
        f"[routing/{history}] {overall.n} matters tested in {seconds:.0f} s "
        f"({1000 * seconds / max(overall.n, 1):.0f} ms each for the five lists)",
        flush=True,
    )


def neighbour_vote(matter, earlier, sent, places, vectors, row) -> list[int]:
    """Units by the summed similarity of the NEIGHBOURS most similar earlier matters of the
    matter's place (bench only: a comparison for the similar-matters vote)."""
    same = [pk for pk in earlier if places[pk] == matter.region_id]
    if not same or matter.pk not in row:
        return []
    sims = (vectors[[row[pk] for pk in same]] @ vectors[row[matter.pk]].T).toarray().ravel()
    votes: Counter = Counter()
    for n in sims.argsort()[::-1][:NEIGHBOURS]:
        if sims[n] > 0:
            votes[sent[same[n]]] += float(sims[n])
    return [unit for unit, _ in votes.most_common(3)]


# Entry points -----------------------------------------------------------------------------


def run_one(history: str, petitions: int) -> int:
    """In this process: point Django at the history's own file, build it, measure."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database_file(history, petitions)}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    import django

    django.setup()
    from django.conf import settings

    shared = Path(os.environ.get("XINFANG_SHARED_DIR", settings.BASE_DIR.parent / "shared"))
    if history == "demo":
        build_demo(petitions)
        note = f"xinfang demo --petitions {petitions} --seed {DEMO_SEED} --year-end {DEMO_YEAR_END}"
    else:
        if not build_import(shared / "data" / "tipdm2020"):
            return 0
        note = "the 495 labelled TipDM messages imported as a ledger, units by the table"
    measure(history, note)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", choices=["demo", "import", "both"], default="both")
    parser.add_argument("--petitions", type=int, default=3000)
    parser.add_argument("--no-machine", action="store_true")
    args = parser.parse_args()
    if not args.no_machine:
        from bench.run import machine

        print(f"machine: {machine()}")
    if args.history != "both":
        return run_one(args.history, args.petitions)
    status = 0
    for history in ("demo", "import"):
        # One process each: Django's database is chosen once per process.
        command = [sys.executable, "-m", "bench.routing", "--no-machine", "--history", history]
        status |= subprocess.call(command + ["--petitions", str(args.petitions)], cwd=ROOT)
    return status


if __name__ == "__main__":
    sys.exit(main())
