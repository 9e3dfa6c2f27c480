from __future__ import annotations

import datetime as dt

from xinfang.lib import timesource
from xinfang.petitions.models import Channel, Petition
from xinfang.petitions.numbering import hash_query_code


def test_it_registers_an_online_petition_and_shows_number_and_code(cast, places, submit):
    response, number, code = submit()
    assert response.status_code == 200
    petition = Petition.objects.get(number=number)
    assert petition.channel == Channel.ONLINE
    assert petition.query_code_hash == hash_query_code(code)


def test_it_registers_through_the_county_bureau_intake_account(cast, places, submit):
    _, number, _ = submit()
    petition = Petition.objects.get(number=number)
    assert petition.registering_unit == places.hecheng_bureau
    assert petition.registered_by.username == "portal-431202"
    assert not petition.registered_by.is_active


def test_it_sends_a_city_matter_to_the_city_bureau(cast, places, submit):
    _, number, _ = submit(region=places.city.pk)
    assert Petition.objects.get(number=number).registering_unit == places.city_bureau


def test_it_never_registers_twice_for_a_resent_form(cast, visitor, form_data):
    data = form_data(visitor)
    visitor.post("/portal/submit/", data)
    second = visitor.post("/portal/submit/", data, follow=True)
    assert Petition.objects.count() == 1
    assert "petition-number" in second.content.decode()


def test_it_never_registers_twice_when_the_nonce_comes_from_another_session(
    cast, visitor, form_data
):
    from django.test import Client

    data = form_data(visitor)
    visitor.post("/portal/submit/", data)
    other = Client(REMOTE_ADDR="203.0.113.8")
    other.post("/portal/submit/", data)
    assert Petition.objects.count() == 1


def test_it_refuses_a_wrong_challenge_answer(cast, submit):
    response, number, _ = submit(answer="99")
    assert number is None
    assert "验证题答案不正确" in response.content.decode()


def test_it_refuses_a_filled_honeypot(cast, submit):
    _, number, _ = submit(website="http://spam.example")
    assert number is None
    assert Petition.objects.count() == 0


def test_it_refuses_a_form_filled_too_fast(cast, submit, settings):
    settings.XINFANG_PORTAL_MIN_FILL_SECONDS = 60
    response, number, _ = submit()
    assert number is None
    assert "提交过快" in response.content.decode()


def test_the_fill_delay_is_read_through_the_clock_seam(cast, visitor, form_data, settings):
    """A form posted a minute after it was served (by the frozen clock) is not too fast."""
    settings.XINFANG_PORTAL_MIN_FILL_SECONDS = 60
    served = dt.datetime(2026, 3, 10, 10, 0, tzinfo=timesource.SHANGHAI)
    with timesource.freeze(served):
        data = form_data(visitor)
    with timesource.freeze(served + dt.timedelta(seconds=61)):
        response = visitor.post("/portal/submit/", data, follow=True)
    assert 'id="petition-number"' in response.content.decode()
    assert Petition.objects.count() == 1


def test_it_requires_csrf(cast, places, form_data, visitor):
    data = form_data(visitor)
    data.pop("csrfmiddlewaretoken")
    assert visitor.post("/portal/submit/", data).status_code == 403


def test_it_shows_the_intake_validation_on_the_field(cast, submit):
    response, number, _ = submit(id_number="431202199003070010")
    assert number is None
    assert "校验位" in response.content.decode()


def test_it_requires_an_explicit_accusation_choice(cast, submit):
    response, number, _ = submit(is_accusation="")
    assert number is None


def test_it_accepts_an_organisation_with_its_credit_code(cast, submit):
    _, number, _ = submit(
        kind="organisation", name="怀化某某物业有限公司", id_number="91431200MA4L1A2B31"
    )
    assert Petition.objects.get(number=number).main_petitioner.id_type == "credit_code"


def test_it_refuses_a_credit_code_with_a_wrong_check_character(cast, submit):
    _, number, _ = submit(
        kind="organisation", name="怀化某某物业有限公司", id_number="91431200MA4L1A2B3C"
    )
    assert number is None


def test_it_keeps_an_accusation_out_of_publication(cast, submit):
    _, number, _ = submit(is_accusation="yes", consent_public="on")
    petition = Petition.objects.get(number=number)
    assert petition.is_accusation and not petition.consent_public


def test_it_limits_submissions_per_phone(cast, submit, settings, visitor):
    from django.test import Client

    settings.XINFANG_PORTAL_SUBMITS_PER_PHONE_PER_DAY = 1
    submit()
    response, number, _ = submit(client=Client(REMOTE_ADDR="203.0.113.9"))
    assert response.status_code == 429
    assert number is None


def test_it_limits_submissions_per_ip(cast, submit, settings):
    settings.XINFANG_PORTAL_SUBMITS_PER_IP_PER_HOUR = 1
    submit()
    response, _, _ = submit(phone="13907451111")
    assert response.status_code == 429


def test_it_refuses_an_attachment_of_a_forbidden_type(cast, submit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response, number, _ = submit(attachments=bad)
    assert number is None
    assert "不支持的文件类型" in response.content.decode()


def test_it_stores_an_allowed_attachment(cast, submit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("photo.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    _, number, _ = submit(attachments=pdf)
    assert Petition.objects.get(number=number).attachments.count() == 1


def test_a_bad_id_number_is_named_with_a_missing_title_in_one_pass(cast, submit):
    response, number, _ = submit(id_number="431202199003070010", title="")
    form = response.context["form"]
    assert number is None
    assert "title" in form.errors and "校验位" in form.errors["id_number"][0]
    assert "有 2 处需要修改" in response.content.decode()
