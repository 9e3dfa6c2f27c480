"""Portal fixtures: a visitor's client that can answer the challenge, and a submitted case."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from xinfang.conftest import VALID_ID
from xinfang.portal.challenge import NUMERALS

PHONE = "13807451234"


def solve(html: str) -> str:
    """Answer the form's sum the way a person would read it."""
    a, b = re.search(r"([一二三四五六七八九])加([一二三四五六七八九])等于几", html).groups()
    return str(NUMERALS.index(a) + NUMERALS.index(b))


@pytest.fixture(autouse=True)
def no_fill_delay(settings):
    settings.XINFANG_PORTAL_MIN_FILL_SECONDS = 0


@pytest.fixture
def visitor():
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.7")


@pytest.fixture
def form_data(places):
    def build(client, **overrides):
        page = client.get("/portal/submit/").content.decode()
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        data = {
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            "kind": "person",
            "name": "李秀英",
            "id_number": VALID_ID,
            "phone": PHONE,
            "region": places.hecheng.pk,
            "content_class": places.urban.pk,
            "purpose": "request",
            "title": "小区路灯损坏",
            "content": "迎丰路小区路灯坏了三个月，夜间出行不安全。",
            "demands": "请尽快修复路灯",
            "is_accusation": "no",
            "consent_public": "on",
            "answer": solve(page),
            "token": token,
            "website": "",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return build


@pytest.fixture
def submit(visitor, form_data):
    """Submit through the portal; returns (response followed to the receipt, number, code)."""

    def run(client=None, **overrides):
        client = client or visitor
        response = client.post("/portal/submit/", form_data(client, **overrides), follow=True)
        html = response.content.decode()
        number = re.search(r'id="petition-number">([^<]+)<', html)
        code = re.search(r'id="query-code">([^<]+)<', html)
        return response, number and number.group(1), code and code.group(1)

    return run


@pytest.fixture
def looked_up(visitor):
    def run(number, code, last4=PHONE[-4:], client=None):
        client = client or visitor
        client.get("/portal/lookup/")
        return client.post(
            "/portal/lookup/",
            {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, "number": number,
             "code": code, "phone_last4": last4},
        )  # fmt: skip

    return run
