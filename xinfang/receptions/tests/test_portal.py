"""The public schedule and 约访 booking on the portal: published receptions only, the
submission's anti-abuse, a confirmation with time, place and code, and no staff-only data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from xinfang.lib import timesource
from xinfang.receptions import actions
from xinfang.receptions.models import Booking, ReceptionForm

SOON = dt.datetime(2026, 3, 10, 10, 0, 30, tzinfo=timesource.SHANGHAI)


@pytest.fixture
def published(schedule, cast):
    reception = schedule(date=dt.date(2026, 3, 13), slots=2)
    return actions.publish_reception(cast.hugo, reception)


def _answer(question: str) -> str:
    numerals = "零一二三四五六七八九十"
    a, b = question[0], question[2]
    return str(numerals.index(a) + numerals.index(b))


def _form(client, reception):
    page = client.get(reverse("portal:book", args=[reception.pk])).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    question = page.split('<label for="id_answer">')[1].split("<")[0]
    return token, _answer(question)


def _book(client, reception, **values):
    token, answer = _form(client, reception)
    data = {"name": "欧阳秀梅", "phone": "13974509876", "topic": "小区电梯停运半年无人维修",
            "token": token, "answer": answer, "website": ""}  # fmt: skip
    data.update(values)
    with timesource.freeze(SOON):
        return client.post(reverse("portal:book", args=[reception.pk]), data)


def test_the_schedule_lists_published_receptions_only(published, schedule):
    draft = schedule(form=ReceptionForm.OPEN, date=dt.date(2026, 3, 20), slots=0, topics="草稿事项")
    page = Client().get(reverse("portal:schedule")).content.decode()
    assert "城乡建设、物业管理" in page
    assert reverse("portal:book", args=[published.pk]) in page
    assert "草稿事项" not in page
    assert reverse("portal:book", args=[draft.pk]) not in page


def test_a_petitioner_books_and_gets_time_place_and_code(published):
    client = Client()
    response = _book(client, published)
    assert response.status_code == 302
    booking = Booking.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert booking.code in page
    assert "2026年3月13日 09:00–12:00" in page
    assert "鹤城区人民来访接待中心" in page
    assert booking.phone == "+8613974509876"


def test_a_double_click_books_once(published):
    client = Client()
    token, answer = _form(client, published)
    data = {"name": "欧阳秀梅", "phone": "13974509876", "topic": "小区电梯停运半年无人维修",
            "token": token, "answer": answer}  # fmt: skip
    with timesource.freeze(SOON):
        client.post(reverse("portal:book", args=[published.pk]), data)
        second = client.post(reverse("portal:book", args=[published.pk]), data)
    assert second.status_code == 302
    assert Booking.objects.count() == 1


def test_a_wrong_answer_books_nothing(published):
    response = _book(Client(), published, answer="99")
    assert "验证题答案不正确" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_filled_honeypot_books_nothing(published):
    _book(Client(), published, website="http://spam.example")
    assert not Booking.objects.exists()


def test_a_form_sent_too_fast_books_nothing(published):
    client = Client()
    token, answer = _form(client, published)
    client.post(reverse("portal:book", args=[published.pk]), {
        "name": "欧阳秀梅", "phone": "13974509876", "topic": "小区电梯停运半年无人维修",
        "token": token, "answer": answer,
    })  # fmt: skip
    assert not Booking.objects.exists()


def test_one_booking_per_phone(published):
    _book(Client(), published)
    response = _book(Client(), published)
    assert "该手机号码已预约本场约访" in response.content.decode()


def test_a_full_reception_says_so(published):
    _book(Client(), published)
    _book(Client(), published, phone="13807451234")
    response = _book(Client(), published, phone="13807459999")
    assert "名额已满" in response.content.decode()
    assert Booking.objects.count() == 2


def test_the_ip_throttle_applies(published, settings):
    settings.XINFANG_PORTAL_SUBMITS_PER_IP_PER_HOUR = 1
    _book(Client(), published)
    response = _book(Client(), published, phone="13807451234")
    assert response.status_code == 429


def test_bookings_close_the_day_before(published):
    with timesource.freeze(dt.datetime(2026, 3, 13, 8, 0, tzinfo=timesource.SHANGHAI)):
        assert Client().get(reverse("portal:book", args=[published.pk])).status_code == 404


def test_a_draft_cannot_be_booked(schedule):
    draft = schedule()
    assert Client().get(reverse("portal:book", args=[draft.pk])).status_code == 404


def test_the_confirmation_is_for_this_browser_only(published):
    _book(Client(), published)
    response = Client().get(reverse("portal:booked"))
    assert response.status_code == 302


def test_no_staff_only_data_reaches_the_portal(published, held, cast, register, leaders):
    """Bookers' names and phones, the session's record and the petitions registered there
    stay on the staff side; the confirmation shows the booker only their own booking."""
    petition = register()
    actions.link_petition(cast.alice, held, petition)
    actions.record_session(
        cast.hugo, held, batches=1, people=3, instructions="内部交办意见：请住建局核查"
    )
    _book(Client(), published)
    secrets = ["欧阳秀梅", "13974509876", "9876", "小区电梯停运", "内部交办意见", petition.number,
               "张建国", Booking.objects.get().code]  # fmt: skip
    client = Client()
    for url in [
        "/portal/",
        reverse("portal:schedule"),
        reverse("portal:book", args=[published.pk]),
    ]:
        body = client.get(url).content.decode()
        for secret in secrets:
            assert secret not in body, (url, secret)


def test_a_county_picked_shows_its_receptions_and_the_citys_not_anothers(
    schedule, leaders, cast, places
):
    def published_by(leader, place):
        return actions.publish_reception(leader.user, schedule(leader=leader, place=place))

    hecheng = published_by(leaders.hugo, "鹤城区人民来访接待中心")
    city = published_by(leaders.lena, "怀化市人民来访接待中心")
    zhongfang = published_by(leaders.zoe, "中方县人民来访接待中心")
    page = Client().get(f"/portal/receptions/?region={places.hecheng.pk}").content.decode()
    assert f"reception-{hecheng.pk}" in page and f"reception-{city.pk}" in page
    assert f"reception-{zhongfang.pk}" not in page
    assert "鹤城区及上级的接访，共 2 场" in page


def test_the_schedule_costs_the_same_queries_for_one_reception_or_three(schedule, leaders, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_the_page():
        with CaptureQueriesContext(connection) as seen:
            Client().get(reverse("portal:schedule"))
        return len(seen)

    actions.publish_reception(cast.hugo, schedule())
    one = queries_for_the_page()
    for day in (16, 17):
        actions.publish_reception(cast.hugo, schedule(date=dt.date(2026, 3, day)))
    assert queries_for_the_page() == one
