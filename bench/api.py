"""API and portal throughput against a real server; run by bench.run with DATABASE_URL set.

1. Start gunicorn (two worker processes) on 127.0.0.1 over the benchmark database.
2. create: petitions registered per second through POST /api/v1/petitions (8 clients,
   each request with its own Idempotency-Key, over http.client), for 30 s by default.
3. look-up: 50 concurrent portal clients, each looking up its own case (number, 查询码,
   last 4 phone digits) over and over; the p50/p95 latency of one look-up.
Everything is bounded in time; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
ROOT = Path(__file__).resolve().parent.parent
PHONE = "13807451234"


def prepare() -> str:
    """Migrate, load reference data, make a bench registrar and return its API token."""
    subprocess.check_call([sys.executable, "-m", "django", "migrate", "-v0"], cwd=ROOT)
    import django

    django.setup()
    from xinfang.accounts.models import Role, User
    from xinfang.api.actions import create_token
    from xinfang.classes.actions import load_classes
    from xinfang.regions.actions import create_unit, load_regions
    from xinfang.regions.models import Region, UnitKind

    load_regions()
    load_classes()
    hecheng = Region.objects.get(code="431202")
    bureau = create_unit("鹤城区信访局", UnitKind.BUREAU, hecheng)
    user, _ = User.objects.get_or_create(
        username="bench-api", defaults={"role": Role.REGISTRAR, "unit": bureau, "region": hecheng}
    )
    return create_token(user, "bench")[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def body(i: int) -> dict:
    return {
        "channel": "online", "region": "431202", "content_class": "1205",
        "title": f"压测信访件{i}", "content": "小区电梯停运，物业拒不维修。" * 5,
        "petitioners": [{"name": "张建国", "id_number": "431202199003070019", "phone": PHONE, "is_main": True}],
    }  # fmt: skip


def create_phase(base: str, token: str, seconds: float, clients: int) -> tuple[int, float, Counter]:
    """Creates per second. The clients speak HTTP through http.client, not requests: on a
    machine the server shares, requests' own cost per call (a fifth of a core at 200/s) is
    taken from the server being measured. Any answer but 201 is counted by its status: a
    fast server that fails some requests must not pass for a fast one."""
    done, failed, stop = [], Counter(), time.monotonic() + seconds
    host, port = base.removeprefix("http://").split(":")

    def run(n: int):
        count = 0
        while time.monotonic() < stop:
            payload = json.dumps(body(n * 1_000_000 + count)).encode()
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request("POST", "/api/v1/petitions", body=payload, headers={
                "Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex,
                "Content-Type": "application/json",
            })  # fmt: skip
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status == 201:
                count += 1
            else:
                failed[response.status] += 1
        done.append(count)

    start = time.monotonic()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done), time.monotonic() - start, failed


def lookup_phase(base: str, cases: list[tuple[str, str]], seconds: float) -> list[float]:
    latencies: list[float] = []
    lock, stop = threading.Lock(), time.monotonic() + seconds

    def run(number: str, code: str):
        session = requests.Session()
        session.get(f"{base}/portal/lookup/", timeout=30)
        mine = []
        while time.monotonic() < stop:
            data = {"csrfmiddlewaretoken": session.cookies["csrftoken"], "number": number,
                    "code": code, "phone_last4": PHONE[-4:]}  # fmt: skip
            t0 = time.perf_counter()
            r = session.post(f"{base}/portal/lookup/", data=data, allow_redirects=False, timeout=30)
            mine.append(time.perf_counter() - t0)
            if r.status_code != 302:
                raise SystemExit(f"look-up failed: {r.status_code}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=case) for case in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)  # 10 s runs varied ±15% here
    parser.add_argument("--workers", type=int, default=2)
    # Threads let a worker process run Python while another request of it waits on the
    # database (PostgreSQL round trips); 1 is gunicorn's plain sync worker.
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--clients", type=int, default=50)
    args, _ = parser.parse_known_args()
    token = prepare()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "XINFANG_PORTAL_LOOKUPS_PER_IP_PER_HOUR": "100000000",
           "XINFANG_PORTAL_LOOKUP_LOCK_MINUTES": "0", "XINFANG_LOG_LEVEL": "ERROR"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "xinfang.wsgi", "-w", str(args.workers),
         "--threads", str(args.threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        created, elapsed, failed = create_phase(base, token, args.seconds, 8)
        if failed:
            print(f"api create: FAILED answers by status: {dict(failed)}", flush=True)
        print(f"api create: {created} petitions in {elapsed:.1f} s = {created / elapsed:.0f}/s "
              f"(8 clients, gunicorn {args.workers} workers × {args.threads} threads)", flush=True)  # fmt: skip
        cases = []
        for i in range(args.clients):
            r = requests.post(f"{base}/api/v1/petitions", json=body(i),
                              headers={"Authorization": f"Bearer {token}"}, timeout=30)  # fmt: skip
            r.raise_for_status()
            cases.append((r.json()["number"], r.json()["query_code"]))
        latencies = sorted(lookup_phase(base, cases, args.seconds))
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(f"portal look-up: {len(latencies)} in {args.seconds:.0f} s with {args.clients} clients; "
              f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms", flush=True)  # fmt: skip
        print(
            json.dumps(
                {"create_per_s": round(created / elapsed), "lookup_p95_ms": round(p95 * 1000)}
            )
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
