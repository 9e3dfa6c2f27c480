"""The daily digest: a user who chose it gets their SMS and e-mail once a day, as one
message; the bell is unchanged; everyone else is told as things happen.

frank chose the digest; bob did not."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.events import outbox
from xinfang.events.actions import notify, record, set_daily_digest
from xinfang.events.models import EventKind, Notification, OutboxMessage
from xinfang.events.tests.test_outbox import FAKE, FakeBackend
from xinfang.lib import timesource

BEFORE_EIGHT = dt.datetime(2026, 3, 10, 6, 0, tzinfo=timesource.SHANGHAI)
AT_EIGHT = dt.datetime(2026, 3, 10, 8, 0, tzinfo=timesource.SHANGHAI)


@pytest.fixture(autouse=True)
def fake(settings):
    settings.XINFANG_NOTIFY_BACKENDS = [FAKE]
    settings.XINFANG_DIGEST_HOUR = 8
    FakeBackend.sent = []
    return FakeBackend.sent


@pytest.fixture
def three_reminders(cast, register):
    set_daily_digest(cast.frank, True)
    matter = register().matter
    with timesource.freeze(BEFORE_EIGHT):
        for day in range(3):
            notify(
                record(EventKind.CLOCK_LATE, matter=matter, summary=f"超期第{day + 1}天"),
                [cast.frank, cast.bob],
            )
    return matter


def _send(moment):
    with timesource.freeze(moment):
        return outbox.send_due()


def test_the_bell_is_told_at_once(cast, three_reminders):
    assert Notification.objects.filter(recipient=cast.frank).count() == 3


def test_a_digest_users_messages_wait_for_the_hour(cast, three_reminders, fake):
    _send(BEFORE_EIGHT)
    assert [address for address, _ in fake] == ["bob", "bob", "bob"]


def test_at_the_hour_they_go_as_one_message(cast, three_reminders, fake):
    _send(BEFORE_EIGHT)
    fake.clear()
    report = _send(AT_EIGHT)
    assert [address for address, _ in fake] == ["frank"]
    text = fake[0][1]
    assert text.startswith("【信访】每日通知汇总（3条）") and "超期第3天" in text
    assert report.sent == 3  # each row is marked sent


def test_a_digest_is_sent_once(cast, three_reminders, fake):
    _send(AT_EIGHT)
    fake.clear()
    _send(AT_EIGHT + dt.timedelta(hours=1))
    assert fake == []


def test_a_long_digest_counts_the_rest(cast, register, fake):
    set_daily_digest(cast.frank, True)
    matter = register().matter
    with timesource.freeze(BEFORE_EIGHT):
        for i in range(13):
            notify(record(EventKind.CLOCK_LATE, matter=matter, summary=f"提醒{i}"), [cast.frank])
    _send(AT_EIGHT)
    assert "……另有3条，请登录系统查看" in fake[0][1]


def test_the_choice_is_made_on_the_notifications_page(client, cast):
    client.force_login(cast.bob)
    client.post("/notifications/digest/", {"daily_digest": "on"})
    cast.bob.refresh_from_db()
    assert cast.bob.daily_digest
    assert "checked" in client.get("/notifications/").content.decode()


def test_after_the_hour_messages_wait_for_the_next_day(cast, register):
    set_daily_digest(cast.frank, True)
    late = dt.datetime(2026, 3, 10, 9, 30, tzinfo=timesource.SHANGHAI)
    with timesource.freeze(late):
        notify(record(EventKind.CLOCK_LATE, matter=register().matter, summary="x"), [cast.frank])
    held = OutboxMessage.objects.get()
    assert held.digest and held.next_attempt_at == AT_EIGHT + dt.timedelta(days=1)
