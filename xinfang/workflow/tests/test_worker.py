"""`xinfang worker`: runs the tick in a loop, survives a failing tick, stops on a signal."""

import os
import signal
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xinfang.events.models import EventKind, Notification
from xinfang.workflow.tests.conftest import at
from xinfang.workflow.tests.test_tick import LATE_DAY


def test_once_runs_a_tick(cast, forwarded):
    out = StringIO()
    with at(LATE_DAY):
        call_command("worker", "--once", stdout=out)
    assert "late=1" in out.getvalue()
    assert Notification.objects.filter(recipient=cast.dave, event__kind=EventKind.CLOCK_LATE)


def test_a_failing_tick_is_logged_and_the_worker_goes_on(db, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("xinfang.workflow.management.commands.worker.run_tick", broken)
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "tick failed" in caplog.text
    assert "worker stopped" in out.getvalue()


def test_sigterm_stops_the_loop_between_ticks(db, monkeypatch):
    ticks = []
    monkeypatch.setattr(
        "xinfang.workflow.management.commands.worker.run_tick", lambda: ticks.append(1) or "ok"
    )
    default = signal.getsignal(signal.SIGTERM)

    def terminate():
        # Only once the worker's own handler is in place (else SIGTERM would end pytest).
        deadline = time.monotonic() + 5
        while signal.getsignal(signal.SIGTERM) is default and time.monotonic() < deadline:
            time.sleep(0.01)
        if signal.getsignal(signal.SIGTERM) is not default:
            os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=terminate).start()
    started = time.monotonic()
    call_command("worker", "--interval", "60", stdout=StringIO())
    assert time.monotonic() - started < 10
    assert ticks == [1]
    assert signal.getsignal(signal.SIGTERM) is default


def test_the_interval_must_be_positive(db):
    with pytest.raises(CommandError):
        call_command("worker", "--interval", "0")
