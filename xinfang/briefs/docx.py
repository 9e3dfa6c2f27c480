"""A published brief as a docx, in the bulletin layout: the masthead (《接访信息》), the
issue line (第N期, the bureau, the date), the title and the text."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from xinfang.briefs.models import Brief

FONT = "仿宋"


def brief_docx(brief: Brief) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    head = doc.add_paragraph(brief.get_kind_display())
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.runs[0].font.size, head.runs[0].bold = Pt(26), True
    head.runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)
    issue = doc.add_paragraph(f"{brief.year}年第{brief.issue or '（草稿）'}期")
    issue.alignment = WD_ALIGN_PARAGRAPH.CENTER
    day = f"{brief.published_at:%Y年%m月%d日}" if brief.published_at else ""
    doc.add_paragraph(f"{brief.region.name}信访局　　　　　　　　{day}")
    title = doc.add_paragraph(brief.title)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].bold, title.runs[0].font.size = True, Pt(16)
    for line in brief.body.splitlines():
        paragraph = doc.add_paragraph(line)
        paragraph.paragraph_format.first_line_indent = Pt(28)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
