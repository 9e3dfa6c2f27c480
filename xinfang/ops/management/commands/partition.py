"""`xinfang partition TABLE…`: partition tables by year on PostgreSQL (xinfang.ops.partitions)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from xinfang.ops import partitions


class Command(BaseCommand):
    help = (
        "把表按年分区（PostgreSQL）：首次运行转换表并建好今后几年的分区；"
        "之后每年运行一次，补建新年份的分区（--dry-run 只打印 SQL）"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "tables", nargs="+", help=f"表名，例如 {' '.join(partitions.DEFAULT_COLUMN)}"
        )
        parser.add_argument("--by", help="分区列（日期或时间），默认按表而定")
        parser.add_argument("--ahead", type=int, default=2, help="提前建好今后几年的分区")
        parser.add_argument("--dry-run", action="store_true", help="只打印将执行的 SQL")

    def handle(self, *args, tables, by, ahead, dry_run, **options):
        for table in tables:
            try:
                statements = partitions.plan(table, by, ahead=ahead)
            except partitions.Refused as exc:
                raise CommandError(str(exc)) from exc
            if dry_run:
                self.stdout.write(f"-- {table}: {len(statements)} 条语句，未执行")
                self.stdout.write(";\n".join(statements) + (";" if statements else ""))
                continue
            partitions.apply(statements)
            held = ", ".join(f"{part} {rows:,}" for part, rows in partitions.layout(table))
            self.stdout.write(f"{table}: 执行 {len(statements)} 条语句；分区行数 {held}")
