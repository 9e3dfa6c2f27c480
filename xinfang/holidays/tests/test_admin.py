"""The admin pages where administrators enter next year's notice; writes go through actions."""

import datetime as dt

import pytest

from xinfang.holidays import actions
from xinfang.holidays.models import DayOverride, OfficialYear
from xinfang.lib import timesource

pytestmark = pytest.mark.django_db

URL = "/admin/holidays/dayoverride/"


def test_it_lists_overrides_filtered_by_status(admin_client):
    actions.set_day(dt.date(2027, 2, 6), False, "2027年春节")
    actions.set_day(dt.date(2027, 2, 20), True, "调休上班")
    page = admin_client.get(URL, {"is_workday__exact": "1"}).content.decode()
    assert "调休上班" in page
    assert "2027年春节" not in page


def test_it_adds_a_day_stamped_with_the_entry_time(admin_client):
    response = admin_client.post(URL + "add/", {"date": "2027-02-06", "note": "2027年春节"})
    assert response.status_code == 302
    override = DayOverride.objects.get()
    assert (override.date, override.is_workday, override.created_at) == (
        dt.date(2027, 2, 6),
        False,
        timesource.now(),
    )


def test_it_deletes_a_day(admin_client):
    override = actions.set_day(dt.date(2027, 2, 6), False, "2027年春节")
    admin_client.post(f"{URL}{override.pk}/delete/", {"post": "yes"})
    assert not DayOverride.objects.exists()


def test_it_declares_a_year_official(admin_client):
    admin_client.post("/admin/holidays/officialyear/add/", {"year": "2027", "note": "国办通知"})
    assert OfficialYear.objects.get().year == 2027
    page = admin_client.get("/admin/holidays/officialyear/").content.decode()
    assert "内置日历已含2004–2026年" in page
