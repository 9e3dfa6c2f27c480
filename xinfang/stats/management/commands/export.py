"""`xinfang export petitions`: one row per petition, as csv or xlsx."""

from __future__ import annotations

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from xinfang.accounts.models import User
from xinfang.petitions.models import Petition
from xinfang.regions.models import Region
from xinfang.regions.queries import subtree

HEADERS = [
    "编号",
    "信访件编号",
    "事项编号",
    "是否重复",
    "登记日期",
    "信访形式",
    "人数",
    "登记层级",
    "问题属地",
    "内容分类",
    "状态",
]
PERSONAL = ["信访人", "证件号码", "联系电话"]


def may_export_personal(user) -> bool:
    """Personal columns only for admins and bureau leaders (a logged, deliberate export)."""
    return user is not None and (user.is_superuser or user.role in ("admin", "leader"))


class Command(BaseCommand):
    help = "导出信访件（每件一行）；个人信息列仅对有权限的用户导出"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["petitions"])
        parser.add_argument("--year", type=int)
        parser.add_argument("--region")
        parser.add_argument("--format", default="csv", choices=["csv", "xlsx"])
        parser.add_argument("--output", "-o")
        parser.add_argument("--user", help="以该用户身份导出：个人信息列按其权限")

    def handle(self, *args, what, year, region, format, output, user, **options):
        qs = Petition.objects.filter(is_accusation=False)  # 检举控告 never leaves in exports
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"未知用户 {user}")
        if year:
            qs = qs.filter(received_on__year=year)
        if region:
            place = Region.objects.filter(code=region).first()
            if place is None:
                raise CommandError(f"未知区划代码 {region}")
            qs = qs.filter(region_id__in=subtree(place).values("pk"))
        personal = may_export_personal(actor)
        if personal:
            from xinfang.events.actions import record
            from xinfang.events.models import EventKind

            record(
                EventKind.PERSONAL_DATA_REVEALED,
                actor=actor,
                summary=f"导出信访件个人信息（{year or '全部'}年，{region or '全部区划'}）",
            )
        rows = _rows(qs, personal)
        headers = HEADERS + (PERSONAL if personal else [])
        if format == "csv":
            if output:
                with open(output, "w", encoding="utf-8-sig", newline="") as fh:
                    _write_csv(fh, headers, rows)
            else:
                _write_csv(sys.stdout, headers, rows)
        else:
            if not output:
                raise CommandError("--format xlsx 需要 --output")
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("信访件")
            sheet.append(headers)
            for row in rows:
                sheet.append(row)
            book.save(output)
        if output:
            self.stdout.write(f"已写入 {output}")


def _rows(qs, personal: bool):
    qs = qs.select_related("matter", "region", "content_class", "imported_as").order_by(
        "received_on", "id"
    )
    if personal:
        qs = qs.prefetch_related("petitioners")
    for p in qs.iterator(chunk_size=2000):
        imported = getattr(p, "imported_as", None)
        row = [
            imported.external_number if imported else "", p.number, p.matter.number,
            "是" if p.is_repeat else "否", p.received_on.isoformat(), p.get_channel_display(),
            p.petitioner_count, p.get_level_display(), p.region.code, p.content_class.name,
            p.matter.get_status_display(),
        ]  # fmt: skip
        if personal:
            main = p.main_petitioner
            row += [main.name, main.id_number, main.phone] if main else ["", "", ""]
        yield row


def _write_csv(fh, headers, rows) -> None:
    writer = csv.writer(fh)
    writer.writerow(headers)
    writer.writerows(rows)
