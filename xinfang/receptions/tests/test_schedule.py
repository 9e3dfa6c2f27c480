"""Scheduling, publishing, cancelling and recording a reception: who may, and the Chinese
messages of what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.receptions import actions
from xinfang.receptions.models import ReceptionForm, Status


def test_a_leader_schedules_their_own_reception_as_a_draft(schedule, leaders):
    reception = schedule()
    assert reception.status == Status.DRAFT
    assert reception.region == leaders.hugo.region
    assert reception.slots == 5


def test_the_county_bureau_arranges_for_its_leader(schedule, cast):
    assert schedule(actor=cast.bob).created_by == cast.bob


def test_another_countys_bureau_may_not(schedule, cast):
    with pytest.raises(NotAllowed):
        schedule(actor=cast.carol)


def test_a_leader_may_not_schedule_for_another_leader(schedule, leaders):
    with pytest.raises(NotAllowed):
        schedule(actor=leaders.zoe.user)


def test_an_online_reception_needs_a_link(schedule):
    with pytest.raises(Invalid) as caught:
        schedule(form=ReceptionForm.ONLINE, place="", slots=0)
    assert caught.value.errors["link"] == ["网上接访请填写接访链接（以 https:// 开头）"]


def test_an_online_reception_keeps_no_place(schedule):
    reception = schedule(form=ReceptionForm.ONLINE, link="https://xf.example.cn/room/1")
    assert (reception.place, reception.link) == ("", "https://xf.example.cn/room/1")


def test_a_reception_in_a_room_needs_a_place(schedule):
    with pytest.raises(Invalid) as caught:
        schedule(place=" ")
    assert caught.value.errors["place"] == ["请填写接访地点（2至120字）"]


def test_the_end_comes_after_the_start(schedule):
    with pytest.raises(Invalid) as caught:
        schedule(starts_at=dt.time(12, 0), ends_at=dt.time(9, 0))
    assert caught.value.errors["ends_at"] == ["结束时间应晚于开始时间"]


def test_a_past_date_is_refused(schedule):
    with pytest.raises(Invalid) as caught:
        schedule(date=dt.date(2026, 3, 9))
    assert caught.value.errors["date"] == ["接访日期不能早于今天"]


def test_an_appointment_reception_needs_slots(schedule):
    with pytest.raises(Invalid) as caught:
        schedule(slots=0)
    assert caught.value.errors["slots"] == ["约访请填写预约名额（1至50人）"]


def test_other_forms_take_no_bookings(schedule):
    assert schedule(form=ReceptionForm.OPEN, slots=9).slots == 0


def test_the_place_lies_within_the_leaders_region(schedule, places):
    with pytest.raises(Invalid) as caught:
        schedule(region=places.zhongfang)
    assert caught.value.errors["region"] == ["接访地区应在鹤城区范围内"]


def test_a_city_leader_goes_down_to_a_county(schedule, leaders, places):
    reception = schedule(
        leader=leaders.lena, form=ReceptionForm.VISIT_DOWN, region=places.zhongfang
    )
    assert reception.region == places.zhongfang


# Publishing: at least two calendar days ahead.


def test_it_publishes_two_days_ahead(schedule, leaders):
    reception = actions.publish_reception(leaders.hugo.user, schedule(date=dt.date(2026, 3, 12)))
    assert reception.status == Status.PUBLISHED
    assert reception.published_at is not None


def test_it_refuses_to_publish_less_than_two_days_ahead(schedule, leaders):
    reception = schedule(date=dt.date(2026, 3, 11))
    with pytest.raises(Invalid) as caught:
        actions.publish_reception(leaders.hugo.user, reception)
    assert caught.value.errors["date"] == [
        "接访安排须至少提前2天向社会公布：本次接访在2026年03月11日，最迟应于2026年03月09日公布"
    ]
    reception.refresh_from_db()
    assert reception.status == Status.DRAFT


def test_a_published_reception_is_not_published_again(schedule, leaders):
    reception = actions.publish_reception(leaders.hugo.user, schedule())
    with pytest.raises(DomainError, match="只有待公布的接访安排可以公布"):
        actions.publish_reception(leaders.hugo.user, reception)


def test_a_cancelled_reception_cannot_be_recorded(held, leaders):
    actions.cancel_reception(leaders.hugo.user, held)
    with pytest.raises(DomainError, match="已取消的接访不能记录"):
        actions.record_session(leaders.hugo.user, held, batches=1, people=1)


# Recording the session.


def test_the_leader_records_the_session(held, leaders):
    reception = actions.record_session(
        leaders.hugo.user, held, batches=3, people=7, instructions="请住建局一周内答复。"
    )
    reception.refresh_from_db()
    assert (reception.status, reception.batches, reception.people) == (Status.HELD, 3, 7)
    assert reception.instructions == "请住建局一周内答复。"


def test_a_future_session_cannot_be_recorded(schedule, leaders):
    with pytest.raises(Invalid) as caught:
        actions.record_session(leaders.hugo.user, schedule(), batches=1, people=1)
    assert caught.value.errors["batches"] == ["接访尚未进行，不能记录"]


def test_people_are_at_least_the_batches(held, leaders):
    with pytest.raises(Invalid) as caught:
        actions.record_session(leaders.hugo.user, held, batches=3, people=2)
    assert caught.value.errors["people"] == ["接待人次不能少于接待批次"]


def test_batches_are_at_least_the_petitions_registered(held, leaders, register, cast):
    actions.link_petition(cast.alice, held, register())
    with pytest.raises(Invalid) as caught:
        actions.record_session(leaders.hugo.user, held, batches=0, people=0)
    assert caught.value.errors["batches"] == ["本场接访已登记信访件1件，接待批次不能少于1"]


def test_a_record_may_be_corrected(held, leaders):
    actions.record_session(leaders.hugo.user, held, batches=1, people=1)
    actions.record_session(leaders.hugo.user, held, batches=2, people=4)
    held.refresh_from_db()
    assert (held.batches, held.people) == (2, 4)


def test_another_leader_may_not_record(held, leaders):
    with pytest.raises(NotAllowed):
        actions.record_session(leaders.zoe.user, held, batches=1, people=1)


# Cancelling from the reception's page.


def test_the_leader_cancels_a_reception_from_its_page(client, schedule, leaders):
    reception = schedule()
    client.force_login(leaders.hugo.user)
    page = client.post(f"/receptions/{reception.pk}/cancel/", follow=True).content.decode()
    reception.refresh_from_db()
    assert reception.status == Status.CANCELLED and "已取消该接访安排" in page


def test_another_countys_bureau_cannot_cancel_from_the_page(client, schedule, cast):
    reception = schedule()
    client.force_login(cast.carol)
    assert client.post(f"/receptions/{reception.pk}/cancel/").status_code == 404
    reception.refresh_from_db()
    assert reception.status == Status.DRAFT


def test_cancelling_twice_from_the_page_says_why_not(client, schedule, leaders):
    reception = actions.cancel_reception(leaders.hugo.user, schedule())
    client.force_login(leaders.hugo.user)
    response = client.post(f"/receptions/{reception.pk}/cancel/")
    assert response.status_code == 400 and response.context["error"]
