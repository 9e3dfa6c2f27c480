"""`xinfang partition`: the timeline, steps and clocks partitioned by year on PostgreSQL, and the
case work going on over them unchanged.

Each test converts the tables inside its own transaction (PostgreSQL's DDL is transactional),
so the rollback at its end leaves the test database as it was.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from xinfang.events.actions import record
from xinfang.events.models import Event, EventKind, Notification
from xinfang.events.queries import timeline
from xinfang.lib import timesource
from xinfang.workflow.actions import forward
from xinfang.workflow.models import Clock, Step

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitioned tables are PostgreSQL's"
)


def partition(*args: str) -> str:
    out = io.StringIO()
    call_command("partition", *args, stdout=out)
    return out.getvalue()


def partitions_holding(model, **filters) -> set[str]:
    ids = list(model.objects.filter(**filters).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT tableoid::regclass::text FROM {model._meta.db_table}"
            " WHERE id = ANY(%s)",
            [ids],
        )
        return {row[0] for row in cursor.fetchall()}


def is_partitioned(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0] == "p"


@postgresql
def test_a_dry_run_prints_the_conversion_and_changes_nothing(db):
    out = partition("events_event", "--dry-run")
    assert "PARTITION BY RANGE (created_at)" in out
    assert "PRIMARY KEY (id, created_at)" in out
    assert "FOR VALUES FROM ('2026-01-01 00:00:00+08:00') TO ('2027-01-01 00:00:00+08:00')" in out
    assert not is_partitioned("events_event")


@postgresql
def test_registration_steps_and_the_timeline_work_on_partitioned_tables(
    client, cast, places, register
):
    partition("events_event", "workflow_step", "workflow_clock")
    petition = register()
    forward(cast.alice, petition.matter, places.housing, note="请依法处理")
    events = list(timeline(petition.matter))
    assert [e.kind for e in events][-1] == EventKind.WORKFLOW_STEP
    assert partitions_holding(Event, matter=petition.matter) == {"events_event_y2026"}
    assert partitions_holding(Step, matter=petition.matter) == {"workflow_step_y2026"}
    assert partitions_holding(Clock, matter=petition.matter) == {"workflow_clock_y2026"}
    assert Notification.objects.filter(recipient=cast.dave, event__in=events).exists()
    client.force_login(cast.alice)
    page = client.get(f"/petitions/{petition.number}/")
    assert page.status_code == 200
    assert "转送至怀化市住房和城乡建设局" in page.content.decode()


@postgresql
def test_an_event_lands_in_its_year_and_a_later_run_gives_a_far_year_its_own(cast, places):
    partition("events_event")  # this year and two ahead: 2026 to 2028
    with timesource.freeze(dt.datetime(2027, 1, 1, 0, 30, tzinfo=timesource.SHANGHAI)):
        new_year = record(EventKind.CLOCK_WARNING, summary="元旦凌晨")  # 2026-12-31 UTC
    with timesource.freeze(dt.datetime(2031, 5, 1, 9, tzinfo=timesource.SHANGHAI)):
        far = record(EventKind.CLOCK_WARNING, summary="五年后")
    assert partitions_holding(Event, pk=new_year.pk) == {"events_event_y2027"}
    assert partitions_holding(Event, pk=far.pk) == {"events_event_default"}
    out = partition("events_event", "--ahead", "5")
    assert partitions_holding(Event, pk=far.pk) == {"events_event_y2031"}
    assert "events_event_default 0" in out
    assert Event.objects.get(pk=far.pk).summary == "五年后"


@postgresql
def test_a_notification_of_a_missing_event_is_refused(cast):
    partition("events_event")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=cast.bob, event_id=10**12, created_at=timesource.now()
        )


@postgresql
def test_an_event_someone_was_notified_of_cannot_be_deleted(cast, register):
    partition("events_event")
    event = record(EventKind.SUPERVISION, petition=register(), summary="督办")
    Notification.objects.create(recipient=cast.bob, event=event, created_at=timesource.now())
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM events_event WHERE id = %s", [event.pk])


@postgresql
def test_ids_carry_on_from_the_old_sequence(register):
    register()  # writes the first events
    last = Event.objects.order_by("-pk").first().pk
    partition("events_event")
    assert record(EventKind.CLOCK_WARNING, summary="分区后").pk > last


@postgresql
def test_petitions_are_refused_for_their_unique_number(db):
    with pytest.raises(CommandError, match=r"petitions_petition_number_key.*唯一"):
        partition("petitions_petition")
    assert not is_partitioned("petitions_petition")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's answer")
def test_on_sqlite_it_says_partitioning_needs_postgresql(db):
    with pytest.raises(CommandError, match="只适用于 PostgreSQL"):
        partition("events_event", "--dry-run")
