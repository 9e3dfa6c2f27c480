"""The meeting's minutes (会议纪要) as a docx, in the style of the project's briefs (仿宋,
a centred heading, tables with grid lines): time, place, chair, attendees, the matters
discussed, and the decisions with responsible unit, deadline and follow-up.

Written for one reader: matters and decisions they may not see are left out, as on the page.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from xinfang.holidays.queries import load_calendar
from xinfang.meetings import queries
from xinfang.meetings.models import Meeting

FONT = "仿宋"


def minutes(user, meeting: Meeting, today: dt.date) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    heading = doc.add_paragraph(f"{meeting.title}纪要")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.runs[0].bold = True
    heading.runs[0].font.size = Pt(22)
    doc.add_paragraph(f"{meeting.convener.name}　　　　　　{meeting.held_on:%Y年%m月%d日}")
    attendees = "、".join(meeting.attendees.order_by("name").values_list("name", flat=True))
    for label, value in (("会议时间", f"{meeting.held_on:%Y年%m月%d日}"),
                         ("会议地点", meeting.place), ("主 持 人", meeting.chair),
                         ("会议议题", meeting.topic), ("参会单位", attendees)):  # fmt: skip
        doc.add_paragraph(f"{label}：{value}")
    if meeting.summary:
        for line in meeting.summary.splitlines():
            if line.strip():
                body = doc.add_paragraph(line.strip())
                body.paragraph_format.first_line_indent = Pt(28)

    items = list(queries.items_for(user, meeting))
    doc.add_paragraph("一、研究事项").runs[0].bold = True
    if not items:
        doc.add_paragraph("（无）")
    for i, item in enumerate(items, start=1):
        matter = item.matter
        doc.add_paragraph(f"{i}. {matter.number}　{matter.title}（{matter.region.name}）")

    decisions = list(queries.decisions_for(user, meeting))
    doc.add_paragraph("二、会议决定").runs[0].bold = True
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("序号", "决定事项", "责任单位", "办结期限", "落实情况"),
                           strict=True):  # fmt: skip
        cell.text = title
    calendar = load_calendar()
    for i, decision in enumerate(decisions, start=1):
        cells = table.add_row().cells
        clock = queries.clock(decision, today, calendar)
        state = decision.get_status_display()
        if clock.state == "late":
            state += f"（{clock.words}）"
        cells[0].text = str(i)
        cells[1].text = decision.text
        cells[2].text = decision.unit.name
        cells[3].text = f"{decision.due_on:%Y-%m-%d}（{decision.days}个工作日）"
        cells[4].text = state
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10.5)
    doc.add_paragraph("")
    doc.add_paragraph(f"记录人：{meeting.recorded_by.display_name}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
