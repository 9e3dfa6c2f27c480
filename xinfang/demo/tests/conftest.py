"""The demo's test helpers, and one year built once for every read-only test of a module."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from xinfang.demo import corpus
from xinfang.lib import timesource
from xinfang.petitions.models import Matter, Petition

YEAR_END = "2026-03-01"
YEAR_END_DATE = dt.date(2026, 3, 1)
# The documented 8 city logins and 4 per county bureau, then a handler for each other city
# unit (14, three among the 8), each county's 4 units, the 5 townships and 中方县's resettlement
# bureau (挂点项目).
LOGINS = 8 + 13 * 4 + (14 - 3) + 13 * 4 + 5 + 1
YEAR_PETITIONS = 300


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Sixty PBKDF2 hashes take seconds; the tests check logins, not the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def without_shared(monkeypatch, tmp_path):
    """Run as a fresh install does: no ../shared beside the project."""
    monkeypatch.setenv("XINFANG_SHARED_DIR", str(tmp_path / "no-shared"))


@pytest.fixture
def shared_messages():
    if corpus.tipdm_dir() is None:
        pytest.skip(f"no message corpus at {corpus.shared_dir()}/data/tipdm2020 (../shared absent)")
    return corpus.tipdm_dir()


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def digest() -> str:
    """What a demo year looks like, in one value: numbers, texts, places, people, routing."""
    rows = []
    for p in Petition.objects.order_by("number").select_related("matter", "content_class"):
        main = p.main_petitioner
        units = sorted(p.matter.assignments.values_list("unit__name", flat=True))
        rows.append(
            f"{p.number}|{p.matter.number}|{p.title}|{p.channel}|{p.region_id}|"
            f"{p.content_class.code}|{p.received_on}|{main.id_number if main else ''}|{units}"
        )
    for m in Matter.objects.order_by("number"):
        steps = m.steps.order_by("created_at", "id").values_list("kind", "on", "outcome", "text")
        ratings = sorted(m.ratings.values_list("target", "level"))
        rows.append(f"{m.number}|{m.status}|{m.urgency}|{m.next_due_on}|{list(steps)}|{ratings}")
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def year_files(tmp_path_factory):
    """Where the year's attachments (photos, signed agreements) are stored: a test reading
    them points ATTACHMENT_ROOT here (each test otherwise gets an empty one of its own)."""
    return tmp_path_factory.mktemp("demo-files")


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker, tmp_path_factory, year_files):
    """A 300-petition year (seed 4) for a module's read-only tests, rolled back after them.

    Built once: the procedure makes a year several times slower to build than registration
    alone. Each test still runs in its own savepoint, so a stray write cannot leak.
    """
    shared = tmp_path_factory.mktemp("demo") / "no-shared"
    moment = dt.datetime(2026, 3, 10, 10, 0, tzinfo=timesource.SHANGHAI)
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ATTACHMENT_ROOT=year_files,
        ),
        timesource.freeze(moment),
        transaction.atomic(),
    ):
        patch.setenv("XINFANG_SHARED_DIR", str(shared))
        yield demo("--petitions", str(YEAR_PETITIONS), "--seed", "4", "--year-end", YEAR_END)
        transaction.set_rollback(True)
