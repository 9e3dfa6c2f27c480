"""The report as a 呈阅件-style brief (python-docx): heading, the paragraph, the main tables."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from xinfang.lib import timesource
from xinfang.stats import text
from xinfang.stats.excel import COLUMNS, table_rows
from xinfang.stats.report import Report

FONT = "仿宋"


def brief(report: Report, extra: list[str] | tuple[str, ...] = ()) -> bytes:
    """The brief; `extra` paragraphs follow the report's own (the casework paragraph)."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    mark = doc.add_paragraph("呈 阅 件")
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.runs[0].font.size = Pt(22)
    mark.runs[0].bold = True
    doc.add_paragraph(f"{report.region.name}信访局　　　　　　{timesource.today():%Y年%m月%d日}")
    heading = doc.add_paragraph(f"关于{report.period.label}信访工作情况的报告")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.runs[0].bold = True
    heading.runs[0].font.size = Pt(16)
    for words in (text.paragraph(report), *extra):
        body = doc.add_paragraph(words)
        body.paragraph_format.first_line_indent = Pt(28)

    doc.add_paragraph("附表一：信访总量及分布").runs[0].bold = True
    keys = COLUMNS[:12]
    table = doc.add_table(rows=1, cols=len(keys) + 1)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = "区划"
    for i, (group, sub, _) in enumerate(keys, start=1):
        header[i].text = f"{group}{sub}"
    for name, values, _ in table_rows(report):
        cells = table.add_row().cells
        cells[0].text = name
        for i, value in enumerate(values[: len(keys)], start=1):
            cells[i].text = str(value)

    doc.add_paragraph("附表二：主要指标").runs[0].bold = True
    rates = doc.add_table(rows=1, cols=3)
    rates.style = "Table Grid"
    for cell, title in zip(rates.rows[0].cells, ("指标", "数值", "口径"), strict=True):
        cell.text = title
    for item in report.figures().values():
        if item["unit"] != "%" or item["value"] is None:
            continue
        cells = rates.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (
            item["label"],
            f"{item['value']:.1f}%",
            item["definition"],
        )
    for table_ in (table, rates):
        for row in table_.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
