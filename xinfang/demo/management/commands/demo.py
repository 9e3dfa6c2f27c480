"""`xinfang demo`: a realistic year of petitions in 怀化, with its units and logins."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.demo import build
from xinfang.lib import timesource
from xinfang.petitions.models import MatterStatus, Petition, Urgency
from xinfang.workflow.models import Satisfaction


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--year-end 应为 YYYY-MM-DD 格式的日期，而不是 {value!r}") from exc


class Command(BaseCommand):
    help = "生成怀化市演示数据：单位、演示账号和一年的信访件（同一种子结果相同）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--petitions", type=int, default=3000, help="信访件数，0 表示不生成")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子")
        parser.add_argument(
            "--year-end", type=_date, default=None, help="最后收到日期（默认今天），向前一年"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="已有信访件时什么也不做（make run 使用）"
        )

    def handle(self, *args, **options) -> None:
        count, seed = options["petitions"], options["seed"]
        year_end = options["year_end"] or timesource.today()
        existing = Petition.objects.count()
        if options["if_empty"] and existing:
            self.stdout.write(f"数据库中已有 {existing} 件信访件，不再生成演示数据。")
            return
        if count < 0:
            raise CommandError("--petitions 不能为负数")
        if year_end > timesource.today():
            raise CommandError("--year-end 不能晚于今天")
        if count and existing:
            raise CommandError(
                f"数据库中已有 {existing} 件信访件：演示信访件只生成在空库上"
                "（用 --if-empty 跳过，或 --petitions 0 只补单位和账号）。"
            )
        summary = build.build_demo(
            seed=seed, petitions=count, year_end=year_end, log=self.stdout.write
        )
        self._report(summary)

    def _report(self, s: build.Summary) -> None:
        out = self.stdout.write
        out("")
        out(
            f"完成，用时 {s.seconds:.1f} 秒：单位 {s.units} 个，账号 {s.users} 个，"
            f"信访件 {s.petitions} 件，信访事项 {s.matters} 个，重信重访 {s.repeats} 件，"
            f"有责任单位的事项 {s.assigned} 个，办理记录 {s.steps} 条。"
        )
        if s.figures is not None:
            f = s.figures
            out(
                "事项状态："
                + "，".join(f"{MatterStatus(k).label} {n}" for k, n in f.statuses.items())
            )
            out("紧迫程度：" + "，".join(f"{Urgency(k).label} {n}" for k, n in f.urgency.items()))
            rated = "，".join(f"{Satisfaction(k).label} {n}" for k, n in f.ratings.items())
            out(
                f"责任单位评价：{rated or '无'}；超期时限 {f.late_clocks} 个，督办单 {f.notices} 份。"
            )
        if s.warnings:
            out(f"登记提示 {s.warnings} 条（如身份证地区码从未使用过，不影响登记）。")
        out("")
        out(f"演示账号（密码均为 {build.PASSWORD}）：")
        width = max(len(name) for name, _, _ in s.logins)
        for username, role, unit in s.logins:
            out(f"  {username.ljust(width)}  {role}\t{unit}")
        out(f"密码：{build.PASSWORD}")
