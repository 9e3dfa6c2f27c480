"""Delivery backends: who each can reach, and what it sends. No network is used (the outbox
that queues and sends their messages is in test_outbox.py)."""

import json
import logging

import pytest

from xinfang.events import delivery
from xinfang.events.actions import record
from xinfang.events.models import EventKind, Notification


@pytest.fixture
def matter(register):
    return register().matter


def test_text_of_names_the_matter_by_its_number(cast, matter):
    event = record(EventKind.CLOCK_LATE, matter=matter, summary="超期催办：测试")
    notification = Notification(recipient=cast.dave, event=event)
    assert delivery.text_of(notification) == f"【信访】超期催办：测试（事项{matter.number}）"


def test_the_console_backend_writes_a_line_to_the_notify_logger(cast, matter, caplog):
    backend = delivery.ConsoleBackend()
    with caplog.at_level(logging.INFO, logger="xinfang.notify"):
        backend.send(backend.address(cast.dave), f"【信访】即将到期（事项{matter.number}）")
    assert caplog.records[-1].name == "xinfang.notify"
    assert "dave" in caplog.text and matter.number in caplog.text


def test_the_email_backend_mails_a_user_with_an_address(cast, matter, mailoutbox):
    cast.dave.email = "dave@zhujian.example"
    backend = delivery.EmailBackend()
    backend.send(backend.address(cast.dave), f"【信访】超期催办：测试（事项{matter.number}）")
    [mail] = mailoutbox
    assert mail.to == ["dave@zhujian.example"]
    assert matter.number in mail.subject


def test_the_email_backend_does_not_reach_a_user_without_an_address(cast):
    assert delivery.EmailBackend().address(cast.dave) == ""


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


def test_the_sms_backend_posts_phone_and_text_as_json(cast, gateway):
    calls, _ = gateway
    cast.dave.phone = "+8613807450000"
    backend = delivery.HttpSmsBackend()
    backend.send(backend.address(cast.dave), "【信访】超期催办：测试（事项X）")
    [(request, timeout)] = calls
    assert request.full_url == "http://sms.gateway.invalid/send"
    assert request.get_method() == "POST" and timeout == 5
    body = json.loads(request.data)
    assert body == {"phone": "+8613807450000", "text": "【信访】超期催办：测试（事项X）"}


def test_the_sms_backend_reaches_the_phone_on_the_staff_profile(cast, gateway):
    cast.dave.phone = "+8613807450000"
    assert delivery.HttpSmsBackend().address(cast.dave) == "+8613807450000"


def test_the_sms_backend_does_not_reach_a_user_without_a_phone(cast, gateway):
    assert delivery.HttpSmsBackend().address(cast.dave) == ""


def test_the_sms_backend_reaches_nobody_without_a_gateway(cast, settings):
    settings.XINFANG_SMS_GATEWAY_URL = ""
    cast.dave.phone = "+8613807450000"
    assert delivery.HttpSmsBackend().address(cast.dave) == ""


def test_a_gateway_error_is_raised_so_the_message_stays_queued(cast, gateway):
    _, urlopen = gateway
    urlopen.fail = True
    with pytest.raises(OSError, match="connection refused"):
        delivery.HttpSmsBackend().send("+8613807450000", "【信访】超期催办：测试")
