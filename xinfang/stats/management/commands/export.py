"""`xinfang export petitions --user U`: one row per petition U may see, as csv or xlsx.

An export is the case list on paper: the same access rule (`visible_petitions`, 检举控告
never), the same masking of personal data as the screen; unmasked personal data only for
those allowed to take it, and every such export is on the record.
"""

from __future__ import annotations

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from xinfang.accounts.models import User
from xinfang.events.actions import record
from xinfang.events.models import EventKind
from xinfang.lib.routers import reading_reports
from xinfang.lib.spreadsheet import safe_row
from xinfang.petitions.queries import masked_particulars, visible_petitions
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
    """Unmasked personal data only for admins and bureau leaders (a logged, deliberate export)."""
    return user is not None and (user.is_superuser or user.role in ("admin", "leader"))


class Command(BaseCommand):
    help = "以某用户身份导出其可见的信访件（每件一行）；个人信息按屏幕显示脱敏，不脱敏导出须有权限并留痕"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["petitions"])
        parser.add_argument(
            "--user", required=True, help="以该用户身份导出：范围与个人信息按其权限"
        )
        parser.add_argument("--year", type=int)
        parser.add_argument("--region")
        parser.add_argument("--format", default="csv", choices=["csv", "xlsx"])
        parser.add_argument("--output", "-o")
        parser.add_argument("--personal", action="store_true", help="含信访人信息（脱敏）")
        parser.add_argument(
            "--unmasked", action="store_true", help="个人信息不脱敏（须有权限，留痕）"
        )

    @reading_reports()  # a replica, when configured, carries the reading
    def handle(
        self, *args, what, user, year, region, format, output, personal, unmasked, **options
    ):
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"未知用户 {user}")
        if unmasked and not may_export_personal(actor):
            raise CommandError(f"{user} 无权导出不脱敏的个人信息")
        # The case list's own rule; 检举控告 never leaves in exports.
        qs = visible_petitions(actor).filter(is_accusation=False)
        if year:
            qs = qs.filter(received_on__year=year)
        if region:
            place = Region.objects.filter(code=region).first()
            if place is None:
                raise CommandError(f"未知区划代码 {region}")
            qs = qs.filter(region_id__in=subtree(place).values("pk"))
        personal = personal or unmasked
        if unmasked:
            record(
                EventKind.PERSONAL_DATA_REVEALED,
                actor=actor,
                summary=f"导出不脱敏的信访人个人信息（{year or '全部'}年，{region or '全部区划'}）",
                data={"export": "petitions", "year": year, "region": region, "rows": qs.count()},
            )
        rows = (safe_row(row) for row in _rows(qs, personal, unmasked))
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


def _rows(qs, personal: bool, unmasked: bool):
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
            if main is None:
                row += ["", "", ""]
            elif unmasked:
                row += [main.name, main.id_number, main.phone]
            else:
                shown = masked_particulars(main)
                row += [main.name, shown["id_number"], shown["phone"]]
        yield row


def _write_csv(fh, headers, rows) -> None:
    writer = csv.writer(fh)
    writer.writerow(headers)
    writer.writerows(rows)
