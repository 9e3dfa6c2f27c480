"""转入信访: a dispute turns into a petition matter with one action, carrying its history
onto the matter's timeline. Cast: tina keeps 铜湾镇's ledger; alice (city registrar)
registers the petition.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.conftest import VALID_ID
from xinfang.disputes import actions
from xinfang.disputes.models import DisputeStatus
from xinfang.events.models import Event, EventKind
from xinfang.petitions.models import Petition


@pytest.fixture
def worked(record, people):
    """A 铜湾镇 dispute with two measures taken on it."""
    dispute = record()
    actions.add_measure(people.tina, dispute, done_on=dt.date(2026, 2, 5),
                        text="村调委会组织双方调解，未达成一致", done_by="白岩村调委会")  # fmt: skip
    actions.add_measure(people.tina, dispute, done_on=dt.date(2026, 2, 20),
                        text="镇司法所再次调解，一方拒绝", done_by="铜湾镇司法所")  # fmt: skip
    return dispute


def _convert(client, dispute, places, **overrides):
    data = {
        "channel": "visit", "content_class": places.urban.pk, "petitioner_count": 1,
        "name": "杨光明", "id_number": VALID_ID, "phone": "13807451234",
        "title": dispute.title, "content": "征地补偿款分配不公，调解未果。",
    }  # fmt: skip
    data.update(overrides)
    return client.post(f"/disputes/{dispute.pk}/convert/", data)


def test_converting_registers_a_petition_and_links_it(client, people, worked, places):
    client.force_login(people.alice)
    response = _convert(client, worked, places)
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response.url == f"/petitions/{petition.number}/"
    worked.refresh_from_db()
    assert worked.status == DisputeStatus.CONVERTED
    assert worked.petition == petition
    assert worked.converted_on == dt.date(2026, 3, 10)
    assert petition.region == places.zhongfang


def test_the_history_is_on_the_matters_timeline_in_date_order(client, people, worked, places):
    client.force_login(people.alice)
    _convert(client, worked, places)
    matter = Petition.objects.get().matter
    kinds = [EventKind.DISPUTE_CONVERTED, EventKind.DISPUTE_MEASURE]
    summaries = list(
        Event.objects.filter(matter=matter, kind__in=kinds).values_list("summary", flat=True)
    )
    assert summaries == [
        "由中方县铜湾镇矛盾纠纷排查台账转入（2026-02-03排查发现，征地拆迁，风险中）",
        "2026-02-05 白岩村调委会：村调委会组织双方调解，未达成一致",
        "2026-02-20 铜湾镇司法所：镇司法所再次调解，一方拒绝",
    ]
    page = client.get(f"/petitions/{Petition.objects.get().number}/").content.decode()
    assert "镇司法所再次调解，一方拒绝" in page


def test_a_refused_registration_leaves_the_dispute_as_it_was(client, people, worked, places):
    """A visit needs the petitioner's ID number: nothing is registered, nothing marked."""
    client.force_login(people.alice)
    response = _convert(client, worked, places, id_number="")
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    worked.refresh_from_db()
    assert worked.status == DisputeStatus.RESOLVING and worked.petition is None
    assert not Petition.objects.exists()
    assert not Event.objects.filter(kind=EventKind.DISPUTE_MEASURE).exists()


def test_a_converted_dispute_cannot_be_converted_again(client, people, worked, places):
    client.force_login(people.alice)
    _convert(client, worked, places)
    assert client.get(f"/disputes/{worked.pk}/convert/").status_code == 404


def test_a_township_clerk_without_registration_rights_sees_no_button(client, people, worked):
    client.force_login(people.tina)
    assert 'id="convert"' not in client.get(f"/disputes/{worked.pk}/").content.decode()
    assert client.get(f"/disputes/{worked.pk}/convert/").status_code == 404
