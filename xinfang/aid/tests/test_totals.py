"""Totals of approved aid per year, source and region, and the 积案 ended by 救助息访, on a
small hand-made set."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from xinfang.aid import actions, queries
from xinfang.backlog import actions as backlog
from xinfang.backlog.models import Ending

from .files import pdf as _pdf


@pytest.fixture
def ledger(cast, grace, leaders, give, hecheng_case, zhongfang_case, places):
    """鹤城区: 5,000 信访救助 (2 people, agreement) and 20,000 民政 (1); 中方县: 8,000 司法救助
    (3, agreement); one pending and one of last year, which do not count."""
    rows = [
        give(hecheng_case.matter, amount="5000", people=2, agreement=_pdf()),
        give(hecheng_case.matter, amount="20000", source="civil"),
        give(zhongfang_case.matter, actor=cast.carol, amount="8000", people=3,
             source="judicial", has_agreement=True),
        give(zhongfang_case.matter, actor=cast.carol, amount="8000", given_on=dt.date(2025, 12, 30)),
    ]  # fmt: skip
    give(hecheng_case.matter, amount="999")  # pending: not counted
    for aid in rows:
        actions.decide_aid(cast.lena, aid, approve=True)
    marked = backlog.mark_backlog(cast.bob, hecheng_case.matter, reason="生活困难反复信访")
    backlog.end_backlog(cast.bob, marked, ending=Ending.AID, note="救助后签订息访协议")
    return rows


def test_the_year_in_all_per_source_and_per_region(cast, ledger):
    totals = queries.totals(cast.lena, 2026)
    assert (totals.all.records, totals.all.people, totals.all.agreements) == (3, 6, 2)
    assert totals.all.amount == Decimal("33000.00") and totals.all.wan == "3.3"
    by_source = {t.label: (t.records, t.people, t.amount) for t in totals.by_source}
    assert by_source["民政"] == (1, 1, Decimal("20000.00"))
    assert by_source["司法救助"] == (1, 3, Decimal("8000.00"))
    assert by_source["捐赠"] == (0, 0, Decimal("0"))
    by_region = {t.label: (t.records, t.amount) for t in totals.by_region}
    assert by_region["鹤城区"] == (2, Decimal("25000.00"))
    assert by_region["中方县"] == (1, Decimal("8000.00"))
    assert totals.closed_by_aid == 1 and totals.closed_with_aid == 1
    assert totals.sentence == (
        "2026年救助帮扶6人次，协调救助资金3.3万元，其中签订息访协议2件次；通过救助息访化解积案1件。"
    )


def test_a_county_sees_its_own_totals(cast, ledger):
    totals = queries.totals(cast.zoe, 2026)
    assert (totals.all.records, totals.all.amount) == (1, Decimal("8000.00"))
    assert totals.closed_by_aid == 0


def test_the_totals_page(client, cast, ledger):
    client.force_login(cast.lena)
    page = client.get(reverse("aid:totals"), {"year": 2026}).content.decode()
    assert "协调救助资金3.3万元" in page and "救助后签订息访协议" in page
