"""便民一卡通: a place's bureau and units with their public details and its leaders, as a
page, as an A6 PDF with the Chinese font embedded (read back), and on the portal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from xinfang.contacts import pdf, queries


@pytest.fixture
def details(places):
    bureau = places.hecheng_bureau
    bureau.phone, bureau.address, bureau.hours = (
        "0745-2712345",
        "鹤城区迎丰中路1号",
        "工作日 8:00-12:00",
    )
    bureau.save()
    return bureau


def test_the_card_lists_the_bureau_and_the_places_leaders(places, leaders, details):
    card = queries.card_for(places.hecheng)
    assert card.title == "鹤城区信访便民一卡通"
    assert details in card.units and [x.name for x in card.leaders] == ["Hugo"]


def test_a_unit_without_public_details_is_left_out(places, details):
    assert places.zhongfang_bureau not in queries.card_for(places.zhongfang).units


@pytest.mark.skipif(
    not any(Path(f).exists() for f in pdf.FONTS), reason="no Chinese font installed"
)
def test_the_pdf_is_a6_and_its_text_reads_back(places, leaders, details):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.card_pdf(queries.card_for(places.hecheng))))
    assert len(reader.pages) == 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (105, 148)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "鹤城区信访便民一卡通" in text and "0745-2712345" in text and "区长：Hugo" in text


def test_without_a_font_the_pdf_says_what_to_install(places, details, settings, monkeypatch):
    monkeypatch.setattr(pdf, "FONTS", ())
    settings.XINFANG_PDF_FONT = ""
    with pytest.raises(pdf.NoFont, match="fonts-wqy-microhei"):
        pdf.card_pdf(queries.card_for(places.hecheng))


def test_the_portal_shows_the_same_card(client, places, details):
    page = client.get(f"/portal/contact/?region={places.hecheng.code}").content.decode()
    assert "便民一卡通" in page and "鹤城区迎丰中路1号" in page


def test_staff_reach_the_card_from_the_menu(client, cast, details):
    client.force_login(cast.alice)
    page = client.get("/contacts/?region=431202").content.decode()
    assert 'href="/contacts/"' in page and "0745-2712345" in page
