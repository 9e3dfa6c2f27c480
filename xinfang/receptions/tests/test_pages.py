"""The staff pages: schedule, publish, record, register from a reception, bookings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from xinfang.petitions.models import Petition
from xinfang.petitions.tests.test_views import form_data
from xinfang.receptions import actions
from xinfang.receptions.models import Reception, ReceptionPetition, Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_bureau_schedules_through_the_form(cast, leaders):
    response = _client(cast.bob).post(reverse("receptions:new"), {
        "leader": leaders.hugo.pk, "form": "appointment", "date": "2026-03-16",
        "starts_at": "09:00", "ends_at": "11:30", "place": "鹤城区人民来访接待中心",
        "topics": "教育、医疗", "slots": "6",
    })  # fmt: skip
    reception = Reception.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reception.get_absolute_url()
    assert (reception.slots, reception.status) == (6, Status.DRAFT)


def test_a_leader_schedules_only_themselves(cast, leaders):
    page = _client(cast.hugo).get(reverse("receptions:new")).content.decode()
    assert "Hugo（区长" in page
    assert "Zoe" not in page


def test_a_department_handler_has_no_schedule_form(cast, leaders):
    assert _client(cast.dave).get(reverse("receptions:new")).status_code == 404


def test_publishing_too_late_says_why(schedule, cast):
    reception = schedule(date=dt.date(2026, 3, 11))
    response = _client(cast.hugo).post(reverse("receptions:publish", args=[reception.pk]))
    assert response.status_code == 400
    assert "接访安排须至少提前2天向社会公布" in response.content.decode()


def test_the_register_button_opens_the_form_with_the_visit_channel(held, cast):
    page = _client(cast.bob).get(held.get_absolute_url()).content.decode()
    url = reverse("petitions:register") + f"?reception={held.pk}"
    assert url in page
    form = _client(cast.bob).get(url).content.decode()
    assert f'name="reception" value="{held.pk}"' in form
    assert '<option value="visit" selected>' in form
    assert "从领导接访登记" in form


def test_registering_from_a_reception_links_the_petition(held, cast, places):
    data = form_data(places, reception=str(held.pk), received_on="2026-03-10")
    response = _client(cast.bob).post(reverse("petitions:register"), data)
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert ReceptionPetition.objects.get().petition == petition
    page = _client(cast.bob).get(held.get_absolute_url()).content.decode()
    assert petition.number in page


def test_the_leader_has_no_register_button(held, cast):
    """Leaders do not register petitions (intake's rule); the bureau staff beside them do."""
    page = _client(cast.hugo).get(held.get_absolute_url()).content.decode()
    assert 'id="register-here"' not in page


def test_the_leader_records_through_the_page(held, cast):
    response = _client(cast.hugo).post(
        reverse("receptions:record", args=[held.pk]),
        {"batches": "4", "people": "9", "instructions": "请相关单位三日内答复群众。"},
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.batches, held.people) == (Status.HELD, 4, 9)


def test_a_bad_record_shows_the_message_on_the_field(held, cast):
    response = _client(cast.hugo).post(
        reverse("receptions:record", args=[held.pk]), {"batches": "4", "people": "2"}
    )
    assert response.status_code == 400
    assert "接待人次不能少于接待批次" in response.content.decode()


def test_the_leader_takes_a_case_on_through_the_page(held, cast, register, places):
    petition = register()
    actions.link_petition(cast.alice, held, petition)
    response = _client(cast.hugo).post(
        reverse("receptions:take_on", args=[held.pk]),
        {"petition": petition.number, "unit": places.housing.pk, "target_workdays": "15"},
    )
    assert response.status_code == 302
    page = _client(cast.hugo).get(held.get_absolute_url()).content.decode()
    assert 'id="cases"' in page


@pytest.fixture
def booked(schedule, cast):
    reception = schedule(date=dt.date(2026, 3, 13))
    actions.publish_reception(cast.hugo, reception)
    actions.book("n-1", reception, name="欧阳秀梅", phone="13974509876", topic="小区电梯停运")
    return reception


def test_staff_see_the_bookings_on_the_reception_page(booked, cast):
    page = _client(cast.bob).get(booked.get_absolute_url()).content.decode()
    assert "欧阳秀梅" in page and "小区电梯停运" in page


def test_the_workbench_shows_this_weeks_receptions(booked, cast):
    page = _client(cast.hugo).get(reverse("casework:workbench")).content.decode()
    assert 'id="week-receptions"' in page
    assert booked.get_absolute_url() in page
    assert "已约1人" in page


def test_the_menu_shows_receptions_to_leaders_and_the_rota_to_registrars(cast, leaders):
    assert reverse("receptions:list") in _client(cast.hugo).get("/").content.decode()
    assert reverse("receptions:rotas") in _client(cast.alice).get("/").content.decode()
