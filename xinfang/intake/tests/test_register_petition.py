"""register_petition: what a registration creates, and what it refuses."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from xinfang.accounts.models import Role, User
from xinfang.conftest import at_once
from xinfang.events.models import Event, EventKind, Notification
from xinfang.intake import actions
from xinfang.lib import timesource
from xinfang.lib.errors import Invalid, NotAllowed
from xinfang.petitions import numbering
from xinfang.petitions.drafts import PetitionerDraft
from xinfang.petitions.models import Attachment, Matter, Petition, Petitioner, Urgency
from xinfang.workflow.models import Clock, ClockKind


def people(count):
    ids = ["431202199003070019", "11010519491231002X", "110105491231002"]
    return [
        PetitionerDraft(
            name=f"信访人{i}",
            id_number=ids[i % 3] if i < 2 else "",
            phone="13807451234",
            is_main=i == 0,
        )
        for i in range(count)
    ]


def test_it_numbers_the_petition_by_region_year_and_sequence(register):
    first = register()
    second = register()
    assert first.number == "431200-2026-000001"
    assert second.number == "431200-2026-000002"
    assert first.matter.number == "SX431200-2026-000001"


def test_it_opens_a_new_matter_for_a_first_petition(register):
    petition = register()
    assert not petition.is_repeat
    assert petition.matter.petition_count == 1
    assert petition.matter.title == petition.title


def test_it_links_a_repeat_to_the_existing_matter(register):
    first = register()
    repeat = register(repeat_of=first.matter)
    assert repeat.is_repeat
    assert repeat.matter == first.matter
    assert Matter.objects.count() == 1
    assert Matter.objects.get().petition_count == 2


def test_it_gives_a_query_code_whose_hash_only_is_stored(cast, draft):
    result = actions.register_petition(cast.alice, draft())
    assert len(result.query_code) == 8
    assert result.petition.query_code_hash == numbering.hash_query_code(result.query_code)
    assert result.query_code not in result.petition.query_code_hash


def test_it_writes_the_timeline(register):
    petition = register()
    kinds = list(Event.objects.filter(matter=petition.matter).values_list("kind", flat=True))
    assert kinds == [EventKind.MATTER_OPENED, EventKind.PETITION_REGISTERED]


def test_it_stores_normalised_identity_data(register):
    petition = register(
        petitioners=[
            PetitionerDraft(name="李梅", id_number="110105491231002", phone="138 0745 1234")
        ]
    )
    person = petition.petitioners.get()
    assert person.id_number == "11010519491231002X"
    assert person.phone == "+8613807451234"
    assert person.sex == "F"
    assert person.is_main


def test_a_collective_visit_needs_five_people(register):
    with pytest.raises(Invalid) as exc:
        register(channel="collective_visit", petitioner_count=4)
    assert "petitioner_count" in exc.value.errors


def test_a_collective_visit_with_two_listed_petitioners_is_registered(register):
    petition = register(channel="collective_visit", petitioner_count=7, petitioners=people(2))
    assert petition.petitioner_count == 7
    assert petition.petitioners.count() == 2


def test_a_bad_id_number_is_reported_on_its_field_and_nothing_is_saved(register):
    bad = [PetitionerDraft(name="王五", id_number="431202199003070011", is_main=True)]
    with pytest.raises(Invalid) as exc:
        register(petitioners=bad)
    assert "校验位" in exc.value.errors["petitioners-0-id_number"][0]
    assert Petition.objects.count() == Matter.objects.count() == Petitioner.objects.count() == 0


def test_a_future_date_is_refused(register):
    import datetime as dt

    with pytest.raises(Invalid) as exc:
        register(received_on=dt.date(2026, 3, 11))
    assert exc.value.errors["received_on"] == ["收到日期不能晚于今天"]


# At a given moment (`at=`: the demo's year of history), not at the frozen 2026-03-10.

MOMENT = dt.datetime(2025, 11, 3, 9, 30, tzinfo=timesource.SHANGHAI)
DAY = dt.date(2025, 11, 3)


def register_at(actor, draft, **overrides) -> Petition:
    values = {"received_on": DAY, **overrides}
    return actions.register_petition(actor, draft(**values), at=MOMENT).petition


def test_at_a_given_moment_the_petition_matter_and_timeline_carry_it(cast, draft):
    petition = register_at(cast.alice, draft)
    assert petition.registered_at == MOMENT
    assert petition.matter.created_at == MOMENT
    assert set(Event.objects.values_list("created_at", flat=True)) == {MOMENT}


def test_at_a_given_moment_the_number_has_its_year(cast, draft):
    assert register_at(cast.alice, draft).number == "431200-2025-000001"


def test_at_a_given_moment_the_first_clock_and_urgency_count_from_its_day(cast, draft):
    """Due 2025-11-18, fifteen days on: not overdue on the day of registration (it would be
    seriously overdue on the frozen 2026-03-10)."""
    matter = register_at(cast.alice, draft).matter
    clock = Clock.objects.get(matter=matter, kind=ClockKind.DISPOSE)
    assert (clock.started_on, clock.due_on) == (DAY, dt.date(2025, 11, 18))
    assert matter.urgency == Urgency.NONE


def test_at_a_given_moment_a_received_date_after_its_day_is_refused(cast, draft):
    with pytest.raises(Invalid) as exc:
        register_at(cast.alice, draft, received_on=DAY + dt.timedelta(days=1))
    assert exc.value.errors["received_on"] == ["收到日期不能晚于今天"]


def test_at_a_given_moment_an_urgent_petition_notifies_the_overseers_then(cast, places, draft):
    grace = User.objects.create_user(
        "grace", role=Role.SUPERVISOR, unit=places.city_bureau, region=places.city
    )
    register_at(cast.alice, draft, is_urgent=True)
    assert Notification.objects.get(recipient=grace).created_at == MOMENT


def test_at_a_given_moment_a_repeat_joins_the_matter_on_its_day(cast, draft):
    first = register_at(cast.alice, draft)
    later = dt.datetime(2025, 11, 20, 15, tzinfo=timesource.SHANGHAI)
    repeat = actions.register_petition(
        cast.alice, draft(received_on=later.date(), repeat_of=first.matter), at=later
    ).petition
    assert repeat.registered_at == later
    assert Event.objects.get(kind=EventKind.REPEAT_LINKED).created_at == later


def test_a_class_no_longer_valid_is_refused(register):
    from xinfang.classes.models import ContentClass

    old = ContentClass.objects.get(name="国土资源")
    with pytest.raises(Invalid) as exc:
        register(content_class=old)
    assert "content_class" in exc.value.errors


def test_a_visit_cannot_be_anonymous(register):
    with pytest.raises(Invalid) as exc:
        register(is_anonymous=True, petitioners=[])
    assert "is_anonymous" in exc.value.errors


def test_an_anonymous_letter_needs_no_petitioner(register):
    petition = register(channel="letter", is_anonymous=True, petitioners=[])
    assert petition.petitioners.count() == 0


def test_a_letter_needs_an_address_or_phone_to_answer(register):
    with pytest.raises(Invalid) as exc:
        register(channel="letter", petitioners=[PetitionerDraft(name="赵六", is_main=True)])
    assert "petitioners-0-address" in exc.value.errors


def test_exactly_one_main_petitioner(register):
    two_mains = people(2)
    two_mains[1].is_main = True
    with pytest.raises(Invalid) as exc:
        register(channel="collective_visit", petitioner_count=6, petitioners=two_mains)
    assert "petitioners" in exc.value.errors


def test_a_handler_at_a_department_may_not_register(cast, draft):
    with pytest.raises(NotAllowed):
        actions.register_petition(cast.dave, draft())


def test_an_attachment_is_stored_under_a_generated_name(register, attachment_root):
    upload = SimpleUploadedFile("现场照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    petition = register(attachments=[upload])
    item = petition.attachments.get()
    assert item.original_name == "现场照片.png"
    assert item.stored_name.endswith(".png") and "现场" not in item.stored_name
    assert (attachment_root / item.stored_name[:2] / item.stored_name).exists()


def test_an_html_file_is_refused(register):
    upload = SimpleUploadedFile("evil.html", b"<script>alert(1)</script>")
    with pytest.raises(Invalid) as exc:
        register(attachments=[upload])
    assert "不支持的文件类型" in exc.value.errors["attachments"][0]


def test_a_file_whose_content_does_not_match_its_name_is_refused(register):
    upload = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(Invalid) as exc:
        register(attachments=[upload])
    assert "不符" in exc.value.errors["attachments"][0]


def test_a_failure_after_files_were_written_leaves_no_file_and_no_row(
    register, attachment_root, monkeypatch
):
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 test")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(
        actions,
        "record",
        lambda kind, **kw: explode() if kind == EventKind.ATTACHMENT_ADDED else None,
    )
    with pytest.raises(RuntimeError):
        register(attachments=[upload])
    assert Petition.objects.count() == 0 and Attachment.objects.count() == 0
    assert not any(p.is_file() for p in attachment_root.rglob("*"))


@pytest.mark.django_db(transaction=True)
def test_numbers_drawn_at_once_neither_deadlock_nor_skip_one():
    """A new matter draws two numbers (matter and petition) in one statement: taken in
    whatever order the rows lie on disk, two registrations could each hold one and wait for
    the other's. Hundreds of draws move the rows across pages, as a year's registrations do."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the draws cannot overlap")

    def draw_many() -> list[str]:
        drawn = []
        for _ in range(150):
            with transaction.atomic():
                drawn.append(numbering.numbers("431200", 2026, new_matter=True))
        return drawn

    results, errors = at_once(draw_many, times=6)
    assert not errors
    drawn = [pair for batch in results for pair in batch]
    assert sorted(p for _, p in drawn) == [f"431200-2026-{i:06d}" for i in range(1, 901)]
    assert sorted(m for m, _ in drawn) == [f"SX431200-2026-{i:06d}" for i in range(1, 901)]
