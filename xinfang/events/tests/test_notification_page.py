"""The bell's page: one row per matter and kind (a catch-up tick's reminders are one row),
opening a row marks its group read, paging keeps the 未读 filter; alice's notifications
are hers alone."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.events.actions import mark_read, notify, record
from xinfang.events.models import EventKind, Notification
from xinfang.lib import timesource


@pytest.fixture
def reminders(cast, register):
    """Three 超期催办 reminders and one 督办 on one matter, for alice."""
    matter = register().matter
    for day in range(3):
        notify(
            record(EventKind.CLOCK_LATE, matter=matter, summary=f"超期第{day + 1}天"), [cast.alice]
        )
    notify(record(EventKind.SUPERVISION, matter=matter, summary="督办"), [cast.alice])
    return matter


def test_reminders_of_one_kind_on_one_matter_are_one_row(client, cast, reminders):
    client.force_login(cast.alice)
    rows = client.get("/notifications/").context["rows"]
    assert [(r["label"], r["total"]) for r in rows] == [("督办", 1), ("超期催办", 3)]


def test_opening_a_row_marks_its_group_read_and_goes_to_the_case(client, cast, reminders):
    client.force_login(cast.alice)
    late = Notification.objects.filter(event__kind=EventKind.CLOCK_LATE).latest("pk")
    response = client.get(f"/notifications/{late.pk}/open/")
    assert response.status_code == 302 and reminders.number in response["Location"]
    unread = Notification.objects.filter(recipient=cast.alice, read_at__isnull=True)
    assert list(unread.values_list("event__kind", flat=True)) == [EventKind.SUPERVISION]


def test_another_user_cannot_open_alices_notification(client, cast, reminders):
    client.force_login(cast.frank)
    mine = Notification.objects.filter(recipient=cast.alice).first()
    assert client.get(f"/notifications/{mine.pk}/open/").status_code == 404


def test_the_unread_filter_hides_read_groups(client, cast, reminders):
    client.force_login(cast.alice)
    late = Notification.objects.filter(event__kind=EventKind.CLOCK_LATE).latest("pk")
    client.get(f"/notifications/{late.pk}/open/")
    rows = client.get("/notifications/?unread=1").context["rows"]
    assert [r["label"] for r in rows] == ["督办"]


def test_many_groups_are_paged_with_the_filter_kept(client, cast, register):
    for i in range(31):
        notify(
            record(
                EventKind.CLOCK_LATE, matter=register(title=f"事项{i}", content="内容。").matter
            ),
            [cast.alice],
        )
    client.force_login(cast.alice)
    page = client.get("/notifications/?unread=1").content.decode()
    assert "第 1/2 页" in page and "?unread=1&page=2" in page


def test_reading_what_came_before_a_moment_leaves_the_later_ones_unread(cast, register):
    matter = register().matter
    monday = dt.datetime(2026, 3, 2, 9, tzinfo=timesource.SHANGHAI)
    for day in range(3):
        event = record(EventKind.CLOCK_LATE, matter=matter, summary=f"超期第{day + 1}天")
        notify(event, [cast.alice], at=monday + dt.timedelta(days=day))
    tuesday = monday + dt.timedelta(days=1)
    assert mark_read(cast.alice, before=tuesday, at=tuesday) == 1
    mine = Notification.objects.filter(recipient=cast.alice).order_by("created_at")
    assert [n.read_at for n in mine] == [tuesday, None, None]
