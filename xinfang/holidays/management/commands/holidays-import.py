"""Enter a year's official holiday notice (or local holidays) from a CSV file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinfang.holidays import actions
from xinfang.holidays.importing import DayFileError, decode, parse_days


class Command(BaseCommand):
    help = (
        "从CSV文件导入节假日调整，每行“日期,是否上班,说明”，是否上班写 1/0 或 上班/休息；"
        "全部校验通过才写入"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV 文件（UTF-8 或 GBK）")
        parser.add_argument(
            "--official-year",
            type=int,
            metavar="YEAR",
            help="文件已含该年国务院通知的全部安排：同时标记该年为已录入，其期限不再是暂定",
        )

    def handle(self, *args, file: Path, official_year: int | None, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {file}：{exc.strerror}") from None
        try:
            rows = parse_days(decode(data))
        except DayFileError as exc:
            raise CommandError("\n".join([exc.message, *exc.errors])) from None
        if official_year is not None and not any(row.date.year == official_year for row in rows):
            raise CommandError(
                f"文件中没有{official_year}年的日期，不能标记该年为已录入，未导入任何数据"
            )
        result = actions.import_days(rows, official_year=official_year, source=file.name)
        self.stdout.write(
            f"已导入{result.total}天（新增{result.created}天，更新{result.updated}天）"
        )
        if official_year is not None:
            self.stdout.write(f"{official_year}年已标记为全年安排已录入")
