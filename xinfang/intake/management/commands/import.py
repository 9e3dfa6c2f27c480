"""`xinfang import FILE.xlsx|FILE.csv`: load a historical ledger of petitions."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinfang.accounts.models import User
from xinfang.intake.importing import LedgerError, import_ledger


class Command(BaseCommand):
    help = "导入历史信访台账（xlsx 或 csv，中文表头）；先校验全部行，有错误时不导入"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="以该登记员身份导入（须有登记权限）")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="跳过有错误的行，导入其余行"
        )
        parser.add_argument(
            "--batch", type=int, default=2000, help="每个事务导入的行数（中断后重新运行即可续导）"
        )

    def handle(self, *args, file, user, skip_invalid, batch, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件“{file}”不存在")
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None or not actor.may_register:
            raise CommandError(f"用户 {user} 不存在或没有登记权限")
        tty = sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if total and (done % 1000 == 0 or done == total):
                filled = int(30 * done / total)
                line = f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}"
                self.stderr.write(line if tty else line.strip(), ending="" if tty else "\n")

        try:
            outcome = import_ledger(
                path, actor, skip_invalid=skip_invalid, chunk=batch, progress=progress
            )
        except LedgerError as exc:
            raise CommandError(f"{exc}。未导入任何数据") from exc
        if tty:
            self.stderr.write("")
        for row, reason in outcome.errors:
            self.stderr.write(f"第{row}行：{reason}")
        if outcome.errors and not skip_invalid:
            raise CommandError(
                f"发现{len(outcome.errors)}处错误，未导入任何数据（可用 --skip-invalid 跳过错误行）"
            )
        self.stdout.write(
            f"共{outcome.rows}行：导入{outcome.imported}行（其中重信重访{outcome.repeats}行），"
            f"已导入过{outcome.skipped_existing}行，跳过错误{outcome.skipped_invalid}行"
        )
