"""The report pages on a real streaming replica: a primary and a hot standby started for the run.

Starts two PostgreSQL servers of the installed version on 127.0.0.1 (ports 5441 and 5442, in a
temporary folder, as the `postgres` user when run as root), the standby fed by streaming
replication from `pg_basebackup`. Then, with DATABASE_URL on the primary and
DATABASE_REPLICA_URL on the standby (bench.replica --measure, in a subprocess):
1. the demo's reference data and petitions are written on the primary;
2. the statistics page, the report API's figures and `xinfang export` are served, and the
   statements each connection ran are counted;
3. a registration on the primary is timed until the standby shows it (the reports' lag);
4. a write sent to the standby is refused.
Both servers are stopped at the end.

    python -m bench.replica            # or: python -m bench.run --part replica
"""

from __future__ import annotations

import argparse
import glob
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRIMARY_PORT, STANDBY_PORT = 5441, 5442


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise SystemExit("  no PostgreSQL server binaries (apt-get install postgresql)")
    return Path(found[-1]).parent


def _as_postgres(command: list[str], **kwargs) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + command, check=True, stdout=subprocess.DEVNULL, **kwargs)


def start_pair(folder: Path) -> tuple[Path, Path]:
    pg = _pg_bin()
    primary, standby = folder / "primary", folder / "standby"
    _as_postgres([str(pg / "initdb"), "-D", str(primary), "-A", "trust", "-U", "postgres"])
    with open(primary / "postgresql.conf", "a") as conf:
        conf.write(
            f"port = {PRIMARY_PORT}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{folder}'\nwal_level = replica\nmax_wal_senders = 4\n"
        )
    with open(primary / "pg_hba.conf", "a") as hba:
        hba.write("host replication all 127.0.0.1/32 trust\n")
    _as_postgres([str(pg / "pg_ctl"), "-D", str(primary), "-l", str(folder / "primary.log"), "-w", "start"])  # fmt: skip
    _as_postgres([
        str(pg / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres",
        "-D", str(standby), "-R", "-X", "stream",
    ])  # fmt: skip
    with open(standby / "postgresql.conf", "a") as conf:
        conf.write(f"port = {STANDBY_PORT}\nhot_standby = on\n")
    _as_postgres([str(pg / "pg_ctl"), "-D", str(standby), "-l", str(folder / "standby.log"), "-w", "start"])  # fmt: skip
    return primary, standby


def stop_pair(folder: Path) -> None:
    pg = _pg_bin()
    for name in ("standby", "primary"):
        if (folder / name / "postmaster.pid").exists():
            _as_postgres([str(pg / "pg_ctl"), "-D", str(folder / name), "-m", "fast", "-w", "stop"])


def run_pair(petitions: int) -> int:
    folder = Path(tempfile.mkdtemp(prefix="xinfang-replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    try:
        started = time.perf_counter()
        start_pair(folder)
        print(
            f"  primary :{PRIMARY_PORT} and hot standby :{STANDBY_PORT} up in {time.perf_counter() - started:.1f} s"
        )
        import psycopg

        admin = f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE xinfang")
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/xinfang",
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{STANDBY_PORT}/xinfang",
            "XINFANG_VAR_DIR": str(folder / "var"),
        }
        command = [
            sys.executable,
            "-m",
            "bench.replica",
            "--measure",
            "--petitions",
            str(petitions),
        ]
        return subprocess.call(command, cwd=ROOT, env=env)
    finally:
        stop_pair(folder)
        shutil.rmtree(folder, ignore_errors=True)


def measure(petitions: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import DatabaseError, connections
    from django.test import Client

    from bench.core import p95
    from xinfang.accounts.models import User
    from xinfang.intake.actions import register_petition
    from xinfang.lib.routers import PRIMARY, REPLICA
    from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
    from xinfang.petitions.models import Petition

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", petitions=petitions, stdout=io.StringIO())
    print(
        f"  demo of {Petition.objects.count():,} petitions on the primary in {time.perf_counter() - started:.1f} s"
    )

    counts: dict[str, list[str]] = {PRIMARY: [], REPLICA: []}

    def note(alias):
        def wrapper(execute, sql, params, many, context):
            counts[alias].append(sql)
            return execute(sql, params, many, context)

        return wrapper

    leader = User.objects.filter(role="leader", region__isnull=False).order_by("pk").first()
    client = Client()
    client.force_login(leader)
    client.get("/stats/")  # the first read of the day may move the rollup (on the primary)
    with connections[PRIMARY].execute_wrapper(note(PRIMARY)), connections[REPLICA].execute_wrapper(note(REPLICA)):  # fmt: skip
        timings = []
        for _ in range(20):
            start = time.perf_counter()
            response = client.get("/stats/")
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
    per_page = {alias: len(sqls) / 20 for alias, sqls in counts.items()}
    print(
        f"  /stats/ for {leader.username}: p50 {statistics.median(timings) * 1000:.0f} ms,"
        f" p95 {p95(timings) * 1000:.0f} ms; statements per page: standby"
        f" {per_page[REPLICA]:.0f}, primary {per_page[PRIMARY]:.0f} (session and user)"
    )
    for alias in counts:
        counts[alias].clear()
    with connections[PRIMARY].execute_wrapper(note(PRIMARY)), connections[REPLICA].execute_wrapper(note(REPLICA)):  # fmt: skip
        out = Path(os.environ["XINFANG_VAR_DIR"]) / "export.csv"
        call_command("export", "petitions", user=leader.username, output=str(out), stdout=io.StringIO())  # fmt: skip
    print(
        f"  xinfang export petitions: {len(out.read_text(encoding='utf-8-sig').splitlines()) - 1:,}"
        f" rows; statements on the standby {len(counts[REPLICA])}, on the primary {len(counts[PRIMARY])}"
    )

    registrar = User.objects.filter(role="registrar", region__level="city").order_by("pk").first()
    sample = Petition.objects.order_by("pk").first()
    lags = []
    for i in range(50):
        draft = PetitionDraft(
            channel="letter", received_on=sample.received_on, level="city", region=sample.region,
            content_class=sample.content_class, title=f"复制延迟测量{i}", content="小区电梯停运，物业拒不维修。",
            petitioners=[PetitionerDraft(name="张三", address="鹤城区迎丰路1号")],
        )  # fmt: skip
        number = register_petition(registrar, draft).petition.number
        committed = time.perf_counter()
        while not Petition.objects.using(REPLICA).filter(number=number).exists():
            time.sleep(0.0005)
        lags.append(time.perf_counter() - committed)
    ms = sorted(lag * 1000 for lag in lags)
    print(
        f"  a registration visible on the standby after: p50 {statistics.median(ms):.1f} ms,"
        f" p95 {p95(ms):.1f} ms, max {ms[-1]:.1f} ms (50 registrations, same machine)"
    )
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("UPDATE regions_region SET name = name")
        print("  a write sent to the standby: ACCEPTED (wrong)")
    except DatabaseError as exc:
        print(f"  a write sent to the standby: refused ({str(exc).splitlines()[0]})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--petitions", type=int, default=500)
    args = parser.parse_args()
    if args.measure:
        measure(args.petitions)
        return 0
    return run_pair(args.petitions)


if __name__ == "__main__":
    sys.exit(main())
