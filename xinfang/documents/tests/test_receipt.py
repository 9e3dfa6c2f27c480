"""The counter receipt (登记回执): the 查询码 only right after registration."""

from __future__ import annotations

from xinfang.documents.tests.conftest import docx_text


def test_the_receipt_right_after_registration_shows_the_code(client, cast, register, settings):
    settings.XINFANG_PORTAL_URL = "https://xf.huaihua.gov.cn/portal/"
    petition = register()
    client.force_login(cast.alice)
    session = client.session
    session["new_query_code"] = [petition.number, "K7M2Q9XP"]
    session.save()
    html = client.get(f"/petitions/{petition.number}/receipt/").content.decode()
    assert "信访事项登记回执" in html
    assert 'id="receipt-code">K7M2Q9XP<' in html
    assert "张建国" in html and petition.number in html
    assert "https://xf.huaihua.gov.cn/portal/" in html
    assert "自收到之日起15日内" in html and "受理后60日内办结" in html


def test_the_receipt_printed_again_has_no_code(client, cast, register):
    petition = register()
    client.force_login(cast.alice)
    session = client.session
    session["new_query_code"] = [petition.number, "K7M2Q9XP"]
    session.save()
    client.get(f"/petitions/{petition.number}/receipt/")
    again = client.get(f"/petitions/{petition.number}/receipt/").content.decode()
    assert "K7M2Q9XP" not in again and "登记时已告知本人" in again
    reprint = client.get(f"/documents/cases/{petition.number}/receipt/").content.decode()
    assert "K7M2Q9XP" not in reprint and "登记时已告知本人" in reprint
    word = docx_text(client.get(f"/documents/cases/{petition.number}/receipt/docx/").content)
    assert "K7M2Q9XP" not in word and "登记时已告知本人" in word
