"""The admin site (系统管理) lists case records by the case list's own rule: an administrator
not authorised for 检举控告 (frank) finds none of them there."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from xinfang.events.models import Event
from xinfang.petitions.admin import WithinReach
from xinfang.petitions.models import Matter, Petition
from xinfang.workflow import actions

SECRET_TITLE = "检举某局长受贿"


@pytest.fixture
def accusation(cast, places, register):
    petition = register(is_accusation=True, title=SECRET_TITLE)
    actions.forward(cast.alice, petition.matter, places.discipline)
    return petition


@pytest.fixture
def frank_admin(client, cast):
    cast.frank.is_staff = cast.frank.is_superuser = True
    cast.frank.save()
    client.force_login(cast.frank)
    return client


LISTS = [
    "admin:petitions_petition_changelist",
    "admin:petitions_matter_changelist",
    "admin:events_event_changelist",
    "admin:workflow_step_changelist",
    "admin:workflow_clock_changelist",
]


@pytest.mark.parametrize("name", LISTS)
def test_an_unauthorised_admin_lists_no_accusation(
    frank_admin, cast, places, register, accusation, name
):
    ordinary = register()
    actions.forward(cast.alice, ordinary.matter, places.housing)
    page = frank_admin.get(reverse(name)).content.decode()
    assert ordinary.matter.number in page or ordinary.number in page
    assert accusation.matter.number not in page
    assert SECRET_TITLE not in page


def test_an_unauthorised_admin_cannot_open_an_accusation(frank_admin, accusation):
    url = reverse("admin:petitions_petition_change", args=[accusation.pk])
    response = frank_admin.get(url, follow=True)
    assert SECRET_TITLE not in response.content.decode()


def test_an_authorised_admin_lists_it(client, cast, accusation):
    cast.alice.is_staff = cast.alice.is_superuser = True
    cast.alice.save()
    client.force_login(cast.alice)
    page = client.get(reverse("admin:petitions_petition_changelist")).content.decode()
    assert accusation.number in page


def _about_cases(model) -> bool:
    if model in (Petition, Matter, Event):
        return True
    return any(
        getattr(field, "related_model", None) in (Petition, Matter)
        for field in model._meta.get_fields()
        if field.many_to_one or field.one_to_one
    )


def test_every_admin_over_case_records_goes_through_the_access_rule():
    missing = [
        model.__name__
        for model, model_admin in admin.site._registry.items()
        if _about_cases(model) and not isinstance(model_admin, WithinReach)
    ]
    assert missing == []
