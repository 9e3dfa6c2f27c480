"""`xinfang casework import receptions|cases|aid FILE`: past leadership ledgers."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from xinfang.leadership.importing import ImportRefused, import_ledger
from xinfang.regions.models import Region


class Command(BaseCommand):
    help = "导入领导接访、包案、救助帮扶历史台账（CSV：UTF-8、带BOM的UTF-8或GBK；或 xlsx）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        run = sub.add_parser("import", help="导入台账，任一行有误则全部不导入")
        run.add_argument("kind", choices=["receptions", "cases", "aid"])
        run.add_argument("file")
        run.add_argument("--user", help="记为该用户导入；不填则记为系统导入")
        run.add_argument("--region", help="未关联系统事项的救助所在地区（区划代码）")
        run.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, verb, kind, file, user, region, dry_run, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"文件不存在：{file}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"没有该用户：{user}")
        place = None
        if region:
            place = Region.objects.filter(code=region).first()
            if place is None:
                raise CommandError(f"未知区划代码 {region}")
        err = sys.stderr

        def progress(done: int) -> None:
            err.write(f"\r已写入 {done} 行")
            err.flush()

        try:
            outcome = import_ledger(
                kind, path, user=actor, region=place, dry_run=dry_run, progress=progress
            )
        except ImportRefused as exc:
            raise CommandError("未导入任何数据：\n" + "\n".join(exc.errors)) from exc
        err.write("\n")
        verb_done = "检查通过（未写入）" if dry_run else "已导入"
        self.stdout.write(
            f"{verb_done}{outcome.rows}行；关联系统内事项{outcome.linked}行；"
            f"新增领导{len(outcome.leaders_created)}名"
            + (f"：{'、'.join(outcome.leaders_created)}" if outcome.leaders_created else "")
        )
