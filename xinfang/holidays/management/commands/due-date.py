"""Print a statutory deadline: `xinfang due-date 2025-01-24 15` prints 2025-02-08."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from xinfang.holidays import calendar
from xinfang.holidays.calendar import Measure


class Command(BaseCommand):
    help = "计算法定期限的截止日：起算日次日起算 AMOUNT 日（或工作日），末日遇休息日顺延"

    def add_arguments(self, parser):
        parser.add_argument("start", help="起算日（如收到之日），如 2025-01-24；当日不计入")
        parser.add_argument("amount", help="期限长度，非负整数")
        parser.add_argument(
            "--unit",  # the option's name is kept: it is documented and scripted
            dest="measure",
            choices=Measure.values,
            default=Measure.DAY,
            help="day 为日（自然日），workday 为工作日",
        )

    def handle(self, *args, start: str, amount: str, measure: str, **options):
        try:
            start_day = dt.date.fromisoformat(start)
        except ValueError:
            raise CommandError(f"起算日“{start}”不是有效日期，应写作 2025-01-24") from None
        try:
            count = int(amount)
        except ValueError:
            raise CommandError(f"期限“{amount}”应为非负整数") from None
        if count < 0:
            raise CommandError(f"期限“{amount}”应为非负整数")
        due = calendar.due_date(start_day, count, measure)
        self.stdout.write(due.date.isoformat())
        if due.provisional:
            self.stdout.write(f"(provisional: {due.reason})")
