"""The event log is evidence: the admin shows it and never edits it."""

from django.urls import reverse

from xinfang.events.models import Event


def test_an_admin_can_read_the_log_but_not_change_it(client, cast, register):
    register()
    admin = cast.alice
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    event = Event.objects.first()
    assert client.get(reverse("admin:events_event_changelist")).status_code == 200
    assert client.get(reverse("admin:events_event_add")).status_code == 403
    response = client.post(
        reverse("admin:events_event_change", args=[event.pk]), {"summary": "改写"}
    )
    event.refresh_from_db()
    assert event.summary != "改写"
    assert response.status_code in (200, 403)
