"""Who sees which reception page: by region, everyone else a 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from xinfang.receptions.models import ReceptionForm


@pytest.fixture
def receptions(schedule, leaders, places):
    return {
        "hecheng": schedule(),
        "zhongfang": schedule(leader=leaders.zoe, place="中方县信访局接待室"),
        "city": schedule(leader=leaders.lena, form=ReceptionForm.OPEN, place="市民之家"),
    }


SEES = {
    "lena": {"hecheng", "zhongfang", "city"},
    "hugo": {"hecheng"},
    "zoe": {"zhongfang"},
    "alice": {"hecheng", "zhongfang", "city"},
    "bob": {"hecheng"},
    "carol": {"zhongfang"},
    "dave": set(),
    "adam": {"hecheng", "zhongfang", "city"},
}


@pytest.mark.parametrize("who", sorted(SEES))
def test_the_access_matrix(who, receptions, cast, adam):
    user = adam if who == "adam" else getattr(cast, who)
    client = Client()
    client.force_login(user)
    for name, reception in receptions.items():
        response = client.get(reverse("receptions:detail", args=[reception.pk]))
        assert response.status_code == (200 if name in SEES[who] else 404), (who, name)
    listed = client.get(reverse("receptions:list")).content.decode()
    for name, reception in receptions.items():
        assert (reception.get_absolute_url() in listed) == (name in SEES[who]), (who, name)


def test_county_as_leader_cannot_publish_county_bs_reception(receptions, cast):
    client = Client()
    client.force_login(cast.zoe)
    url = reverse("receptions:publish", args=[receptions["hecheng"].pk])
    assert client.post(url).status_code == 404


def test_an_outsider_cannot_register_from_a_reception(receptions, cast):
    client = Client()
    client.force_login(cast.carol)
    url = reverse("petitions:register") + f"?reception={receptions['hecheng'].pk}"
    assert client.get(url).status_code == 404
    assert client.get(reverse("petitions:register") + "?reception=１").status_code == 404
