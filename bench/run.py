"""`make bench`: run every benchmark on SQLite and PostgreSQL and print the figures.

Usage: python -m bench.run [--petitions N] [--backend sqlite|postgresql|both]
       [--part all|core|tick|stats|api|soak|repeats|hotspots|classify|writes|import|partitions|replica
               |casework|disputes|periods|routing]
       [--import-rows N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from xinfang.lib.machine import machine  # noqa: F401 (the benches import it from here)

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/xinfang_bench"


def ensure_pg_database(name: str = "xinfang_bench", *, fresh: bool = False) -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            if fresh:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except Exception as exc:  # no server: say so and go on with SQLite
        print(f"PostgreSQL not reachable ({exc.__class__.__name__}); skipping it")
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--part",
        choices=[
            "all",
            "core",
            "tick",
            "stats",
            "api",
            "soak",
            "repeats",
            "hotspots",
            "classify",
            "writes",
            "import",
            "partitions",
            "replica",
            "casework",
            "disputes",
            "periods",
            "routing",
        ],  # fmt: skip
        default="all",
    )
    parser.add_argument("--import-rows", type=int, default=100_000)
    args, rest = parser.parse_known_args()
    print(f"machine: {machine()}")
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    backends = []
    if args.backend in ("sqlite", "both"):
        backends.append(("sqlite", f"sqlite:///{BENCH_VAR / 'bench.sqlite3'}"))
    if args.backend in ("postgresql", "both") and ensure_pg_database():
        backends.append(("postgresql", PG_BENCH))
    status = 0
    if args.part in ("all", "classify"):
        # No database: the content classifier on the TipDM messages, once.
        print("\n== classify ==", flush=True)
        env = {**os.environ, "XINFANG_VAR_DIR": str(BENCH_VAR)}
        command = [sys.executable, "-m", "bench.classify", "--no-machine"]
        status |= subprocess.call(command, cwd=ROOT, env=env)
    if args.part in ("all", "routing"):
        # Its own SQLite files (the demo, an import): accuracy does not depend on the backend.
        print("\n== routing ==", flush=True)
        env = {**os.environ, "XINFANG_VAR_DIR": str(BENCH_VAR)}
        command = [sys.executable, "-m", "bench.routing", "--no-machine"]
        status |= subprocess.call(command, cwd=ROOT, env=env)
    for name, url in backends:
        print(f"\n== {name} ==", flush=True)
        env = {**os.environ, "DATABASE_URL": url, "XINFANG_VAR_DIR": str(BENCH_VAR)}
        if args.part in ("all", "core"):
            command = [
                sys.executable,
                "-m",
                "bench.core",
                "--petitions",
                str(args.petitions),
                *rest,
            ]
            status |= subprocess.call(command, cwd=ROOT, env=env)
        if args.part in ("all", "tick"):
            command = [sys.executable, "-m", "bench.tick", "--petitions", str(args.petitions)]
            status |= subprocess.call(command, cwd=ROOT, env=env)
        if args.part in ("all", "stats"):
            # Its own database: five years of history, independent of the other parts' data.
            stats_url = url.replace("bench.sqlite3", "stats.sqlite3").replace(
                "/xinfang_bench", "/xinfang_bench_stats"
            )
            if name == "postgresql" and not ensure_pg_database("xinfang_bench_stats"):
                continue
            stats_env = {**env, "DATABASE_URL": stats_url}
            subprocess.call(
                [sys.executable, "-m", "django", "migrate", "-v0"],
                cwd=ROOT,
                env={**stats_env, "DJANGO_SETTINGS_MODULE": "xinfang.settings"},
            )
            # Its own size (1,000,000 petitions over five years by default), not --petitions.
            command = [sys.executable, "-m", "bench.stats"]
            status |= subprocess.call(command, cwd=ROOT, env=stats_env)
        if args.part in ("all", "periods"):
            # The statistics bench's database (1,000,000 petitions, seeded when missing).
            stats_url = url.replace("bench.sqlite3", "stats.sqlite3").replace(
                "/xinfang_bench", "/xinfang_bench_stats"
            )
            if name == "sqlite" or ensure_pg_database("xinfang_bench_stats"):
                periods_env = {**env, "DATABASE_URL": stats_url}
                subprocess.call(
                    [sys.executable, "-m", "django", "migrate", "-v0"],
                    cwd=ROOT,
                    env={**periods_env, "DJANGO_SETTINGS_MODULE": "xinfang.settings"},
                )
                command = [sys.executable, "-m", "bench.periods"]
                status |= subprocess.call(command, cwd=ROOT, env=periods_env)
        if args.part in ("all", "repeats"):
            # Its own database: the real messages as history, then 100k and 1M for latency.
            repeats_url = url.replace("bench.sqlite3", "repeats.sqlite3").replace(
                "/xinfang_bench", "/xinfang_bench_repeats"
            )
            if name == "sqlite" or ensure_pg_database("xinfang_bench_repeats"):
                command = [sys.executable, "-m", "bench.repeats", *rest]
                status |= subprocess.call(
                    command, cwd=ROOT, env={**env, "DATABASE_URL": repeats_url}
                )
        if args.part in ("all", "hotspots"):
            # Its own database: 15,000 petitions in one 30-day window (migrated by the bench).
            hotspots_url = url.replace("bench.sqlite3", "hotspots.sqlite3").replace(
                "/xinfang_bench", "/xinfang_bench_hotspots"
            )
            if name == "sqlite" or ensure_pg_database("xinfang_bench_hotspots"):
                command = [sys.executable, "-m", "bench.hotspots"]
                status |= subprocess.call(
                    command, cwd=ROOT, env={**env, "DATABASE_URL": hotspots_url}
                )
        if args.part in ("all", "writes"):
            # Registration's plain-SQL upserts against the ORM; rolled back, leaves no rows.
            status |= subprocess.call([sys.executable, "-m", "bench.writes"], cwd=ROOT, env=env)
        if args.part in ("all", "import"):
            # Its own database (emptied by the bench): a generated ledger through the importer.
            import_url = url.replace("bench.sqlite3", "import.sqlite3").replace(
                "/xinfang_bench", "/xinfang_bench_import"
            )
            if name == "sqlite" or ensure_pg_database("xinfang_bench_import"):
                command = [sys.executable, "-m", "bench.imports", "--no-machine"]
                command += ["--rows", str(args.import_rows)]
                status |= subprocess.call(
                    command, cwd=ROOT, env={**env, "DATABASE_URL": import_url}
                )
        if args.part in ("all", "disputes"):
            # Its own database (seeded once, kept): the monthly report over 100k disputes.
            disputes_url = url.replace("bench.sqlite3", "disputes.sqlite3").replace(
                "/xinfang_bench", "/xinfang_bench_disputes"
            )
            if name == "sqlite" or ensure_pg_database("xinfang_bench_disputes"):
                command = [sys.executable, "-m", "bench.disputes", "--no-machine"]
                status |= subprocess.call(
                    command, cwd=ROOT, env={**env, "DATABASE_URL": disputes_url}
                )
        # Its own database, emptied first: measured plain, converted, measured again.
        if (
            args.part in ("all", "partitions")
            and name == "postgresql"
            and ensure_pg_database("xinfang_bench_partitions", fresh=True)
        ):
            partitions_url = url.replace("/xinfang_bench", "/xinfang_bench_partitions")
            command = [sys.executable, "-m", "bench.partitions"]
            status |= subprocess.call(
                command, cwd=ROOT, env={**env, "DATABASE_URL": partitions_url}
            )
        if args.part in ("all", "replica") and name == "postgresql":
            # Its own primary and hot standby (ports 5441, 5442), started and stopped by it.
            status |= subprocess.call([sys.executable, "-m", "bench.replica"], cwd=ROOT, env=env)
        if args.part in ("all", "casework"):
            # Its own database (flushed by the bench): generated leadership ledgers.
            casework_url = url.replace("bench.sqlite3", "casework.sqlite3").replace(
                "/xinfang_bench", "/xinfang_bench_casework"
            )
            if name == "sqlite" or ensure_pg_database("xinfang_bench_casework"):
                command = [sys.executable, "-m", "bench.casework", "--no-machine"]
                status |= subprocess.call(
                    command, cwd=ROOT, env={**env, "DATABASE_URL": casework_url}
                )
        if args.part in ("all", "api"):
            # A real server (gunicorn, two workers) on 127.0.0.1; bounded in time.
            status |= subprocess.call([sys.executable, "-m", "bench.api"], cwd=ROOT, env=env)
        if args.part in ("all", "soak"):
            # 50 users of mixed roles against gunicorn (two workers) for 60 s.
            status |= subprocess.call([sys.executable, "-m", "bench.soak"], cwd=ROOT, env=env)
    return status


if __name__ == "__main__":
    sys.exit(main())
