"""Retention: personal data of matters ended long ago is anonymised; the case, its history
and every count stay."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from xinfang.events.models import Event, EventKind
from xinfang.insight.models import RepeatKey
from xinfang.lib import timesource
from xinfang.petitions import storage
from xinfang.petitions.models import Attachment, Petition, Petitioner
from xinfang.stats.models import RateCount
from xinfang.workflow.actions import file_away

ELEVEN_YEARS_LATER = dt.datetime(2037, 3, 11, 10, 0, tzinfo=timesource.SHANGHAI)


def _run(*args) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def ended(cast, register):
    """A petition whose matter was filed away (存档) on 2026-03-10, with a scan attached."""
    petition = register(attachments=[SimpleUploadedFile("身份证.pdf", b"%PDF-1.4 id")])
    file_away(cast.alice, petition.matter, reason="咨询类，已当场解答")
    return petition


@pytest.fixture
def open_case(register):
    return register(title="工资拖欠", content="拖欠工资三个月")


def test_the_plan_counts_without_changing_anything(ended, open_case):
    with timesource.freeze(ELEVEN_YEARS_LATER):
        assert "1 件" in _run("plan")
    assert Petitioner.objects.filter(name="张建国").count() == 2


def test_apply_clears_the_personal_data_of_ended_matters_only(ended, open_case):
    with timesource.freeze(ELEVEN_YEARS_LATER):
        _run("apply")
    person = Petitioner.objects.get(petition=ended)
    assert (person.name, person.id_number, person.phone) == ("（已匿名）", "", "")
    assert Petition.objects.get(pk=ended.pk).anonymised_on == dt.date(2037, 3, 11)
    assert Petitioner.objects.get(petition=open_case).id_number == "431202199003070019"


def test_the_case_history_stays_and_says_what_happened(ended):
    with timesource.freeze(ELEVEN_YEARS_LATER):
        _run("apply")
    kinds = set(Event.objects.filter(petition=ended).values_list("kind", flat=True))
    assert {EventKind.PETITION_REGISTERED, EventKind.ANONYMISED} <= kinds
    assert not Event.objects.filter(summary__contains="张建国", petition=ended).exists()


def test_attachments_and_repeat_keys_go(ended, django_capture_on_commit_callbacks):
    stored = ended.attachments.get().stored_name
    assert RepeatKey.objects.filter(petition=ended).exists()
    with timesource.freeze(ELEVEN_YEARS_LATER), django_capture_on_commit_callbacks(execute=True):
        _run("apply")
    assert not Attachment.objects.filter(petition=ended).exists()
    assert not storage.path_of(stored).exists()
    assert not RepeatKey.objects.filter(petition=ended).exists()


def test_statistics_are_unchanged(ended, open_case):
    before = list(RateCount.objects.values_list().order_by("pk"))
    with timesource.freeze(ELEVEN_YEARS_LATER):
        _run("apply")
    assert list(RateCount.objects.values_list().order_by("pk")) == before
    assert Petition.objects.count() == 2


def test_nothing_is_due_before_the_retention_period_ends(ended):
    with timesource.freeze(dt.datetime(2036, 3, 9, 10, 0, tzinfo=timesource.SHANGHAI)):
        assert "0 件" in _run("apply")
    assert Petitioner.objects.get(petition=ended).name == "张建国"


def test_applying_again_finds_nothing_left(ended):
    with timesource.freeze(ELEVEN_YEARS_LATER):
        _run("apply")
        assert "0 件" in _run("apply")


def test_a_retention_of_zero_years_is_refused(ended):
    with pytest.raises(CommandError, match="正整数"):
        _run("apply", "--years", "0")
