"""The 文书 panel, issuing, access (404 outside the petition's reach) and the audit log."""

from __future__ import annotations

import pytest

from xinfang.documents import actions
from xinfang.documents.models import Document
from xinfang.documents.tests.conftest import docx_text, step_of
from xinfang.events.models import Event, EventKind
from xinfang.petitions.audit import looks
from xinfang.workflow import actions as workflow
from xinfang.workflow.models import StepKind


def test_the_panel_offers_the_accepting_unit_its_受理告知书(client, cast, accepted):
    client.force_login(cast.dave)
    html = client.get(f"/documents/cases/{accepted.number}/panel/").content.decode()
    assert "出具受理告知书" in html
    assert "登记回执" in html


def test_the_panel_shows_others_the_document_waiting_for_its_unit(client, cast, accepted):
    client.force_login(cast.alice)
    html = client.get(f"/documents/cases/{accepted.number}/panel/").content.decode()
    assert "出具受理告知书" not in html
    assert "待怀化市住房和城乡建设局出具" in html


def test_issuing_from_the_panel_numbers_and_opens_the_print_page(client, cast, accepted):
    client.force_login(cast.dave)
    step = step_of(accepted, StepKind.ACCEPT)
    response = client.post(f"/documents/cases/{accepted.number}/steps/{step.pk}/issue/")
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == f"/documents/{document.pk}/"
    html = client.get(f"/documents/cases/{accepted.number}/panel/").content.decode()
    assert document.number in html and f"/documents/{document.pk}/docx/" in html


def test_a_user_outside_the_region_gets_404(client, cast, accepted):
    document = actions.issue(cast.dave, step_of(accepted, StepKind.ACCEPT), accepted)
    client.force_login(cast.carol)  # 中方县: the case is about 鹤城区
    for url in (
        f"/documents/{document.pk}/",
        f"/documents/{document.pk}/docx/",
        f"/documents/cases/{accepted.number}/panel/",
        f"/documents/cases/{accepted.number}/receipt/",
        f"/documents/cases/{accepted.number}/receipt/docx/",
    ):
        assert client.get(url).status_code == 404, url
    step = step_of(accepted, StepKind.ACCEPT)
    assert (
        client.post(f"/documents/cases/{accepted.number}/steps/{step.pk}/issue/").status_code == 404
    )


def test_the_accused_unit_sees_nothing_of_an_accusation(client, cast, places, register):
    petition = register(
        is_accusation=True, purpose="accuse", accused_name="王某", accused_unit=places.housing
    )
    workflow.forward(cast.alice, petition.matter, places.discipline)
    document = actions.issue(cast.alice, step_of(petition, StepKind.FORWARD), petition)
    client.force_login(cast.dave)  # 市住建局, the accused unit
    assert client.get(f"/documents/{document.pk}/").status_code == 404
    assert client.get(f"/documents/{document.pk}/docx/").status_code == 404
    assert client.get(f"/documents/cases/{petition.number}/panel/").status_code == 404
    client.force_login(cast.erin)  # 纪委, to whom it was sent
    assert client.get(f"/documents/{document.pk}/").status_code == 200


def test_every_print_and_download_is_in_the_audit_log(client, cast, grace, accepted):
    document = actions.issue(cast.dave, step_of(accepted, StepKind.ACCEPT), accepted)
    client.force_login(cast.dave)
    client.get(f"/documents/{document.pk}/")
    client.get(f"/documents/{document.pk}/docx/")
    client.get(f"/documents/cases/{accepted.number}/receipt/docx/")
    logged = Event.objects.filter(kind=EventKind.DOCUMENT_DOWNLOADED, actor=cast.dave)
    assert {e.summary for e in logged} == {
        f"打印受理告知书（{document.number}）",
        f"下载受理告知书（{document.number}）",
        "下载信访事项登记回执",
    }
    assert set(looks(grace).filter(kind=EventKind.DOCUMENT_DOWNLOADED)) == set(logged)


def test_a_voided_petition_gets_no_new_document(client, cast, grace, forwarded):
    from xinfang.intake.actions import void_petition

    void_petition(grace, forwarded, reason="重复登记")
    client.force_login(cast.alice)
    step = step_of(forwarded, StepKind.FORWARD)
    client.post(f"/documents/cases/{forwarded.number}/steps/{step.pk}/issue/")
    assert not Document.objects.exists()


def test_the_patterns_page_shows_the_next_number_and_saves_a_pattern(client, cast):
    client.force_login(cast.alice)
    html = client.get("/documents/patterns/").content.decode()
    assert "怀信访告〔2026〕1号" in html
    response = client.post(
        "/documents/patterns/", {"kind": "accept", "pattern": "怀信告字〔{year}〕{seq}号"}
    )
    assert response.status_code == 302
    assert "怀信告字〔2026〕1号" in client.get("/documents/patterns/").content.decode()


def test_the_patterns_page_says_what_is_wrong_with_a_pattern(client, cast):
    client.force_login(cast.alice)
    html = client.post("/documents/patterns/", {"kind": "accept", "pattern": "怀信告"}).content
    assert "须包含 {year}（年度）和 {seq}（序号）" in html.decode()


def test_a_handler_has_no_patterns_page(client, cast):
    client.force_login(cast.bob)
    assert client.get("/documents/patterns/").status_code == 404


@pytest.mark.parametrize("with_code", [True, False])
def test_the_receipt_word_file_has_the_code_only_when_posted_right_after_registration(
    client, cast, draft, with_code
):
    from xinfang.intake.actions import register_petition

    result = register_petition(cast.alice, draft())
    client.force_login(cast.alice)
    url = f"/documents/cases/{result.petition.number}/receipt/docx/"
    body = {"query_code": result.query_code if with_code else "ABCDEFGH"}
    text = docx_text(client.post(url, body).content)
    assert (result.query_code in text) is with_code
    assert "张建国" in text and result.petition.number in text


def test_a_superuser_sets_any_units_pattern_in_the_admin(client, cast, places):
    from xinfang.documents.models import NumberPattern

    cast.alice.is_staff = cast.alice.is_superuser = True
    cast.alice.save()
    client.force_login(cast.alice)
    client.post(
        "/admin/documents/numberpattern/add/",
        {"unit": places.housing.pk, "kind": "answer", "pattern": "怀建处〔{year}〕{seq}号"},
    )
    row = NumberPattern.objects.get()
    assert (row.unit, row.pattern, row.updated_by) == (
        places.housing,
        "怀建处〔{year}〕{seq}号",
        cast.alice,
    )
