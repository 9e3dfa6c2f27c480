"""One backend's measurements; run by bench.run in a subprocess with DATABASE_URL set."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.seed import seed  # noqa: E402
from xinfang.accounts.models import User  # noqa: E402
from xinfang.classes.models import ContentClass  # noqa: E402
from xinfang.intake import actions  # noqa: E402
from xinfang.lib import timesource  # noqa: E402
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft  # noqa: E402
from xinfang.petitions.models import Petition  # noqa: E402
from xinfang.regions.models import Region  # noqa: E402


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def line(name: str, samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    rate = len(samples) / sum(samples)
    return (
        f"  {name:<44} n={len(ms):>4}  mean={statistics.mean(ms):7.1f} ms  "
        f"p95={p95(ms):7.1f} ms  rate={rate:7.1f}/s"
    )


def bench_registration(count: int) -> list[float]:
    user = User.objects.get(username="bench-registrar")
    region = Region.objects.get(code="431202")
    cls = ContentClass.objects.get(code="1205")
    samples = []
    for i in range(count):
        draft = PetitionDraft(
            channel="visit", received_on=timesource.today() - dt.timedelta(days=1), level="city",
            region=region, content_class=cls, title=f"基准登记{i}", content="小区电梯停运，物业拒不维修。" * 5,
            petitioners=[PetitionerDraft(name="张三", id_number="431202199003070019", phone="13807451234")],
        )  # fmt: skip
        start = time.perf_counter()
        actions.register_petition(user, draft)
        samples.append(time.perf_counter() - start)
    return samples


def bench_list(username: str, queries: dict[str, dict], repeat: int) -> list[str]:
    client = Client()
    client.force_login(User.objects.get(username=username))
    out = []
    for name, params in queries.items():
        client.get("/petitions/", params)  # warm
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get("/petitions/", params)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        out.append(line(f"list {username} {name}", samples))
    return out


def search_keys(count: int, seed: int = 5) -> dict[str, list[str]]:
    """Keys of `count` random seeded petitions, by the kinds the search box recognises, as a
    clerk would type them (a phone without +86, an ID in lower case, a number's tail)."""
    import random

    from xinfang.petitions.models import Petitioner

    rng = random.Random(seed)
    top = Petition.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    people = list(
        Petitioner.objects.filter(petition_id__in=[rng.randint(1, top) for _ in range(count * 2)])
        .exclude(id_number="")
        .values_list("name", "id_number", "phone", "petition__number", "petition__matter__number")[
            :count
        ]
    )
    return {
        "name": [p[0] for p in people],
        "ID number": [p[1].lower() for p in people],
        "phone": [p[2].removeprefix("+86") for p in people],
        "petition number": [p[3] for p in people],
        "matter number": [p[4] for p in people],
        "number tail (year-serial)": [p[3][-11:] for p in people],
        "number tail (6 digits)": [p[3][-6:] for p in people],
    }


def bench_search(username: str, keys: dict[str, list[str]]) -> list[str]:
    """The case list's search box by each kind of key: one request per key, first page."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    out = []
    for kind, values in keys.items():
        client.get("/petitions/", {"q": values[0]})  # warm
        samples, found = [], 0
        for value in values:
            start = time.perf_counter()
            response = client.get("/petitions/", {"q": value})
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
            found += "共 0 件" not in response.content.decode()
        out.append(line(f"search {username} {kind} ({found}/{len(values)} found)", samples))
    return out


OWNED = 20_000  # owned cases in all (the figure), over ten leaders


def ensure_owned_cases() -> User:
    """Ten city leaders owning 20,000 open matters between them; returns the first's login."""
    from xinfang.accounts.models import Role
    from xinfang.casework.models import Leader, LeaderLevel, Ownership
    from xinfang.petitions.models import OPEN_STATUSES, Matter
    from xinfang.regions.models import Unit

    city = Region.objects.get(code="431200")
    bureau = Unit.objects.get(name="怀化市信访局")
    housing = Unit.objects.get(name="怀化市住房和城乡建设局")
    leaders = []
    for i in range(10):
        user = User.objects.filter(
            username=f"bench-leader-{i}"
        ).first() or User.objects.create_user(
            f"bench-leader-{i}", password="bench", role=Role.LEADER, unit=bureau, region=city
        )
        leader = Leader.objects.filter(user=user).first() or Leader.objects.create(
            name=f"领导{i}", post="副市长", level=LeaderLevel.CITY, region=city, user=user
        )
        leaders.append(leader)
    if Ownership.objects.count() < OWNED:
        Ownership.objects.all().delete()
        matters = Matter.objects.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True)
        now, today = timesource.now(), timesource.today()
        Ownership.objects.bulk_create(
            [
                Ownership(
                    matter_id=pk,
                    leader=leaders[n % 10],
                    unit=housing,
                    started_on=today,
                    target_on=today + dt.timedelta(days=n % 60),
                    created_by=leaders[0].user,
                    created_at=now,
                )  # fmt: skip
                for n, pk in enumerate(matters[:OWNED])
            ],
            batch_size=2000,
        )
    return leaders[0].user


def bench_workbench(repeat: int) -> str:
    user = ensure_owned_cases()
    client = Client()
    client.force_login(user)
    client.get("/casework/")  # warm
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get("/casework/")
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    from xinfang.casework.models import Ownership

    mine = Ownership.objects.filter(leader__user=user).count()
    return line(
        f"leader's workbench ({mine:,} of {Ownership.objects.count():,} owned cases)", samples
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=100_000)
    parser.add_argument("--registrations", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only-search", action="store_true", help="seed, then only the search")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    added = seed(args.petitions)
    if added:
        print(f"  seeded {added:,} petitions in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    total = Petition.objects.count()
    print(f"  backend={connection.vendor} petitions={total:,}")
    if args.only_search:
        keys = search_keys(args.repeat)
        for username in ("bench-registrar", "bench-county"):
            for row in bench_search(username, keys):
                print(row)
        return
    print(line(f"register_petition at {total:,} existing", bench_registration(args.registrations)))
    hecheng = Region.objects.get(code="431202").pk
    cls = ContentClass.objects.get(code="12").pk
    queries = {
        "no filter": {},
        "page 50": {"page": "50"},
        "channel=visit": {"channel": "visit"},
        "region+class": {"region": str(hecheng), "content_class": str(cls)},
        "date range+flag": {
            "received_from": "2026-01-01",
            "received_to": "2026-06-30",
            "flags": "is_urgent",
        },
        "text 电梯": {"q": "电梯"},
        "text 物业公司": {"q": "物业公司"},
        "text+region": {"q": "小区", "region": str(hecheng)},
    }
    for row in bench_list("bench-registrar", queries, args.repeat):
        print(row)
    for row in bench_list(
        "bench-county", {"no filter": {}, "text 工资": {"q": "工资"}}, args.repeat
    ):
        print(row)
    keys = search_keys(args.repeat)
    for username in ("bench-registrar", "bench-county"):
        for row in bench_search(username, keys):
            print(row)
    print(bench_workbench(args.repeat))


if __name__ == "__main__":
    main()
