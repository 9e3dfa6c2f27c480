"""Who sees a dispute: its township, its county, the city; anyone else gets a 404 at every
door (the dispute page, the edit form, the measure form, the ledger list).

Cast: tina (铜湾镇), tom (中方镇), carol (中方县 bureau), bob (鹤城区 bureau), alice (city),
leo (中方县 leader, reads only).
"""

from __future__ import annotations

import pytest

from xinfang.disputes.models import DisputeMeasure

SEES = {"tina", "carol", "alice", "leo"}
PEOPLE = ("tina", "tom", "carol", "bob", "alice", "leo")


@pytest.fixture
def tongwan_dispute(record):
    return record()


@pytest.mark.parametrize("who", PEOPLE)
def test_the_dispute_page(client, people, tongwan_dispute, who):
    client.force_login(getattr(people, who))
    response = client.get(f"/disputes/{tongwan_dispute.pk}/")
    assert response.status_code == (200 if who in SEES else 404)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_ledger_lists_only_what_the_user_may_see(client, people, tongwan_dispute, who):
    client.force_login(getattr(people, who))
    page = client.get("/disputes/").content.decode()
    assert ("白岩村三组征地补偿款分配纠纷" in page) == (who in SEES)


@pytest.mark.parametrize("who", PEOPLE)
def test_adding_a_measure(client, people, tongwan_dispute, who):
    client.force_login(getattr(people, who))
    response = client.post(
        f"/disputes/{tongwan_dispute.pk}/measure/",
        {"done_on": "2026-03-01", "done_by": "刘建军", "text": "走访"},
    )
    wrote = DisputeMeasure.objects.filter(dispute=tongwan_dispute).exists()
    writes = SEES - {"leo"}
    assert response.status_code == (302 if who in writes else 404)
    assert wrote == (who in writes)


def test_another_countys_user_cannot_open_the_edit_form(client, people, tongwan_dispute):
    client.force_login(people.bob)
    assert client.get(f"/disputes/{tongwan_dispute.pk}/edit/").status_code == 404


def test_a_county_sees_its_other_townships_disputes(client, people, record, towns):
    zhongfangzhen = record(actor=people.carol, unit=towns.zhongfangzhen, title="中方镇山林纠纷")
    client.force_login(people.carol)
    assert client.get(f"/disputes/{zhongfangzhen.pk}/").status_code == 200
    client.force_login(people.tina)
    assert client.get(f"/disputes/{zhongfangzhen.pk}/").status_code == 404


def test_lists_mask_the_parties_for_clerks(client, people, tongwan_dispute):
    client.force_login(people.carol)
    page = client.get("/disputes/").content.decode()
    assert "杨**、杨**" in page and "杨光明" not in page


def test_lists_show_the_parties_to_leaders(client, people, tongwan_dispute):
    client.force_login(people.leo)
    assert "杨光明、杨光辉" in client.get("/disputes/").content.decode()
