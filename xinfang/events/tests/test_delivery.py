"""Delivery: notifications reach the configured backends after commit, never before, and a
failing backend neither breaks the step nor stops the others. No network is used."""

import datetime as dt
import json
import logging

import pytest
from django.db import transaction

from xinfang.events import delivery
from xinfang.events.actions import notify, record
from xinfang.events.models import EventKind, Notification
from xinfang.workflow import actions
from xinfang.workflow.tests.conftest import at
from xinfang.workflow.tick import run_tick

FAKE = "xinfang.events.tests.test_delivery.FakeBackend"
BROKEN = "xinfang.events.tests.test_delivery.BrokenBackend"


class FakeBackend:
    sent: list[tuple[str, str]] = []

    def send(self, user, notification):
        FakeBackend.sent.append((user.username, delivery.text_of(notification)))


class BrokenBackend:
    def send(self, user, notification):
        raise OSError("gateway down")


@pytest.fixture
def matter(register):
    return register().matter


@pytest.fixture(autouse=True)
def fake(settings):
    settings.XINFANG_NOTIFY_BACKENDS = [FAKE]
    FakeBackend.sent = []
    return FakeBackend.sent


def tell(cast, matter, *users):
    """Notify `users` (who may all see `matter`: the audience rule drops anyone else)."""
    event = record(EventKind.CLOCK_LATE, matter=matter, summary="超期催办：测试")
    return notify(event, users)


def test_notify_hands_each_notification_to_the_backend_after_commit(
    cast, matter, fake, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, matter, cast.bob, cast.alice)
        assert fake == []  # not before the commit
    assert sorted(name for name, _ in fake) == ["alice", "bob"]
    assert fake[0][1] == f"【信访】超期催办：测试（事项{matter.number}）"


def test_nothing_is_delivered_when_the_step_rolls_back(
    cast, matter, fake, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tell(cast, matter, cast.bob)
        raise RuntimeError("the step failed")
    assert fake == []


def test_the_in_app_notification_is_kept_without_any_backend(
    cast, matter, settings, fake, django_capture_on_commit_callbacks
):
    settings.XINFANG_NOTIFY_BACKENDS = []
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, matter, cast.bob)
    assert Notification.objects.filter(recipient=cast.bob).count() == 1
    assert fake == []


def test_a_failing_backend_is_logged_and_the_next_still_delivers(
    cast, matter, settings, fake, caplog, django_capture_on_commit_callbacks
):
    settings.XINFANG_NOTIFY_BACKENDS = [BROKEN, FAKE]
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, matter, cast.bob)
    assert [name for name, _ in fake] == ["bob"]
    assert "BrokenBackend failed" in caplog.text


def test_the_tick_delivers_its_reminders(
    cast, places, matter, fake, django_capture_on_commit_callbacks
):
    forwarded = actions.forward(cast.alice, matter, places.housing)
    with at(dt.date(2026, 3, 26)), django_capture_on_commit_callbacks(execute=True):
        run_tick()
    assert ("dave", f"【信访】超期催办：受理告知期限已于2026-03-25到期，已超期1天（事项{forwarded.number}）") in fake  # fmt: skip


def test_the_console_backend_writes_a_line_to_the_notify_logger(cast, matter, caplog):
    event = record(EventKind.CLOCK_WARNING, matter=matter, summary="受理告知期限将于2026-03-25到期")
    [notification] = [Notification(recipient=cast.dave, event=event)]
    with caplog.at_level(logging.INFO, logger="xinfang.notify"):
        delivery.ConsoleBackend().send(cast.dave, notification)
    assert caplog.records[-1].name == "xinfang.notify"
    assert "dave" in caplog.text and matter.number in caplog.text


def test_the_email_backend_mails_a_user_with_an_address(cast, matter, mailoutbox):
    cast.dave.email = "dave@zhujian.example"
    event = record(EventKind.CLOCK_LATE, matter=matter, summary="超期催办：测试")
    delivery.EmailBackend().send(cast.dave, Notification(recipient=cast.dave, event=event))
    [mail] = mailoutbox
    assert mail.to == ["dave@zhujian.example"]
    assert matter.number in mail.subject


def test_the_email_backend_skips_a_user_without_an_address(cast, matter, mailoutbox):
    event = record(EventKind.CLOCK_LATE, matter=matter, summary="超期催办：测试")
    delivery.EmailBackend().send(cast.dave, Notification(recipient=cast.dave, event=event))
    assert mailoutbox == []


@pytest.fixture
def gateway(settings, monkeypatch):
    """A fake SMS gateway in place of urllib's urlopen."""
    settings.XINFANG_SMS_GATEWAY_URL = "http://sms.gateway.invalid/send"
    calls = []

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b"ok"

    def urlopen(request, timeout):
        calls.append((request, timeout))
        if getattr(urlopen, "fail", False):
            raise OSError("connection refused")
        return Response()

    monkeypatch.setattr(delivery.urllib.request, "urlopen", urlopen)
    return calls, urlopen


def test_the_sms_backend_posts_phone_and_text_as_json(cast, matter, gateway):
    calls, _ = gateway
    cast.dave.phone = "13807450000"
    event = record(EventKind.CLOCK_LATE, matter=matter, summary="超期催办：测试")
    delivery.HttpSmsBackend().send(cast.dave, Notification(recipient=cast.dave, event=event))
    [(request, timeout)] = calls
    assert request.full_url == "http://sms.gateway.invalid/send"
    assert request.get_method() == "POST" and timeout == 5
    body = json.loads(request.data)
    assert body == {
        "phone": "13807450000",
        "text": f"【信访】超期催办：测试（事项{matter.number}）",
    }


def test_the_sms_backend_skips_a_user_without_a_phone(cast, matter, gateway):
    calls, _ = gateway
    event = record(EventKind.CLOCK_LATE, matter=matter, summary="超期催办：测试")
    delivery.HttpSmsBackend().send(cast.dave, Notification(recipient=cast.dave, event=event))
    assert calls == []


def test_a_gateway_error_is_logged_not_raised(cast, matter, gateway, caplog):
    _, urlopen = gateway
    urlopen.fail = True
    cast.dave.phone = "13807450000"
    event = record(EventKind.CLOCK_LATE, matter=matter, summary="超期催办：测试")
    delivery.HttpSmsBackend().send(cast.dave, Notification(recipient=cast.dave, event=event))
    assert "sms to user" in caplog.text and "connection refused" in caplog.text
