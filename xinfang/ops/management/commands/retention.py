"""`xinfang retention plan|apply`: anonymise the personal data of matters ended long ago.

`plan` (the dry run) counts what `apply` would anonymise; `apply` works in batches of
BATCH petitions, one transaction each, so a kill loses at most one batch and a rerun
carries on. Statistics are untouched: they never read the petitioners' particulars.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xinfang.insight.actions import forget_petitions
from xinfang.lib import timesource
from xinfang.petitions import actions, storage
from xinfang.petitions.queries import due_for_anonymisation

BATCH = 1000


class Command(BaseCommand):
    help = "按保存期限匿名化已办结/终结信访事项的信访人个人信息（plan 为试运行）"

    def add_arguments(self, parser):
        parser.add_argument("mode", choices=["plan", "apply"], help="plan：只统计；apply：执行")
        parser.add_argument(
            "--years", type=int, default=None,
            help="办结或终结后保存的年数（默认 XINFANG_RETENTION_YEARS）",
        )  # fmt: skip

    def handle(self, *args, mode: str, years: int | None, **options):
        years = settings.XINFANG_RETENTION_YEARS if years is None else years
        if years < 1:
            raise CommandError("--years 应为正整数")
        today = timesource.today()
        due = due_for_anonymisation(today, years)
        if mode == "plan":
            self.stdout.write(
                f"试运行：{due.count()} 件信访件的信访人个人信息将被匿名化"
                f"（事项办结或终结已满 {years} 年）；统计数据不受影响"
            )
            return
        done = 0
        while ids := list(due.values_list("pk", flat=True)[:BATCH]):
            with transaction.atomic():
                stored = actions.anonymise(ids, on=today)
                forget_petitions(ids)
                transaction.on_commit(lambda stored=stored: storage.discard(stored))
            done += len(ids)
        self.stdout.write(f"已匿名化 {done} 件信访件的信访人个人信息（保存期限 {years} 年）")
