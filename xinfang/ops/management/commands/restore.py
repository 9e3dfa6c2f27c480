"""`xinfang restore BACKUP`: check every checksum, then restore database and attachments."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinfang.ops.backup import BackupError, restore, target_from


class Command(BaseCommand):
    help = "从备份目录恢复数据库与附件（先校验；目标已有信访件时需 --force）"

    def add_arguments(self, parser):
        parser.add_argument("backup", help="xinfang backup 生成的目录")
        parser.add_argument("--database-url", help="恢复到另一个数据库（默认：本系统配置的数据库）")
        parser.add_argument("--attachments", help="附件恢复到的目录（默认：ATTACHMENT_ROOT）")
        parser.add_argument("--force", action="store_true", help="覆盖已有数据的数据库")

    def handle(self, *args, backup: str, database_url, attachments, force: bool, **options):
        target = target_from(database_url, attachments)
        try:
            counts = restore(Path(backup), target, force=force)
        except (BackupError, OSError) as exc:
            raise CommandError(f"恢复失败：{exc}") from exc
        self.stdout.write(f"恢复完成：{len(counts)} 张表 {sum(counts.values())} 行，与备份清单一致")
