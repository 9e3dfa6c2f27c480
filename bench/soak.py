"""Soak: 50 concurrent users of mixed roles against gunicorn (two workers) on 127.0.0.1, for a
bounded time. Prints throughput, p50/p95 per kind of user, and every error; exits non-zero on
any error. Run by bench.run with DATABASE_URL set (`--part soak`).

The cast (by default 10 + 15 + 10 + 15 = 50), each user pausing about a second between
requests as a person reading the page would:
- registrars register petitions through the API (POST /api/v1/petitions);
- handlers page through the case list and open cases (staff web session);
- leaders open the home page and the statistics dashboard;
- petitioners look up their case on the public portal (number, 查询码, last 4 phone digits).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict

import requests

from bench.api import PHONE, ROOT, body, free_port, prepare

PASSWORD = "soak-bench-2026"


def _staff(count: int, role: str) -> list[str]:
    from xinfang.accounts.models import User
    from xinfang.regions.models import Region, Unit

    hecheng = Region.objects.get(code="431202")
    bureau = Unit.objects.get(name="鹤城区信访局")
    names = []
    for i in range(count):
        user, _ = User.objects.get_or_create(
            username=f"soak-{role}-{i}", defaults={"role": role, "unit": bureau, "region": hecheng}
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        names.append(user.username)
    return names


def _login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/login/", timeout=30)
    r = session.post(
        f"{base}/login/",
        data={"username": username, "password": PASSWORD,
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        allow_redirects=False, timeout=30,
    )  # fmt: skip
    if r.status_code != 302:
        raise SystemExit(f"login of {username} failed: {r.status_code}")
    return session


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cast", default="10,15,10,15", help="registrars,handlers,leaders,public")
    # A person reads a page before the next click: each user waits 0.5–1.5 × --think seconds
    # between requests (0: every user hammers, a throughput test rather than a soak).
    parser.add_argument("--think", type=float, default=1.0)
    args, _ = parser.parse_known_args()
    registrars, handlers, leaders, public = (int(n) for n in args.cast.split(","))
    token = prepare()
    handler_names, leader_names = _staff(handlers, "handler"), _staff(leaders, "leader")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "XINFANG_PORTAL_LOOKUPS_PER_IP_PER_HOUR": "100000000",
           "XINFANG_PORTAL_LOOKUP_LOCK_MINUTES": "0", "XINFANG_LOG_LEVEL": "ERROR",
           "XINFANG_LOGIN_FAILURE_LIMIT": "1000"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "xinfang.wsgi", "-w", str(args.workers),
         "--threads", str(args.threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    lock = threading.Lock()
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        auth = {"Authorization": f"Bearer {token}"}
        cases = []
        for i in range(public):
            r = requests.post(f"{base}/api/v1/petitions", json=body(i), headers=auth, timeout=30)
            r.raise_for_status()
            cases.append((r.json()["number"], r.json()["query_code"]))
        sessions = {name: _login(base, name) for name in handler_names + leader_names}
        stop = time.monotonic() + args.seconds

        pause = random.Random(7)

        def timed(kind: str, call, url: str, **kwargs) -> requests.Response | None:
            if args.think:
                time.sleep(args.think * (0.5 + pause.random()))
            t0 = time.perf_counter()
            try:
                response = call(url, timeout=30, **kwargs)
            except requests.RequestException as exc:
                with lock:
                    errors[f"{kind}: {exc.__class__.__name__}"] += 1
                return None
            elapsed = time.perf_counter() - t0
            with lock:
                latencies[kind].append(elapsed)
                if response.status_code >= 400:
                    errors[f"{kind}: HTTP {response.status_code}"] += 1
            return response

        def registrar(n: int):
            session, i = requests.Session(), 0
            while time.monotonic() < stop:
                i += 1
                timed("register (API)", session.post, f"{base}/api/v1/petitions",
                      json=body(10**6 * (n + 1) + i), headers=auth)  # fmt: skip

        def handler(name: str):
            session, rng = sessions[name], random.Random(name)
            while time.monotonic() < stop:
                r = timed("case list", session.get, f"{base}/petitions/",
                          params={"page": rng.randint(1, 3)})  # fmt: skip
                if r is not None and r.ok and cases:
                    number = rng.choice(cases)[0]
                    timed("case page", session.get, f"{base}/petitions/{number}/")

        def leader(name: str):
            session = sessions[name]
            while time.monotonic() < stop:
                timed("home", session.get, f"{base}/")
                timed("statistics", session.get, f"{base}/stats/")

        def petitioner(case: tuple[str, str]):
            session = requests.Session()
            session.get(f"{base}/portal/lookup/", timeout=30)
            while time.monotonic() < stop:
                data = {"csrfmiddlewaretoken": session.cookies["csrftoken"], "number": case[0],
                        "code": case[1], "phone_last4": PHONE[-4:]}  # fmt: skip
                timed("portal look-up", session.post, f"{base}/portal/lookup/", data=data,
                      allow_redirects=False)  # fmt: skip

        threads = (
            [threading.Thread(target=registrar, args=(n,)) for n in range(registrars)]
            + [threading.Thread(target=handler, args=(n,)) for n in handler_names]
            + [threading.Thread(target=leader, args=(n,)) for n in leader_names]
            + [threading.Thread(target=petitioner, args=(c,)) for c in cases]
        )
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    every = sorted(x for values in latencies.values() for x in values)
    users = registrars + handlers + leaders + public

    def p95(values):
        values = sorted(values)
        return values[max(0, int(len(values) * 0.95) - 1)] * 1000

    print(f"soak: {users} users (think {args.think:g} s) for {elapsed:.0f} s, gunicorn {args.workers} workers × "
          f"{args.threads} threads: {len(every)} requests = {len(every) / elapsed:.0f}/s, "
          f"p50 {statistics.median(every) * 1000:.0f} ms, p95 {p95(every):.0f} ms, "
          f"errors {sum(errors.values())}", flush=True)  # fmt: skip
    for kind, values in sorted(latencies.items()):
        print(f"  {kind}: {len(values)} requests, p50 {statistics.median(values) * 1000:.0f} ms, "
              f"p95 {p95(values):.0f} ms")  # fmt: skip
    for what, count in errors.most_common():
        print(f"  ERROR {what}: {count}")
    print(json.dumps({"soak_requests_per_s": round(len(every) / elapsed),
                      "soak_p95_ms": round(p95(every)), "soak_errors": sum(errors.values())}))  # fmt: skip
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
