"""The casework report as files: an Excel workbook with a sheet per leader table
(接访, 包案, 交办, 救助) and the report itself, and a 呈阅件-style docx."""

from __future__ import annotations

import io
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from openpyxl import Workbook
from openpyxl.styles import Font

from xinfang.aid.models import Aid, AidSource, AidStatus
from xinfang.casework.models import HandoverItem, Leader, Ownership
from xinfang.casework.queries import settled_date
from xinfang.leadership.models import AidRecord, CaseRecord
from xinfang.leadership.report import RULES, Figures, paragraph, per_leader_receptions, year_span
from xinfang.lib.spreadsheet import safe_cell
from xinfang.regions.models import Region
from xinfang.regions.queries import subtree

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _sheet(book: Workbook, title: str, headers: list[str], rows) -> None:
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    sheet.column_dimensions["A"].width = 16


def _who(leader: Leader) -> list:
    return [leader.name, leader.post, leader.get_level_display(), leader.region.name]


def _cases_per_leader(region: Region, year: int) -> list[list]:
    first, last = year_span(year)
    places = subtree(region).values("pk")
    on_time = Q(settled_on__isnull=False, settled_on__lte=F("target_on"))
    counts: dict[int, list[int]] = {}
    live = (
        Ownership.objects.filter(started_on__range=(first, last), matter__region_id__in=places)
        .annotate(settled_on=settled_date())
        .values("leader_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=on_time))
    )
    imported = (
        CaseRecord.objects.filter(owned_on__range=(first, last), region_id__in=places)
        .values("leader_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=on_time))
    )
    for row in [*live.order_by(), *imported.order_by()]:
        found = counts.setdefault(row["leader_id"], [0, 0])
        found[0] += row["n"]
        found[1] += row["ok"]
    leaders = Leader.objects.filter(pk__in=counts).select_related("region")
    return [[*_who(x), *counts[x.pk]] for x in leaders]


def _handovers_per_leader(region: Region, year: int) -> list[list]:
    first, last = year_span(year)
    items = HandoverItem.objects.filter(
        handover__created_at__date__range=(first, last),
        matter__region_id__in=subtree(region).values("pk"),
    )
    handed = dict(
        items.values("handover__leader_id").annotate(n=Count("pk")).order_by()
        .values_list("handover__leader_id", "n")
    )  # fmt: skip
    received = dict(
        items.values("leader_id").annotate(n=Count("pk")).order_by().values_list("leader_id", "n")
    )
    leaders = Leader.objects.filter(pk__in=set(handed) | set(received)).select_related("region")
    return [[*_who(x), handed.get(x.pk, 0), received.get(x.pk, 0)] for x in leaders]


def _aid_per_source(region: Region, year: int) -> list[list]:
    first, last = year_span(year)
    places = subtree(region).values("pk")
    sums: dict[str, list] = {}
    for qs in (
        Aid.objects.filter(status=AidStatus.APPROVED),
        AidRecord.objects.all(),
    ):
        rows = (
            qs.filter(given_on__range=(first, last), region_id__in=places)
            .values("source")
            .annotate(
                people=Sum("people"), yuan=Sum("amount"),
                agreed=Count("pk", filter=Q(has_agreement=True)),
            )
            .order_by()
        )  # fmt: skip
        for row in rows:
            found = sums.setdefault(row["source"], [0, Decimal(0), 0])
            found[0] += row["people"] or 0
            found[1] += row["yuan"] or Decimal(0)
            found[2] += row["agreed"]
    labels = dict(AidSource.choices)
    return [
        [labels.get(source, source), people, float((yuan / 10000).quantize(Decimal("0.1"))), agreed]
        for source, (people, yuan, agreed) in sums.items()
    ]


def workbook(region: Region, figures: Figures) -> bytes:
    book = Workbook()
    first = book.active
    first.title = "报告"
    first.append([f"{region.name}{figures.year}年领导接访包案工作情况"])
    first["A1"].font = Font(bold=True, size=14)
    first.append([paragraph(figures)])
    first.append([])
    first.append(["统计口径"])
    for rule in RULES:
        first.append([rule])
    first.column_dimensions["A"].width = 120
    who = ["领导", "职务", "级别", "地区"]
    _sheet(
        book, "领导接访", [*who, "坐班接访（天次）", "下访（天次）", "约访（人次）", "接待（人次）"],
        [[*_who(x), f["sitting_days"], f["visiting_days"], f["appointment_persons"],
          f["received_persons"]] for x, f in per_leader_receptions(region, figures.year)],
    )  # fmt: skip
    _sheet(book, "领导包案", [*who, "包案（件）", "如期办结（件）"],
           _cases_per_leader(region, figures.year))  # fmt: skip
    _sheet(book, "领导交办", [*who, "交办（件）", "受交办（件）"],
           _handovers_per_leader(region, figures.year))  # fmt: skip
    _sheet(book, "救助帮扶", ["来源", "救助（人次）", "金额（万元）", "息访协议（件次）"],
           _aid_per_source(region, figures.year))  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def brief(region: Region, figures: Figures) -> bytes:
    """The report as a 呈阅件-style docx: heading, the paragraph, the counting rules."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    heading = doc.add_paragraph(f"关于{region.name}{figures.year}年领导接访包案工作情况的报告")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.runs[0].bold = True
    heading.runs[0].font.size = Pt(16)
    body = doc.add_paragraph(paragraph(figures))
    body.paragraph_format.first_line_indent = Pt(28)
    doc.add_paragraph("统计口径：").runs[0].bold = True
    for rule in RULES:
        doc.add_paragraph(rule)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
