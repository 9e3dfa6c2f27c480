"""`xinfang worker`: run the tick every --interval seconds and send the outbox every
--send-interval seconds, until SIGTERM or SIGINT.

Several workers may run at once (the tick claims its clocks, the outbox its messages); an
exception in one tick or send is logged and the loop goes on, so a bad row, a lost
connection or a dead mail server does not stop the reminders.
"""

from __future__ import annotations

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from xinfang.events.outbox import purge_sent, send_due
from xinfang.workflow.tick import run_tick

logger = logging.getLogger("xinfang.worker")


class Command(BaseCommand):
    help = "后台巡检：每隔 --interval 秒巡检一次，收到 SIGTERM/SIGINT 后在本轮结束时退出"

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=300, help="两次巡检之间的秒数（默认300）"
        )
        parser.add_argument(
            "--send-interval",
            type=float,
            default=10,
            help="两次发送待发消息（邮件、短信）之间的秒数（默认10）",
        )
        parser.add_argument("--once", action="store_true", help="只巡检、发送一次后退出")

    def handle(self, *args, interval: float, send_interval: float, once: bool, **options):
        if interval <= 0:
            raise CommandError("--interval 应为正数")
        if send_interval <= 0:
            raise CommandError("--send-interval 应为正数")
        stop = threading.Event()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, lambda *_: stop.set())
        try:
            next_tick = time.monotonic()
            while not stop.is_set():
                if time.monotonic() >= next_tick:
                    self.tick()
                    next_tick = time.monotonic() + interval
                self.send()
                if once:
                    break
                # A signal wakes it at once.
                stop.wait(max(0.0, min(send_interval, next_tick - time.monotonic())))
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write("worker stopped")

    def tick(self) -> None:
        _drop_stale_connections()
        try:
            report = run_tick()
            purge_sent()
        except Exception:
            logger.exception("tick failed; trying again at the next interval")
        else:
            self.stdout.write(str(report))
        finally:
            _drop_stale_connections()

    def send(self) -> None:
        _drop_stale_connections()
        try:
            report = send_due()
        except Exception:
            logger.exception("sending the outbox failed; trying again at the next interval")
        else:
            if report.sent or report.retrying or report.failed:
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
