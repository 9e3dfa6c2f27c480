"""The staff pages for petitions, driven through Django's test client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xinfang.events.models import Event, EventKind
from xinfang.petitions import actions
from xinfang.petitions.models import Petition


def form_data(places, **overrides):
    data = {
        "token": "t-1",
        "channel": "visit",
        "received_on": "2026-03-09",
        "lodged_with": "怀化市信访局",
        "level": "city",
        "petitioner_count": "1",
        "people_concerned": "",
        "region": str(places.hecheng.pk),
        "title": "工地拖欠农民工工资",
        "content": "某建筑工地拖欠我们12名工人工资共计36万元，多次讨要无果。",
        "demands": "请求责成公司结清工资",
        "purpose": "request",
        "content_class": str(places.wages.pk),
        "petitioners-TOTAL_FORMS": "1",
        "petitioners-INITIAL_FORMS": "0",
        "petitioners-MIN_NUM_FORMS": "1",
        "petitioners-MAX_NUM_FORMS": "50",
        "petitioners-0-kind": "person",
        "petitioners-0-name": "刘德华",
        "petitioners-0-id_type": "resident_id",
        "petitioners-0-id_number": "431202199003070019",
        "petitioners-0-phone": "13807451234",
        "petitioners-0-is_main": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def alice_client(client, cast):
    client.force_login(cast.alice)
    return client


def test_the_registration_page_shows_the_form(alice_client):
    response = alice_client.get(reverse("petitions:register"))
    assert response.status_code == 200
    assert "登记信访件" in response.content.decode()


def test_registering_redirects_to_the_receipt_with_the_query_code(alice_client, places):
    response = alice_client.post(reverse("petitions:register"), form_data(places), follow=True)
    petition = Petition.objects.get()
    assert response.redirect_chain[-1][0] == reverse("petitions:registered", args=[petition.number])
    page = response.content.decode()
    assert petition.number in page and 'id="query-code"' in page


def test_the_query_code_is_shown_only_once(alice_client, places):
    alice_client.post(reverse("petitions:register"), form_data(places))
    petition = Petition.objects.get()
    url = reverse("petitions:registered", args=[petition.number])
    assert 'id="query-code"' in alice_client.get(url).content.decode()
    assert 'id="query-code"' not in alice_client.get(url).content.decode()


def test_a_bad_id_number_shows_a_chinese_message_on_the_field(alice_client, places):
    data = form_data(places, **{"petitioners-0-id_number": "431202199003070011"})
    response = alice_client.post(reverse("petitions:register"), data)
    assert response.status_code == 200
    assert "身份证号码校验位不正确" in response.content.decode()
    assert Petition.objects.count() == 0


def test_a_missing_title_and_a_bad_id_number_are_shown_in_one_pass(alice_client, places):
    data = form_data(places, title="", **{"petitioners-0-id_number": "431202199003070011"})
    response = alice_client.post(reverse("petitions:register"), data)
    form, people = response.context["form"], response.context["formset"].forms
    assert "title" in form.errors
    assert people[0].errors["id_number"] == ["身份证号码校验位不正确，请核对"]
    assert "有 2 处需要修改" in response.content.decode()
    assert Petition.objects.count() == 0


def test_a_visit_without_the_main_petitioners_id_is_named_with_the_other_errors(
    alice_client, places
):
    data = form_data(places, content="", **{"petitioners-0-id_number": ""})
    people = alice_client.post(reverse("petitions:register"), data).context["formset"].forms
    assert people[0].errors["id_number"] == ["来访登记须填写主信访人证件号码"]


def test_a_resent_form_does_not_register_twice(alice_client, places):
    alice_client.post(reverse("petitions:register"), form_data(places))
    response = alice_client.post(reverse("petitions:register"), form_data(places))
    assert Petition.objects.count() == 1
    assert response.status_code == 302


def test_a_collective_visit_with_two_petitioners(alice_client, places):
    data = form_data(
        places,
        channel="collective_visit",
        petitioner_count="8",
        **{
            "petitioners-TOTAL_FORMS": "2",
            "petitioners-1-kind": "person",
            "petitioners-1-name": "陈小红",
            "petitioners-1-id_type": "resident_id",
            "petitioners-1-id_number": "11010519491231002X",
        },
    )
    alice_client.post(reverse("petitions:register"), data)
    petition = Petition.objects.get()
    assert petition.petitioner_count == 8
    assert list(petition.petitioners.values_list("name", flat=True)) == ["刘德华", "陈小红"]


def test_an_uploaded_attachment_is_downloaded_as_a_file_never_inline(alice_client, places):
    upload = SimpleUploadedFile("欠条.pdf", b"%PDF-1.4 IOU", content_type="application/pdf")
    alice_client.post(reverse("petitions:register"), {**form_data(places), "attachments": upload})
    petition = Petition.objects.get()
    item = petition.attachments.get()
    response = alice_client.get(reverse("petitions:attachment", args=[petition.number, item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 IOU"


def test_the_department_may_not_open_the_registration_page(client, cast):
    client.force_login(cast.dave)
    assert client.get(reverse("petitions:register")).status_code == 404


def test_the_case_page_masks_personal_data(alice_client, register):
    petition = register()
    page = alice_client.get(petition.get_absolute_url()).content.decode()
    assert "431202********0019" in page
    assert "431202199003070019" not in page
    assert "138****1234" in page


def test_revealing_an_id_number_is_logged(alice_client, cast, register):
    petition = register()
    person = petition.petitioners.get()
    url = reverse("petitions:reveal", args=[petition.number, person.pk, "id_number"])
    response = alice_client.post(url, headers={"HX-Prompt": "电话回访"})
    assert "431202199003070019" in response.content.decode()
    event = Event.objects.get(kind=EventKind.PERSONAL_DATA_REVEALED)
    assert event.actor == cast.alice and event.petition == petition


def test_the_case_page_shows_the_timeline(alice_client, register):
    petition = register()
    page = alice_client.get(petition.get_absolute_url()).content.decode()
    assert "新建信访事项" in page and "登记来访（个体访）" in page


def test_a_handler_from_another_county_gets_404_on_the_case_page(client, cast, register):
    petition = register()
    client.force_login(cast.carol)
    assert client.get(petition.get_absolute_url()).status_code == 404
    person = petition.petitioners.get()
    reveal = reverse("petitions:reveal", args=[petition.number, person.pk, "phone"])
    assert client.post(reveal).status_code == 404
    assert not Event.objects.filter(kind=EventKind.PERSONAL_DATA_REVEALED).exists()


def test_the_list_finds_a_petition_by_free_text(alice_client, register):
    register(title="小区电梯停运")
    response = alice_client.get(reverse("petitions:list"), {"q": "电梯"})
    assert "小区电梯停运" in response.content.decode()
    assert "共 1 件" in response.content.decode()


def test_the_list_filters_by_channel_and_region(alice_client, places, register):
    register()
    register(channel="online", region=places.zhongfang, title="中方县网上信访")
    page = alice_client.get(reverse("petitions:list"), {"channel": "online"}).content.decode()
    assert "中方县网上信访" in page and "共 1 件" in page
    page = alice_client.get(
        reverse("petitions:list"), {"region": places.hecheng.pk}
    ).content.decode()
    assert "中方县网上信访" not in page and "共 1 件" in page


def test_the_list_filters_by_flag_and_repeat(alice_client, register):
    first = register(title="首次反映")
    register(title="再次反映", repeat_of=first.matter, is_urgent=True)
    page = alice_client.get(reverse("petitions:list"), {"repeat": "repeat"}).content.decode()
    assert "再次反映" in page and "首次反映" not in page
    page = alice_client.get(reverse("petitions:list"), {"flags": "is_urgent"}).content.decode()
    assert "共 1 件" in page


def test_the_list_never_shows_another_countys_cases(client, cast, register):
    register(title="鹤城区的事")
    client.force_login(cast.carol)
    page = client.get(reverse("petitions:list")).content.decode()
    assert "鹤城区的事" not in page and "共 0 件" in page


def test_an_htmx_request_gets_only_the_table(alice_client, register):
    register()
    response = alice_client.get(reverse("petitions:list"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()


def test_assigning_a_unit_notifies_its_staff(client, cast, places, register):
    petition = register()
    actions.assign_to_unit(cast.alice, petition.matter, places.housing)
    client.force_login(cast.dave)
    page = client.get(reverse("home")).content.decode()
    assert 'id="unread-count">1<' in page
