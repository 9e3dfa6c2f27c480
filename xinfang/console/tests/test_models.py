"""系统管理 → 分类模型: the city's administrator sees the model versions with their held-out
figures and which is current, and rolls back (POST, confirmed, recorded); nobody else
reaches the page.

adam is the city's administrator (casework's cast); alice a city registrar, bob a county
handler, kent a county administrator.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import strip_tags

from xinfang.accounts.models import Role, User
from xinfang.events.models import Event, EventKind
from xinfang.insight import classifier_versions as versions

FIRST, SECOND = "classifier-20260310020000", "classifier-20260310020001"
CURRENT = '<span class="tag green">当前</span>'


pytestmark = pytest.mark.usefixtures("var_dir")


@pytest.fixture
def kent(places):
    return User.objects.create_user(
        "kent", password="x", role=Role.ADMIN, unit=places.hecheng_bureau, region=places.hecheng
    )


def test_an_administrator_sees_the_versions_with_the_current_marked(client, adam, trained):
    client.force_login(adam)
    page = client.get("/console/models/").content.decode()
    current = page.split(f'id="{SECOND}"')[1].split("</tr>")[0]
    assert CURRENT in current and "准确率" in current
    assert re.search(r"F1 95% 区间 \d\.\d{3}–\d\.\d{3}", current)
    shown = strip_tags(current)  # the pieces are wrapped to break between them
    assert "较旧版 F1 +0.000（95% 区间 0.000 至 0.000）" in shown  # the same data twice
    earlier = page.split(f'id="{FIRST}"')[1].split("</tr>")[0]
    assert "确认回退" in earlier and CURRENT not in earlier


def test_without_a_trained_model_the_page_says_the_seed_model_is_used(client, adam):
    client.force_login(adam)
    page = client.get("/console/models/").content.decode()
    assert "种子模型" in page and 'id="model-versions"' not in page


def test_rollback_makes_the_earlier_version_current_and_is_recorded(client, adam, trained, var_dir):
    client.force_login(adam)
    response = client.post("/console/models/rollback/", {"version": FIRST}, follow=True)
    assert "已改用分类模型 classifier-20260310020000" in response.content.decode()
    assert versions.current_name(var_dir) == FIRST
    event = Event.objects.get(kind=EventKind.CLASSIFIER_ROLLED_BACK)
    assert event.actor == adam and event.data == {"from": SECOND, "to": FIRST}


def test_a_rollback_to_an_unknown_version_changes_nothing(client, adam, trained, var_dir):
    client.force_login(adam)
    response = client.post("/console/models/rollback/", {"version": "classifier-1"}, follow=True)
    assert "不能回退" in response.content.decode()
    assert versions.current_name(var_dir) == SECOND


def test_a_rollback_needs_the_csrf_token(adam, trained, var_dir):
    client = Client(enforce_csrf_checks=True)
    client.force_login(adam)
    assert client.post("/console/models/rollback/", {"version": FIRST}).status_code == 403
    assert versions.current_name(var_dir) == SECOND


def test_a_rollback_is_a_post(client, adam, trained):
    client.force_login(adam)
    assert client.get("/console/models/rollback/", {"version": FIRST}).status_code == 405


@pytest.mark.parametrize("name", ["alice", "bob"])
@pytest.mark.parametrize(
    ("method", "url"), [("get", "/console/models/"), ("post", "/console/models/rollback/")]
)
def test_no_one_else_reaches_the_models(client, cast, trained, name, method, url, var_dir):
    client.force_login(getattr(cast, name))
    assert getattr(client, method)(url, {"version": FIRST}).status_code == 404
    assert versions.current_name(var_dir) == SECOND


@pytest.mark.parametrize(
    ("method", "url"), [("get", "/console/models/"), ("post", "/console/models/rollback/")]
)
def test_a_county_administrator_does_not_reach_the_shared_model(
    client, kent, trained, method, url, var_dir
):
    client.force_login(kent)
    assert getattr(client, method)(url, {"version": FIRST}).status_code == 404
    assert versions.current_name(var_dir) == SECOND
    assert "分类模型" not in client.get("/console/").content.decode()


def test_the_console_leads_to_the_models(client, adam):
    client.force_login(adam)
    assert 'href="/console/models/"' in client.get("/console/").content.decode()
