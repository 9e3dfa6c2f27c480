"""`xinfang backup DIR`: a consistent backup of the database and the attachments."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinfang.ops.backup import BackupError, create_backup, read_manifest


class Command(BaseCommand):
    help = "在线备份数据库与附件到 DIR 下的新目录（含校验清单）"

    def add_arguments(self, parser):
        parser.add_argument("destination", help="备份存放目录")

    def handle(self, *args, destination: str, **options):
        try:
            folder = create_backup(Path(destination))
        except (BackupError, OSError) as exc:
            raise CommandError(f"备份失败：{exc}") from exc
        manifest = read_manifest(folder)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"备份完成：{folder}（{len(manifest['rows'])} 张表 {rows} 行，"
            f"附件 {len(manifest['attachments'])} 个）"
        )
