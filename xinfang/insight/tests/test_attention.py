"""Urgent attention: what a petition says can raise its matter's priority and alert supervisors."""

import pytest

from xinfang.accounts.models import Role
from xinfang.events.models import Event, EventKind, Notification
from xinfang.insight.models import AttentionWord
from xinfang.petitions.drafts import PetitionerDraft
from xinfang.petitions.models import Priority


@pytest.fixture
def sam(places):
    """A supervisor at the city bureau."""
    from xinfang.accounts.models import User

    return User.objects.create_user(
        "sam", password="pw-sam", role=Role.SUPERVISOR, unit=places.city_bureau, region=places.city
    )


def test_a_threat_to_life_makes_the_matter_urgent(register):
    petition = register(content="工资拖欠两年，再不解决我就从楼上跳楼。")
    assert petition.matter.priority == Priority.URGENT


def test_the_timeline_says_which_words_raised_it(register):
    petition = register(content="他扬言要报复社会。")
    event = Event.objects.get(kind=EventKind.ATTENTION_RAISED)
    assert event.petition == petition
    assert "扬言" in event.summary and event.data["words"] == ["扬言", "报复社会"]


def test_the_supervisors_over_the_place_are_told(register, sam):
    register(content="再不解决就喝农药。")
    assert Notification.objects.filter(
        recipient=sam, event__kind=EventKind.ATTENTION_RAISED
    ).exists()


def test_an_accusation_raises_priority_without_telling_anyone_new(register, sam):
    petition = register(content="他扬言报复举报人。", is_accusation=True)
    assert petition.matter.priority == Priority.URGENT
    assert not Notification.objects.filter(recipient=sam).exists()


def test_a_large_group_is_a_priority_even_without_words(register):
    people = [PetitionerDraft(name="张建国", id_number="431202199003070019", is_main=True)]
    petition = register(channel="collective_visit", petitioner_count=12, petitioners=people)
    assert petition.matter.priority == Priority.HIGH


def test_an_ordinary_petition_stays_ordinary(register):
    petition = register()
    assert petition.matter.priority == Priority.NORMAL
    assert not Event.objects.filter(kind=EventKind.ATTENTION_RAISED).exists()


def test_a_retired_word_no_longer_raises_attention(register):
    AttentionWord.objects.filter(word="跳楼").update(is_active=False)
    assert register(content="有人说要跳楼。").matter.priority == Priority.NORMAL


def test_an_administrators_new_word_applies(register):
    AttentionWord.objects.create(word="讨个说法", category="自定义", level=Priority.HIGH)
    assert register(content="今天必须讨个说法。").matter.priority == Priority.HIGH


def test_nothing_about_the_person_is_stored(register):
    register(content="扬言报复。")
    from django.apps import apps

    names = {f.name for f in apps.get_model("petitions", "Petitioner")._meta.get_fields()}
    assert not names & {"priority", "attention", "risk", "watch"}
