"""A document as a Word file (python-docx), in the style of stats.docx: 仿宋, A4."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from xinfang.documents.content import Paper, day

FONT = "仿宋"


def render(paper: Paper) -> bytes:
    doc = WordDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(3.7 - 1.2)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(16)  # 三号
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    def centred(text: str, size: int, *, bold: bool = False) -> None:
        line = doc.add_paragraph(text)
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.runs[0].font.size = Pt(size)
        line.runs[0].bold = bold

    centred(paper.organ, 18, bold=True)
    centred(paper.title, 22, bold=True)
    if paper.number:
        centred(paper.number, 16)
    if paper.addressee:
        doc.add_paragraph(f"{paper.addressee}：")
    for para in paper.body:
        line = doc.add_paragraph(para.text)
        if para.heading:
            line.runs[0].bold = True
        line.paragraph_format.first_line_indent = Pt(32)
    if paper.rows:
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in paper.rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
            cells[0].width, cells[1].width = Cm(3.5), Cm(12)
            for cell in cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(12)
    for text in (paper.signature, day(paper.date)):
        if text:
            doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if paper.note:
        doc.add_paragraph(paper.note).runs[0].font.size = Pt(12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
