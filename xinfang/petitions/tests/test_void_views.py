"""The case page's 作废 and 重置查询码, and the audit page of voided petitions.

alice registered the petitions (city registrar); frank is another city registrar; grace
supervises the city bureau; bob handles 鹤城区 cases; carol 中方县 ones.
"""

from __future__ import annotations

from xinfang.intake.actions import void_petition
from xinfang.petitions import numbering
from xinfang.petitions.models import Petition

VOID_BUTTON = 'id="void"'


def test_the_registrar_is_offered_the_void_button(client, cast, register):
    client.force_login(cast.alice)
    assert VOID_BUTTON in client.get(register().get_absolute_url()).content.decode()


def test_another_registrar_is_not_offered_it(client, cast, register):
    client.force_login(cast.frank)
    assert VOID_BUTTON not in client.get(register().get_absolute_url()).content.decode()


def test_voiding_from_the_case_page_returns_to_it_saying_so(client, cast, register):
    petition = register()
    client.force_login(cast.alice)
    response = client.post(
        f"/petitions/{petition.number}/void/", {"reason": "重复登记"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == petition.get_absolute_url()
    assert "本信访件已作废" in page and "重复登记" in page
    assert VOID_BUTTON not in page


def test_voiding_without_a_reason_says_why_and_changes_nothing(client, cast, register):
    petition = register()
    client.force_login(cast.alice)
    page = client.post(f"/petitions/{petition.number}/void/", {"reason": ""}, follow=True)
    assert "请填写作废原因" in page.content.decode()
    assert not Petition.objects.get(pk=petition.pk).is_voided


def test_a_user_outside_the_region_cannot_void_it(client, cast, register):
    petition = register()
    client.force_login(cast.carol)
    assert (
        client.post(f"/petitions/{petition.number}/void/", {"reason": "x" * 4}).status_code == 404
    )
    assert not Petition.objects.get(pk=petition.pk).is_voided


def test_a_voided_petition_stays_readable_without_its_actions(client, cast, register, places):
    petition = void_petition(cast.alice, register(), reason="重复登记")
    client.force_login(cast.bob)
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "本信访件已作废" in page
    assert "重置查询码" not in page and 'id="procedure"' not in page


def test_a_voided_petition_leaves_the_case_list(client, cast, register):
    petition = void_petition(cast.alice, register(), reason="重复登记")
    client.force_login(cast.alice)
    assert petition.number not in client.get("/petitions/").content.decode()


def test_the_audit_page_lists_voided_petitions_with_the_reason(client, register, cast, grace):
    petition = void_petition(cast.alice, register(), reason="重复登记")
    client.force_login(grace)
    page = client.get("/petitions/voided/").content.decode()
    assert petition.number in page and "重复登记" in page


def test_the_audit_page_is_for_supervisors(client, cast):
    client.force_login(cast.alice)
    assert client.get("/petitions/voided/").status_code == 404


def test_the_voiding_shows_on_the_matter_timeline_of_its_repeats_first(client, cast, register):
    first = register()
    repeat = register(repeat_of=first.matter)
    void_petition(cast.alice, repeat, reason="重复登记")
    client.force_login(cast.alice)
    assert f"作废信访件 {repeat.number}" in client.get(first.get_absolute_url()).content.decode()


def test_reissuing_the_query_code_asks_first(client, cast, register):
    client.force_login(cast.alice)
    page = client.get(register().get_absolute_url()).content.decode()
    assert 'id="reissue"' in page and "确认重置" in page


def test_a_reissued_code_is_shown_once_on_the_case_page(client, cast, register):
    petition = register()
    client.force_login(cast.alice)
    response = client.post(f"/petitions/{petition.number}/reissue-code/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == petition.get_absolute_url()
    assert "登记成功" not in page
    code = page.split('id="query-code">')[1].split("<")[0]
    assert Petition.objects.get(pk=petition.pk).query_code_hash == numbering.hash_query_code(code)
    assert 'id="query-code"' not in client.get(petition.get_absolute_url()).content.decode()
