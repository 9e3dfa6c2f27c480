"""Fill a database with N petitions fast, for measurement only.

The demo generator registers every petition through the action (as users would); at
100,000+ rows that takes minutes, so the benchmark writes rows in bulk with the same
shapes and then times the real action and pages on top of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from stdnum.cn import ric

from xinfang.accounts.models import Role, User
from xinfang.classes.actions import load_classes
from xinfang.classes.queries import valid_on
from xinfang.events.models import Event, EventKind
from xinfang.lib import timesource
from xinfang.petitions import search
from xinfang.petitions.models import (
    OPEN_STATUSES,
    Assignment,
    Channel,
    Matter,
    MatterStatus,
    Petition,
    Petitioner,
)
from xinfang.regions.actions import create_unit, load_regions
from xinfang.regions.models import Level, Region, Unit, UnitKind
from xinfang.workflow.models import Clock, ClockKind

CHANNELS = [
    (Channel.LETTER, 12), (Channel.VISIT, 38), (Channel.COLLECTIVE_VISIT, 7),
    (Channel.ONLINE, 33), (Channel.PHONE, 9), (Channel.FAX, 1),
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国华明军平伟芳娟敏静丽强磊洋艳勇杰娜涛超秀英霞刚桂兰红玉梅春林海波宏志斌飞辉鹏华凤云文"
WORDS = "小区 物业 拆迁 补偿 工资 拖欠 社保 养老 医院 土地 征收 噪音 污染 学校 低保 道路 房屋 开裂 安置 承包".split()


def shared_texts() -> list[tuple[str, str]]:
    base = Path(os.environ.get("XINFANG_SHARED_DIR", settings.BASE_DIR.parent / "shared"))
    rows: list[tuple[str, str]] = []
    for name in ("messages-labeled.csv", "messages-unlabeled.csv"):
        path = base / "data" / "tipdm2020" / name
        if path.exists():
            with open(path, encoding="utf-8") as fh:
                rows += [(r["留言主题"][:120], r["留言详情"][:2000]) for r in csv.DictReader(fh)]
    return rows


def synthetic_texts(rng: random.Random, count: int = 3000) -> list[tuple[str, str]]:
    out = []
    for _ in range(count):
        words = rng.sample(WORDS, 6)
        title = f"关于{words[0]}{words[1]}问题的反映"
        body = (
            "，".join(f"{w}问题{rng.randint(1, 99)}年未解决" for w in words)
            + "，请求有关部门处理。"
        )
        out.append((title, body * rng.randint(2, 6)))
    return out


def ensure_reference() -> tuple[User, list[Region], list]:
    load_regions()
    load_classes()
    city = Region.objects.get(code="431200")
    bureau = create_unit("怀化市信访局", UnitKind.BUREAU, city)
    counties = list(Region.objects.filter(parent=city))
    for county in counties:
        create_unit(f"{county.name}信访局", UnitKind.BUREAU, county)
    create_unit("怀化市住房和城乡建设局", UnitKind.DEPARTMENT, city)
    user = User.objects.filter(username="bench-registrar").first()
    if user is None:
        user = User.objects.create_user(
            "bench-registrar", password="bench", role=Role.REGISTRAR, unit=bureau, region=city,
            full_name="基准测试", may_handle_accusations=True,
        )  # fmt: skip
    for county in counties[:1]:
        if not User.objects.filter(username="bench-county").exists():
            User.objects.create_user(
                "bench-county", password="bench", role=Role.HANDLER,
                unit=county.units.get(kind=UnitKind.BUREAU), region=county,
            )  # fmt: skip
    ensure_staff()
    classes = list(valid_on(timesource.today()).filter(level__gte=2))
    return user, counties, classes


def ensure_staff() -> None:
    """The people the tick notifies: a housing handler, a supervisor and a leader of the city."""
    city = Region.objects.get(code="431200")
    bureau = Unit.objects.get(name="怀化市信访局")
    housing = Unit.objects.get(name="怀化市住房和城乡建设局")
    for username, role, unit, region in (
        ("bench-housing", Role.HANDLER, housing, None),
        ("bench-supervisor", Role.SUPERVISOR, bureau, city),
        ("bench-leader", Role.LEADER, bureau, city),
    ):
        if not User.objects.filter(username=username).exists():
            User.objects.create_user(
                username, password="bench", role=role, unit=unit, region=region
            )


def person(rng: random.Random, county: Region, n: int) -> Petitioner:
    """A petitioner with a name, a valid ID number of the county and a mobile number, as a
    counter registers them (the case list's search keys); unsaved."""
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 55))
    body = f"{county.code}{born:%Y%m%d}{n % 1000:03d}"
    phone = f"+86{rng.choice(('138', '139', '150', '177', '186'))}{rng.randint(0, 99999999):08d}"
    return Petitioner(name=name, id_number=body + ric.calc_check_digit(body), phone=phone)


def seeded_matters():
    """The matters seed() wrote: numbered under their county's code (431202…); the city
    bureau's own prefix (431200) is left to the petitions the benchmarks register."""
    return Matter.objects.exclude(number__startswith="SX431200-")


def seed(total: int, *, seed: int = 7, batch: int = 5000) -> int:
    """Add petitions until the database holds `total`; returns how many were added."""
    have = Petition.objects.count()
    if have >= total:
        return 0
    rng = random.Random(seed + have)
    user, counties, classes = ensure_reference()
    texts = shared_texts() or synthetic_texts(rng)
    housing = user.unit.__class__.objects.get(name="怀化市住房和城乡建设局")
    end = timesource.today()
    now = timesource.now()
    added = 0
    weights = [w for _, w in CHANNELS]
    while have + added < total:
        size = min(batch, total - have - added)
        with transaction.atomic():
            start = have + added
            matters, petitions = [], []
            for i in range(size):
                n = start + i + 1
                # Numbers as the counter issues them (SX431202-2026-000123), a county and a
                # serial per n, so a resumed seed never repeats one.
                region = counties[n % len(counties)]
                cls = rng.choice(classes)
                title, content = rng.choice(texts)
                received = end - dt.timedelta(days=rng.randint(0, 364))
                serial = f"{region.code}-{received.year}-{n // len(counties) + 1:06d}"
                matters.append(Matter(
                    number=f"SX{serial}", title=title[:120], region=region, content_class=cls,
                    registering_unit=user.unit, opened_on=received, last_received_on=received,
                    created_at=now,
                ))  # fmt: skip
            Matter.objects.bulk_create(matters, batch_size=1000)
            for matter in matters:
                channel = rng.choices([c for c, _ in CHANNELS], weights)[0]
                count = rng.randint(5, 40) if channel == Channel.COLLECTIVE_VISIT else 1
                petitions.append(Petition(
                    number=matter.number[2:], query_code_hash="-", matter=matter, channel=channel,
                    received_on=matter.opened_on, registering_unit=user.unit, level=Level.COUNTY,
                    petitioner_count=count, people_concerned=count, region=matter.region,
                    title=matter.title, content=rng.choice(texts)[1], purpose="request",
                    content_class=matter.content_class, registered_by=user, registered_at=now,
                    is_urgent=rng.random() < 0.02, is_overlevel=rng.random() < 0.09,
                    is_repeat=False,
                ))  # fmt: skip
            Petition.objects.bulk_create(petitions, batch_size=1000)
            search.index_rows([(p.pk, p.title, p.content) for p in petitions])
            people = []
            for p in petitions:
                someone = person(rng, p.region, p.pk)
                someone.petition, someone.is_main = p, True
                people.append(someone)
            Petitioner.objects.bulk_create(people, batch_size=2000)
            Assignment.objects.bulk_create(
                [
                    Assignment(matter=m, unit=housing, role="lead", assigned_by=user, assigned_at=now)
                    for m in matters if rng.random() < 0.3
                ],
                batch_size=2000,
            )  # fmt: skip
            add_clocks([m.pk for m in matters], rng)
            Event.objects.bulk_create(
                [
                    Event(
                        created_at=now,
                        actor=user,
                        kind=EventKind.PETITION_REGISTERED,
                        matter=p.matter,
                        petition=p,
                        summary="登记",
                    )
                    for p in petitions
                ],
                batch_size=2000,
            )
        added += size
        print(f"  seeded {have + added:,}/{total:,}", flush=True)
    return added


# Where seeded open matters stand: (share, lowest, highest) days from today to the due date.
DUE_SPREAD = [(0.60, 4, 60), (0.08, 0, 3), (0.17, -15, -1), (0.15, -90, -16)]
WINDOW_SPREAD = (-10, 29)  # windows: about a quarter have lapsed
ACCUSATION_SHARE = 0.01


def _due(rng: random.Random, today: dt.date) -> dt.date:
    pick = rng.random()
    for share, low, high in DUE_SPREAD:
        if pick < share:
            return today + dt.timedelta(days=rng.randint(low, high))
        pick -= share
    return today


def add_clocks(matter_ids: list[int], rng: random.Random) -> int:
    """Give these open bench matters the clocks of a stage of the procedure, in bulk.

    Unassigned matters wait for disposal (dispose clock, no unit); those assigned to the
    housing department are, in thirds, forwarded (acceptance clock), accepted (handling
    clock) or answered (review and rating windows). Due dates are spread so some are due
    soon, some late and some seriously late; urgency is left as the actions set it when the
    clock started (NONE), as if no tick had run since: the tick's worst case.
    """
    today = timesource.today()
    housing = Unit.objects.get(name="怀化市住房和城乡建设局")
    assigned = set(
        Assignment.objects.filter(matter_id__in=matter_ids, role="lead", is_active=True)
        .values_list("matter_id", flat=True)
    )  # fmt: skip
    clocks: list[Clock] = []
    by_status: dict[str, list[int]] = {}
    due_of: dict[int, dt.date] = {}
    accusations: list[int] = []

    def start(matter_id, kind, due, amount, unit=None):
        clocks.append(Clock(
            matter_id=matter_id, kind=kind, unit=unit, amount=amount, measure="day",
            started_on=due - dt.timedelta(days=amount), due_on=due,
        ))  # fmt: skip

    for matter_id in matter_ids:
        if rng.random() < ACCUSATION_SHARE:
            accusations.append(matter_id)
        stage = rng.randrange(3) if matter_id in assigned else None
        if stage == 2:
            due = today + dt.timedelta(days=rng.randint(*WINDOW_SPREAD))
            start(matter_id, ClockKind.REVIEW_WINDOW, due, 30)
            start(matter_id, ClockKind.RATING_WINDOW, due, 30)
            by_status.setdefault(MatterStatus.ANSWERED, []).append(matter_id)
            continue
        due = _due(rng, today)
        due_of[matter_id] = due
        if stage is None:
            start(matter_id, ClockKind.DISPOSE, due, 15)
            by_status.setdefault(MatterStatus.REGISTERED, []).append(matter_id)
        elif stage == 0:
            start(matter_id, ClockKind.ACCEPT_NOTICE, due, 15, housing)
            by_status.setdefault(MatterStatus.FORWARDED, []).append(matter_id)
        else:
            start(matter_id, ClockKind.HANDLE, due, 60, housing)
            by_status.setdefault(MatterStatus.ACCEPTED, []).append(matter_id)
    Clock.objects.bulk_create(clocks, batch_size=2000)
    for status, ids in by_status.items():
        for at in range(0, len(ids), 900):
            chunk = ids[at : at + 900]
            extra = {"answered_on": today - dt.timedelta(days=20)} if status == "answered" else {}
            Matter.objects.filter(pk__in=chunk).update(status=status, **extra)
    # One UPDATE per due date (a few hundred) rather than one per matter.
    by_due: dict[dt.date, list[int]] = {}
    for matter_id, due in due_of.items():
        by_due.setdefault(due, []).append(matter_id)
    for due, ids in by_due.items():
        for at in range(0, len(ids), 900):
            Matter.objects.filter(pk__in=ids[at : at + 900]).update(next_due_on=due)
    if accusations:
        Matter.objects.filter(pk__in=accusations).update(is_accusation=True)
        Petition.objects.filter(matter_id__in=accusations).update(is_accusation=True)
    return len(clocks)


def ensure_clocks(*, seed: int = 11, batch: int = 5000) -> int:
    """Give open bench matters that have no clock yet their clocks (databases seeded before
    the bench had clocks); returns how many matters got them."""
    ensure_staff()
    rng = random.Random(seed)
    todo = list(
        seeded_matters()
        .filter(status__in=OPEN_STATUSES)
        .filter(~Exists(Clock.objects.filter(matter=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for at in range(0, len(todo), batch):
        with transaction.atomic():
            add_clocks(todo[at : at + batch], rng)
        print(f"  clocks for {min(at + batch, len(todo)):,}/{len(todo):,} matters", flush=True)
    return len(todo)
