"""No figure singles out 检举控告 to someone outside the accusation circle: the 纪检监察 class
(where accusations are classed) is left out of every figure such a reader is shown, totals
included (a total less the other classes would give it away). Staff authorised for
accusations (alice) see it counted."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from xinfang.accounts.models import Role, User
from xinfang.api.actions import create_token
from xinfang.classes.models import ContentClass
from xinfang.conftest import TODAY

DAY = dt.date(2026, 1, 5)


@pytest.fixture
def figures(places, on_day):
    """In 鹤城区: one ordinary petition and two accusations classed under 纪检监察."""
    discipline_class = ContentClass.objects.filter(parent__code="04").first()
    on_day(DAY)
    for _ in range(2):
        on_day(DAY, is_accusation=True, content_class=discipline_class)
    return discipline_class.parent


@pytest.fixture
def leader(places):
    """lei leads 鹤城区 and is not authorised for accusations."""
    return User.objects.create_user(
        "lei", password="x", role=Role.LEADER, unit=places.hecheng_bureau, region=places.hecheng
    )


def test_the_leaders_dashboard_counts_no_accusation(client, leader, figures):
    client.force_login(leader)
    response = client.get("/stats/?year=2026")
    assert response.context["cards"][0]["value"] == 1
    assert "纪检监察" not in [row["label"] for row in response.context["charts"]["classes"]]
    assert figures not in response.context["top_classes"]


def test_the_leader_cannot_filter_on_the_confidential_class(client, leader, figures):
    client.force_login(leader)
    response = client.get(f"/stats/?year=2026&content_class={figures.pk}")
    assert response.context["content_class"] is None
    assert response.context["cards"][0]["value"] == 1


def test_the_authorised_registrar_sees_it_counted(client, cast, figures):
    client.force_login(cast.alice)
    response = client.get("/stats/?year=2026")
    assert response.context["cards"][0]["value"] == 3
    labels = [row["label"] for row in response.context["charts"]["classes"]]
    assert "纪检监察" in labels


def test_the_api_report_counts_no_accusation_for_the_leader(client, leader, figures):
    token = create_token(leader)[1]
    body = client.get(
        "/api/v1/statistics/annual",
        {"year": TODAY.year, "region": "431202"},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert body["figures"]["total_batches"]["value"] == 1
    assert "纪检监察" not in str(body)


def test_the_exported_statistics_count_no_accusation_for_the_leader(client, leader, figures):
    client.force_login(leader)
    response = client.get("/stats/export/statistics.xlsx?year=2026")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert "纪检监察" not in cells
