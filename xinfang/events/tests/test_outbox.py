"""The outbox: notify queues e-mail and SMS in the step's transaction, the worker sends them
later with retries, never twice, and picks up after a crash. A slow or dead mail server
never slows a registration. No network is used beyond a silent socket on 127.0.0.1.

Cast: bob (鹤城区 bureau handler) and frank (city registrar) may see the 鹤城区 matter and are
told of it; grace supervises the city and hears of 重大紧急 petitions as they are registered;
dave (住建局) hears of the matter once it is forwarded to his unit.
"""

import datetime as dt
import socket
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from xinfang.accounts.models import Role, User
from xinfang.conftest import at_once
from xinfang.events import outbox
from xinfang.events.actions import notify, record
from xinfang.events.models import EventKind, OutboxMessage, OutboxState
from xinfang.lib import timesource
from xinfang.workflow import actions
from xinfang.workflow.tests.conftest import at
from xinfang.workflow.tick import run_tick

FAKE = "xinfang.events.tests.test_outbox.FakeBackend"
BROKEN = "xinfang.events.tests.test_outbox.BrokenBackend"
BLOCKING = "xinfang.events.tests.test_outbox.BlockingBackend"
SMS = "xinfang.events.delivery.HttpSmsBackend"
EMAIL = "xinfang.events.delivery.EmailBackend"
MOMENT = dt.datetime(2026, 3, 26, 2, 0, tzinfo=dt.UTC)


class FakeBackend:
    """Reaches every user by username; remembers what it sent."""

    sent: list[tuple[str, str]] = []

    def address(self, user):
        return user.username

    def send(self, address, text):
        FakeBackend.sent.append((address, text))


class BrokenBackend(FakeBackend):
    tries = 0

    def send(self, address, text):
        BrokenBackend.tries += 1
        raise OSError("gateway down")


class BlockingBackend(FakeBackend):
    """A mail server that never answers: send waits until the test lets it go."""

    release = threading.Event()

    def send(self, address, text):
        BlockingBackend.release.wait(timeout=30)
        super().send(address, text)


@pytest.fixture(autouse=True)
def fake(settings):
    settings.XINFANG_NOTIFY_BACKENDS = [FAKE]
    FakeBackend.sent = []
    BrokenBackend.tries = 0
    BlockingBackend.release = threading.Event()
    return FakeBackend.sent


@pytest.fixture
def matter(register):
    return register().matter


@pytest.fixture
def grace(places):
    return User.objects.create_user(
        "grace", role=Role.SUPERVISOR, unit=places.city_bureau, region=places.city,
        email="grace@huaihua.example", phone="+8613807450001",
    )  # fmt: skip


def tell(matter, *users):
    event = record(EventKind.CLOCK_LATE, matter=matter, summary="超期催办：测试")
    return notify(event, users)


def pending():
    return OutboxMessage.objects.filter(state=OutboxState.PENDING)


def send_at(moment):
    with timesource.freeze(moment):
        return outbox.send_due()


# Queueing


def test_notify_queues_one_message_per_recipient_and_backend(cast, matter, settings):
    settings.XINFANG_NOTIFY_BACKENDS = [FAKE, EMAIL]
    cast.frank.email = "frank@jw.example"
    tell(matter, cast.bob, cast.frank)
    queued = sorted(pending().values_list("backend", "address"))
    assert queued == [(EMAIL, "frank@jw.example"), (FAKE, "bob"), (FAKE, "frank")]


def test_nothing_is_sent_inside_the_step(cast, matter, fake):
    tell(matter, cast.bob)
    assert fake == []
    assert pending().count() == 1


def test_nothing_is_queued_when_the_step_rolls_back(cast, matter):
    with pytest.raises(RuntimeError), transaction.atomic():
        tell(matter, cast.bob)
        raise RuntimeError("the step failed")
    assert not OutboxMessage.objects.exists()


def test_no_message_is_queued_without_a_backend(cast, matter, settings):
    settings.XINFANG_NOTIFY_BACKENDS = []
    assert tell(matter, cast.bob) == 1  # the bell still rings
    assert not OutboxMessage.objects.exists()


def test_the_sms_backend_queues_to_the_phone_on_the_staff_profile(cast, matter, settings):
    settings.XINFANG_NOTIFY_BACKENDS = [SMS]
    settings.XINFANG_SMS_GATEWAY_URL = "http://sms.gateway.invalid/send"
    cast.bob.phone = "+8613807450000"
    cast.bob.save()
    tell(matter, cast.bob, cast.frank)  # frank has no phone
    assert list(pending().values_list("address", flat=True)) == ["+8613807450000"]


# Sending


def test_the_worker_sends_each_message_once(cast, matter, fake):
    tell(matter, cast.bob)
    report = send_at(MOMENT)
    assert report.sent == 1
    assert fake == [("bob", f"【信访】超期催办：测试（事项{matter.number}）")]
    message = OutboxMessage.objects.get()
    assert message.state == OutboxState.SENT and message.sent_at == MOMENT
    assert send_at(MOMENT).sent == 0
    assert len(fake) == 1


def test_a_failed_send_stays_queued_and_is_tried_again_after_a_delay(cast, matter, settings):
    settings.XINFANG_NOTIFY_BACKENDS = [BROKEN]
    tell(matter, cast.bob)
    report = send_at(MOMENT)
    assert (report.sent, report.retrying) == (0, 1)
    message = pending().get()
    assert message.attempts == 1
    assert message.last_error == "OSError: gateway down"
    assert message.next_attempt_at == MOMENT + dt.timedelta(minutes=1)
    send_at(MOMENT + dt.timedelta(seconds=30))  # too early
    assert BrokenBackend.tries == 1
    send_at(MOMENT + dt.timedelta(minutes=1))
    assert BrokenBackend.tries == 2
    assert pending().get().next_attempt_at == MOMENT + dt.timedelta(minutes=3)  # 1, then 2


def test_the_message_goes_out_once_the_backend_recovers(cast, matter, settings, fake):
    settings.XINFANG_NOTIFY_BACKENDS = [BROKEN]
    tell(matter, cast.bob)
    send_at(MOMENT)
    OutboxMessage.objects.update(backend=FAKE)  # the gateway is back (same row, same path)
    send_at(MOMENT + dt.timedelta(minutes=1))
    assert [address for address, _ in fake] == ["bob"]
    assert OutboxMessage.objects.get().attempts == 2


def test_after_the_last_attempt_the_message_is_failed(cast, matter, settings):
    settings.XINFANG_NOTIFY_BACKENDS = [BROKEN]
    settings.XINFANG_OUTBOX_MAX_ATTEMPTS = 3
    tell(matter, cast.bob)
    moment = MOMENT
    for _ in range(5):
        send_at(moment)
        moment += dt.timedelta(hours=1)
    assert BrokenBackend.tries == 3
    message = OutboxMessage.objects.get()
    assert message.state == OutboxState.FAILED
    assert message.attempts == 3 and message.last_error == "OSError: gateway down"


def test_a_backend_that_fails_is_left_alone_for_the_rest_of_the_run(cast, matter, settings):
    settings.XINFANG_NOTIFY_BACKENDS = [BROKEN, FAKE]
    tell(matter, cast.bob, cast.frank)
    report = send_at(MOMENT)
    assert BrokenBackend.tries == 1  # one timeout per run, not one per message
    assert (report.sent, report.retrying) == (2, 1)
    untried = pending().exclude(attempts=1).get()
    assert untried.backend == BROKEN and untried.attempts == 0 and untried.claim == ""


# Crashes and concurrent workers


def test_a_worker_killed_mid_delivery_is_taken_over_once_its_claim_is_stale(
    cast, matter, fake, settings
):
    """Issue 16: messages claimed by a tick that was killed were never sent."""
    tell(matter, cast.bob)
    with timesource.freeze(MOMENT):
        [claimed] = outbox._claim(set())  # claimed, then the process dies before sending
    assert send_at(MOMENT + dt.timedelta(minutes=5)).sent == 0  # maybe still sending
    report = send_at(MOMENT + dt.timedelta(seconds=settings.XINFANG_OUTBOX_CLAIM_SECONDS + 1))
    assert report.sent == 1
    assert [address for address, _ in fake] == ["bob"]
    message = OutboxMessage.objects.get()
    assert message.state == OutboxState.SENT and message.attempts == 2  # the lost try counts


def test_a_second_worker_does_not_take_claimed_messages(cast, matter, fake):
    tell(matter, cast.bob, cast.frank)
    with timesource.freeze(MOMENT):
        first = outbox._claim(set())
        assert outbox._claim(set()) == []
    assert len(first) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_message_once(cast, places, register, fake):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    matter = register().matter
    staff = [
        User.objects.create_user(
            f"staff{i}", role=Role.HANDLER, unit=places.hecheng_bureau, region=places.hecheng
        )
        for i in range(120)
    ]
    tell(matter, *staff)
    _, errors = at_once(outbox.send_due)
    assert not errors
    assert sorted(address for address, _ in fake) == sorted(u.username for u in staff)
    assert OutboxMessage.objects.filter(state=OutboxState.SENT).count() == 120


# A slow or dead mail server never slows a step


def test_a_blocking_mail_server_does_not_slow_a_registration(register, grace, settings, fake):
    settings.XINFANG_NOTIFY_BACKENDS = [BLOCKING]
    started = time.perf_counter()
    petition = register(is_urgent=True)  # 重大紧急: grace is told at once
    elapsed = time.perf_counter() - started
    assert elapsed < 5  # the backend would hold it for 30 s
    message = pending().get()
    assert message.address == "grace" and fake == []
    BlockingBackend.release.set()  # the server answers again
    assert outbox.send_due().sent == 1
    assert fake == [("grace", f"【信访】{message.notification.event.summary}（事项{petition.matter.number}）")]  # fmt: skip


@pytest.fixture
def silent_smtp():
    """A mail server on 127.0.0.1 that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


def test_a_dead_smtp_server_leaves_the_registration_fast_and_the_mail_queued(
    register, grace, settings, silent_smtp, mailoutbox
):
    settings.XINFANG_NOTIFY_BACKENDS = [EMAIL]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", silent_smtp, 1
    started = time.perf_counter()
    register(is_urgent=True)
    assert time.perf_counter() - started < 1  # never waited on the server
    report = outbox.send_due()  # the worker waits (EMAIL_TIMEOUT), not the registrar
    assert report.retrying == 1
    message = pending().get()
    assert message.address == "grace@huaihua.example" and "timed out" in message.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # fixed
    with timesource.freeze(timesource.now() + dt.timedelta(minutes=2)):
        assert outbox.send_due().sent == 1
    assert [mail.to for mail in mailoutbox] == [["grace@huaihua.example"]]


# The tick and the commands


def test_the_tick_queues_its_reminders_and_the_tick_command_sends_them(cast, places, matter, fake):
    forwarded = actions.forward(cast.alice, matter, places.housing)
    fake.clear()
    OutboxMessage.objects.all().delete()
    with at(dt.date(2026, 3, 26)):
        run_tick()
        assert pending().filter(address="dave").count() == 1
        out = StringIO()
        call_command("tick", stdout=out)
    assert ("dave", f"【信访】超期催办：受理告知期限已于2026-03-25到期，已超期1天（事项{forwarded.number}）") in fake  # fmt: skip
    assert "outbox sent=" in out.getvalue()


def test_the_worker_sends_the_outbox(cast, matter, fake):
    tell(matter, cast.bob)
    call_command("worker", "--once", stdout=StringIO())
    assert [address for address, _ in fake] == ["bob"]


# What an admin sees and does


def test_failed_messages_are_listed_for_an_admin_and_can_be_queued_again(
    cast, matter, settings, admin_client
):
    settings.XINFANG_NOTIFY_BACKENDS = [BROKEN]
    settings.XINFANG_OUTBOX_MAX_ATTEMPTS = 1
    tell(matter, cast.bob, cast.frank)
    send_at(MOMENT)  # frank's message is released untried: the backend is down
    url = reverse("admin:events_outboxmessage_changelist")
    page = admin_client.get(url, {"state__exact": "failed"}).content.decode()
    assert "OSError: gateway down" in page and ">bob<" in page and ">frank<" not in page
    failed = OutboxMessage.objects.get(state=OutboxState.FAILED)
    with timesource.freeze(MOMENT + dt.timedelta(hours=1)):
        response = admin_client.post(
            url,
            {"action": "retry", "_selected_action": [m.pk for m in OutboxMessage.objects.all()]},
        )
    assert response.status_code == 302
    again = OutboxMessage.objects.get(pk=failed.pk)
    assert again.state == OutboxState.PENDING and again.attempts == 0
    assert again.next_attempt_at == MOMENT + dt.timedelta(hours=1)
    assert pending().count() == 2  # the pending one was left as it was


def test_an_admin_cannot_edit_or_add_outbox_messages(cast, matter, admin_client):
    tell(matter, cast.bob)
    message = OutboxMessage.objects.get()
    assert admin_client.get(reverse("admin:events_outboxmessage_add")).status_code == 403
    admin_client.post(
        reverse("admin:events_outboxmessage_change", args=[message.pk]), {"address": "x"}
    )
    message.refresh_from_db()
    assert message.address == "bob"


def test_messages_sent_long_ago_are_dropped_and_the_others_kept(cast, matter, settings):
    settings.XINFANG_OUTBOX_KEEP_DAYS = 30
    tell(matter, cast.bob, cast.frank)
    send_at(MOMENT)
    tell(matter, cast.bob)  # a new event: still pending
    OutboxMessage.objects.filter(address="frank").update(state=OutboxState.FAILED)
    with timesource.freeze(MOMENT + dt.timedelta(days=31)):
        assert outbox.purge_sent() == 1
    assert sorted(OutboxMessage.objects.values_list("address", "state")) == [
        ("bob", OutboxState.PENDING), ("frank", OutboxState.FAILED),
    ]  # fmt: skip


def test_messages_sent_recently_are_kept(cast, matter):
    tell(matter, cast.bob)
    send_at(MOMENT)
    with timesource.freeze(MOMENT + dt.timedelta(days=29)):
        assert outbox.purge_sent() == 0
