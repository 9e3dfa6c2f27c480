"""`xinfang disputes import FILE [--region CODE] [--unit NAME] [--dry-run]`: load an existing
dispute ledger (矛盾纠纷排查化解台账), CSV (UTF-8, UTF-8 with BOM, GBK) or xlsx, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinfang.disputes.importing import import_disputes
from xinfang.lib.ledger import Ledger, LedgerError
from xinfang.regions.models import Region, Unit


class Command(BaseCommand):
    help = "导入矛盾纠纷排查化解台账（CSV 或 xlsx，中文表头）；先校验全部行，有错误时不导入"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file")
        parser.add_argument("--region", help="所在区划代码（文件中没有“区划代码”列时使用）")
        parser.add_argument("--unit", help="填报单位名称（文件中没有“填报单位”列时使用）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")

    def handle(self, *args, action, file, region, unit, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件“{file}”不存在")
        place = None
        if region:
            place = Region.objects.filter(code=region).first()
            if place is None:
                raise CommandError(f"未知区划代码“{region}”")
        reporter = None
        if unit:
            reporter = Unit.objects.select_related("region").filter(name=unit).first()
            if reporter is None:
                raise CommandError(f"没有名为“{unit}”的单位")
        try:
            book = Ledger(path, required=["排查日期", "纠纷概要", "纠纷类型"])
            outcome = import_disputes(
                book.rows(), book.headers, unit=reporter, region=place, dry_run=dry_run
            )
        except LedgerError as exc:
            raise CommandError(f"{exc}。未导入任何数据") from exc
        for error in outcome.errors:
            self.stderr.write(error)
        if outcome.errors:
            raise CommandError(f"发现{len(outcome.errors)}处错误，未导入任何数据")
        if dry_run:
            self.stdout.write(f"检查通过：共{outcome.rows}行，未导入（--dry-run）")
        else:
            self.stdout.write(f"共{outcome.rows}行，已导入{outcome.imported}条矛盾纠纷")
