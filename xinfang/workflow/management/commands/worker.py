"""`xinfang worker`: run the tick every --interval seconds until SIGTERM or SIGINT.

Several workers may run at once (the tick claims its rows); an exception in one tick is
logged and the loop goes on, so a bad row or a lost connection does not stop the reminders.
"""

from __future__ import annotations

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from xinfang.workflow.tick import run_tick

logger = logging.getLogger("xinfang.worker")


class Command(BaseCommand):
    help = "后台巡检：每隔 --interval 秒巡检一次，收到 SIGTERM/SIGINT 后在本轮结束时退出"

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=300, help="两次巡检之间的秒数（默认300）"
        )
        parser.add_argument("--once", action="store_true", help="只巡检一次后退出")

    def handle(self, *args, interval: float, once: bool, **options):
        if interval <= 0:
            raise CommandError("--interval 应为正数")
        stop = threading.Event()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, lambda *_: stop.set())
        try:
            while not stop.is_set():
                self.tick()
                if once:
                    break
                stop.wait(interval)  # a signal wakes it at once
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write("worker stopped")

    def tick(self) -> None:
        _drop_stale_connections()
        try:
            report = run_tick()
        except Exception:
            logger.exception("tick failed; trying again at the next interval")
        else:
            self.stdout.write(str(report))
        finally:
            _drop_stale_connections()


def _drop_stale_connections() -> None:
    """Like a request's end: drop connections that broke or outlived their age.

    Not inside a transaction (a test's), where closing would only poison it.
    """
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()
