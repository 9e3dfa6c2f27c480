"""The repeat-petition index: `xinfang repeats rebuild` after a bulk load or a restore."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from xinfang.insight import actions
from xinfang.petitions.models import Petition


class Command(BaseCommand):
    help = "重建重复信访索引（导入历史数据或恢复备份之后）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="re-index every petition (idempotent)")
        rebuild.add_argument("--chunk", type=int, default=2000)

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                sys.stderr.write(f"\r{done}/{total}")

        written = actions.rebuild(Petition.objects.all(), chunk=options["chunk"], progress=progress)
        self.stdout.write(f"petitions={Petition.objects.count()} keys={written}")
