"""`xinfang rollup rebuild|status`: recompute the count tables (volumes and the rates'
rollup), or say what they hold."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from xinfang.stats import actions, cohorts


class Command(BaseCommand):
    help = "统计汇总表：rebuild 重建（幂等，可 --resume 续建），status 查看状态"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status"])
        parser.add_argument("--from", dest="first", type=dt.date.fromisoformat)
        parser.add_argument("--to", dest="last", type=dt.date.fromisoformat)
        parser.add_argument("--resume", action="store_true", help="从上次中断的月份继续")

    def handle(self, *args, action, first, last, resume, **options):
        if action == "status":
            for key, value in actions.rollup_status().items():
                self.stdout.write(f"{key}: {value}")
            return
        if first and last and first > last:
            raise CommandError("--from 不能晚于 --to")
        started = time.perf_counter()

        def progress(month, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"{month:%Y-%m} 累计 {total}")

        total = actions.rebuild(first, last, resume=resume, progress=progress)
        self.stdout.write(
            f"重建完成：{total} 件信访件，用时 {time.perf_counter() - started:.1f} 秒"
        )
        # The rates' rollup is rebuilt whole: it is keyed by deadline, not by receipt.
        started = time.perf_counter()
        clocks = cohorts.rebuild()
        self.stdout.write(
            f"时效和满意度统计重建完成：{clocks} 个到期时限，用时 {time.perf_counter() - started:.1f} 秒"
        )
