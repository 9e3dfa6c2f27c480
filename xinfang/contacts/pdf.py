"""The contact card as a PDF: A6 (105 × 148 mm), front (the place's bureau: address, phone,
hours, how to petition) and back (its leaders and the other units), the Chinese font embedded.

fpdf2 writes it: pure Python (no system libraries, unlike WeasyPrint's Pango), it embeds a
subset of a TrueType font through fontTools, so the card prints the same everywhere. The font
is XINFANG_PDF_FONT, or Debian's WenQuanYi Micro Hei (fonts-wqy-microhei, which the browser
tests need too)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from fpdf import FPDF

from xinfang.contacts.queries import Card

A6 = (105, 148)
FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
)
HOW_TO = (
    "来信、来访、网上信访均可；来访请到问题发生地的信访部门，逐级反映。",
    "受理后15日内告知是否受理，60日内办结答复；对答复不服可在30日内申请复查。",
    "网上信访和进度查询：本市网上信访平台。",
)


class NoFont(Exception):
    """No font with Chinese glyphs is configured or installed."""


def font_path() -> Path:
    configured = getattr(settings, "XINFANG_PDF_FONT", "")
    for candidate in ([configured] if configured else []) + list(FONTS):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    raise NoFont("未找到中文字体：请安装 fonts-wqy-microhei，或在 XINFANG_PDF_FONT 中指定字体文件")


def card_pdf(card: Card) -> bytes:
    pdf = FPDF(format=A6)
    pdf.set_auto_page_break(auto=True, margin=8)
    path = font_path()
    options = {"collection_font_number": 0} if path.suffix.lower() == ".ttc" else {}
    pdf.add_font("zh", fname=str(path), **options)
    pdf.set_margins(8, 8, 8)
    # Front: the title, the place's bureau, how to petition.
    pdf.add_page()
    pdf.set_font("zh", size=14)
    pdf.multi_cell(0, 8, card.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    bureaus = [u for u in card.units if u.is_bureau] or card.units[:1]
    for unit in bureaus:
        _unit(pdf, unit)
    pdf.ln(2)
    pdf.set_font("zh", size=8)
    for line in HOW_TO:
        pdf.multi_cell(0, 4.5, "· " + line, new_x="LMARGIN", new_y="NEXT")
    # Back: leaders and the other units.
    pdf.add_page()
    pdf.set_font("zh", size=11)
    if card.leaders:
        pdf.multi_cell(0, 6, "领导包联", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("zh", size=8.5)
        for leader in card.leaders:
            pdf.multi_cell(0, 4.8, f"{leader.post}：{leader.name}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    others = [u for u in card.units if u not in bureaus]
    if others:
        pdf.set_font("zh", size=11)
        pdf.multi_cell(0, 6, "相关单位", new_x="LMARGIN", new_y="NEXT")
        for unit in others:
            _unit(pdf, unit, small=True)
    return bytes(pdf.output())


def _unit(pdf: FPDF, unit, *, small: bool = False) -> None:
    pdf.set_font("zh", size=9.5 if small else 11)
    pdf.multi_cell(0, 5.5, unit.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("zh", size=8 if small else 9)
    for label, value in (("电话", unit.phone), ("地址", unit.address), ("接待时间", unit.hours),
                         ("职责", unit.duties)):  # fmt: skip
        if value:
            pdf.multi_cell(0, 4.6, f"{label}：{value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
