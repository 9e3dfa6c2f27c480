"""Reports read from the read replica; every write, and every read a write depends on, stays on
the primary (xinfang.lib.routers).

The replica here is a second, read-only connection to the test database, configured by the
settings' own `read_only` as DATABASE_REPLICA_URL is (Django's TEST MIRROR of default). The
tests are transactional: what the primary committed is what a replica can see.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import DatabaseError, OperationalError, connections, transaction

from xinfang.accounts.models import User
from xinfang.api.actions import create_token
from xinfang.lib import timesource
from xinfang.lib.routers import PRIMARY, REPLICA, reading_reports
from xinfang.regions.models import Region
from xinfang.settings import read_only
from xinfang.stats import cohorts
from xinfang.stats.models import RateState

pytestmark = pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup):
    connections.settings[REPLICA] = read_only(connections.settings[PRIMARY])
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@contextmanager
def statements(alias: str):
    """The SQL run on one connection while the block runs."""
    seen: list[str] = []

    def note(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connections[alias].execute_wrapper(note):
        yield seen


def touching(sqls: list[str], table: str, verb: str = "SELECT") -> list[str]:
    return [sql for sql in sqls if table in sql and sql.lstrip().upper().startswith(verb)]


@pytest.fixture
def registered(on_day):
    """A petition received this January, and the rollup moved to today as the night's tick does."""
    petition = on_day(dt.date(2026, 1, 5))
    cohorts.advance()
    return petition


def test_the_dashboard_reads_its_figures_from_the_replica(client, cast, registered):
    client.force_login(cast.alice)
    with statements(REPLICA) as on_replica, statements(PRIMARY) as on_primary:
        response = client.get("/stats/")
    assert response.context["cards"][0]["value"] == 1  # committed on the primary, seen there
    assert touching(on_replica, "stats_volumecount") and touching(on_replica, "stats_ratecount")
    assert not touching(on_primary, "stats_volumecount")
    assert not touching(on_primary, "stats_ratecount")


def test_the_case_list_stays_on_the_primary(client, cast, registered):
    client.force_login(cast.alice)
    with statements(REPLICA) as on_replica:
        assert client.get("/petitions/").status_code == 200
    assert on_replica == []


def test_the_first_report_of_a_day_moves_the_rollup_on_the_primary(client, cast, on_day):
    on_day(dt.date(2026, 1, 5))  # the rollup stands at 5 January; the tick has not run since
    client.force_login(cast.alice)
    with statements(REPLICA) as on_replica, statements(PRIMARY) as on_primary:
        assert client.get("/stats/").status_code == 200
    assert RateState.objects.get().as_of == timesource.today()
    assert touching(on_primary, "stats_ratestate", "UPDATE")
    # Once it has written, the request reads what it wrote: the rates from the primary.
    assert touching(on_primary, "stats_ratecount")
    assert not touching(on_replica, "stats_ratecount")
    assert not [sql for sql in on_replica if not sql.lstrip().upper().startswith("SELECT")]


def test_the_statistics_download_reads_from_the_replica(client, cast, registered):
    client.force_login(cast.alice)
    with statements(REPLICA) as on_replica:
        response = client.get("/stats/export/statistics.csv?year=2026")
    assert response.status_code == 200
    assert touching(on_replica, "stats_volumecount")


def test_the_report_api_reads_from_the_replica(client, cast, registered):
    token = create_token(cast.alice)[1]
    with statements(REPLICA) as on_replica:
        response = client.get(
            "/api/v1/statistics/annual",
            {"year": 2026},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.json()["figures"]["total_batches"]["value"] == 1
    assert touching(on_replica, "stats_volumecount")


def test_the_export_command_reads_the_petitions_from_the_replica(cast, registered, tmp_path):
    with statements(REPLICA) as on_replica:
        call_command(
            "export", "petitions", user="alice", output=str(tmp_path / "out.csv"),
            stdout=io.StringIO(),
        )  # fmt: skip
    assert touching(on_replica, "petitions_petition")
    assert len((tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()) == 2


def test_the_report_command_reads_only_from_the_replica(places, registered):
    out = io.StringIO()
    with statements(REPLICA) as on_replica, statements(PRIMARY) as on_primary:
        call_command("report", "annual", year=2026, region="431200", stdout=out)
    assert out.getvalue().startswith("2026年，全市信访总量为1批次1人次")
    assert touching(on_replica, "stats_classcount") and touching(on_replica, "stats_ratecount")
    assert on_primary == []


def test_a_write_in_a_report_block_goes_to_the_primary_and_later_reads_follow(cast):
    with reading_reports():
        alice = User.objects.get(username="alice")
        assert alice._state.db == REPLICA
        alice.full_name = "Alice Wang"
        alice.save(update_fields=["full_name"])  # the replica would refuse it
        again = User.objects.get(username="alice")
    assert again._state.db == PRIMARY and again.full_name == "Alice Wang"


def test_a_read_inside_a_transaction_goes_to_the_primary(places):
    with reading_reports(), transaction.atomic():
        assert Region.objects.get(code="431200")._state.db == PRIMARY


def test_reads_outside_a_report_block_go_to_the_primary(places):
    with reading_reports():
        county = Region.objects.get(code="431202")
    assert county._state.db == REPLICA
    assert Region.objects.get(code="431200")._state.db == PRIMARY
    with statements(REPLICA) as on_replica:
        assert county.parent.code == "431200"  # a replica-born object's relation, after the block
    assert on_replica == []


def test_the_replica_connection_refuses_writes(places):
    with pytest.raises(DatabaseError), connections[REPLICA].cursor() as cursor:
        cursor.execute("UPDATE regions_region SET name = name")


def test_without_a_replica_every_read_goes_to_the_primary(places, monkeypatch):
    monkeypatch.delitem(connections.settings, REPLICA)
    with reading_reports():
        assert Region.objects.get(code="431200")._state.db == PRIMARY


def test_an_unreachable_replica_leaves_reports_on_the_primary(
    client, cast, registered, monkeypatch, caplog
):
    def refuse():
        raise OperationalError("connection refused")

    connections[REPLICA].close()
    monkeypatch.setattr(connections[REPLICA], "ensure_connection", refuse)
    client.force_login(cast.alice)
    with caplog.at_level(logging.WARNING, logger="xinfang.replica"):
        response = client.get("/stats/")
    assert response.status_code == 200
    assert response.context["cards"][0]["value"] == 1
    assert "read replica unreachable" in caplog.text
