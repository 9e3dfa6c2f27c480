"""`xinfang report annual|monthly`: the bureau's report, as text, JSON, Excel or a brief."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from xinfang.leadership import files
from xinfang.leadership import report as leadership
from xinfang.lib.routers import reading_reports
from xinfang.regions.models import Level, Region
from xinfang.stats import excel, report, text


class Command(BaseCommand):
    help = "生成年度或月度信访统计报告（text / json / xlsx / csv / docx）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual", "monthly", "casework"])
        parser.add_argument("--year", type=int)
        parser.add_argument("--month", help="YYYY-MM（月报）")
        parser.add_argument("--region", help="区划代码，默认为最上级的市")
        parser.add_argument("--peak-since", type=int, help="与该年以来的高峰年比较")
        parser.add_argument(
            "--format", default="text", choices=["text", "json", "xlsx", "csv", "docx"]
        )
        parser.add_argument("--output", "-o", help="输出文件（xlsx、docx 必填）")

    @reading_reports()  # a replica, when configured, carries the reading
    def handle(self, *args, kind, year, month, region, peak_since, format, output, **options):
        place = self._region(region)
        if kind == "casework":
            return self._casework(place, year, format, output)
        if kind == "annual":
            if not year:
                raise CommandError("年报需要 --year")
            built = report.annual(place, year, peak_since=peak_since)
        else:
            if not month:
                raise CommandError("月报需要 --month YYYY-MM")
            try:
                y, m = report.parse_month(month)
            except ValueError as exc:
                raise CommandError("--month 格式应为 YYYY-MM") from exc
            built = report.monthly(place, y, m)
        # The annual report carries the casework paragraph when there are casework data.
        casework = leadership.figures(place, year) if kind == "annual" else None
        extra = [leadership.paragraph(casework)] if casework and casework.has_data else []
        if format == "text":
            self._emit("\n".join([text.paragraph(built), *extra]) + "\n", output)
        elif format == "json":
            data = report.as_data(built)
            self._emit(json.dumps(data, ensure_ascii=False, indent=2, default=_json) + "\n", output)
        elif format == "csv":
            self._emit(excel.statistics_csv(built), output)
        else:
            if not output:
                raise CommandError(f"--format {format} 需要 --output 文件名")
            if format == "xlsx":
                excel.statistics_workbook(built).save(output)
            else:
                from xinfang.stats.docx import brief

                with open(output, "wb") as fh:
                    fh.write(brief(built, extra=extra))
            self.stdout.write(f"已写入 {output}")

    def _casework(self, place: Region, year: int | None, format: str, output: str | None):
        """`xinfang report casework`: the leaders' receptions, cases, backlog and aid."""
        if not year:
            raise CommandError("领导接访包案报告需要 --year")
        figures = leadership.figures(place, year)
        if format == "text":
            self._emit(leadership.paragraph(figures) + "\n", output)
        elif format == "json":
            data = json.dumps(figures.as_data(), ensure_ascii=False, indent=2, default=_json)
            self._emit(data + "\n", output)
        elif format in ("xlsx", "docx"):
            if not output:
                raise CommandError(f"--format {format} 需要 --output 文件名")
            write = files.workbook if format == "xlsx" else files.brief
            with open(output, "wb") as fh:
                fh.write(write(place, figures))
            self.stdout.write(f"已写入 {output}")
        else:
            raise CommandError("领导接访包案报告的格式为 text、json、xlsx 或 docx")

    def _region(self, code: str | None) -> Region:
        if code:
            place = Region.objects.filter(code=code).first()
            if place is None:
                raise CommandError(f"未知区划代码 {code}")
            return place
        place = Region.objects.filter(level=Level.CITY).order_by("code").first()
        if place is None:
            raise CommandError("尚无区划数据：先运行 xinfang load_reference")
        return place

    def _emit(self, content: str, output: str | None) -> None:
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(content)
            self.stdout.write(f"已写入 {output}")
        else:
            sys.stdout.write(content) if self.stdout is None else self.stdout.write(
                content, ending=""
            )


def _json(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value))
