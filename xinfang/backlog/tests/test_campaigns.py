"""A 积案化解 campaign's figures on a known, hand-made set: eight 积案 of the city (six in
鹤城区, two in 中方县), five resolved at known dates, three matters 案结事了.

Each reader's figures count the cases they may see: the city leader all eight, 鹤城区's
leader six, 中方县's two.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from xinfang.backlog import actions, queries
from xinfang.backlog.models import Campaign, Ending
from xinfang.casework import actions as casework
from xinfang.lib.errors import DomainError, Invalid
from xinfang.petitions.models import Matter

EARLY = dt.date(2026, 2, 1)
MARKED = dt.date(2026, 2, 10)
# (county, ended on, settled)
CASES = [
    ("hecheng", dt.date(2026, 2, 25), True),
    ("hecheng", dt.date(2026, 3, 2), True),
    ("hecheng", dt.date(2026, 3, 3), False),
    ("hecheng", dt.date(2026, 3, 9), False),
    ("hecheng", None, False),
    ("hecheng", None, False),
    ("zhongfang", dt.date(2026, 3, 10), True),
    ("zhongfang", None, False),
]


@pytest.fixture
def campaign(cast, leaders, places, register):
    """百日会战 over the city from 2026-02-20 to 2026-05-30, with the eight 积案 listed."""
    found = actions.create_campaign(
        cast.lena, name="百日会战", region=places.city,
        starts_on=dt.date(2026, 2, 20), ends_on=dt.date(2026, 5, 30),
    )  # fmt: skip
    for i, (county, ended_on, settled) in enumerate(CASES):
        region = getattr(places, county)
        matter = register(region=region, title=f"积案{i + 1}", received_on=EARLY).matter
        backlog = actions.mark_backlog(cast.alice, matter, reason="久拖未决", marked_on=MARKED)
        if county == "hecheng":
            casework.own_matter(
                cast.hugo, matter, leader=leaders.hugo, unit=places.housing, target_workdays=40
            )
            actions.list_in_campaign(cast.lena, found, backlog)  # the owner: hugo, by 包案
        else:
            actions.list_in_campaign(cast.lena, found, backlog, owner=leaders.zoe)
        if ended_on:
            actions.end_backlog(cast.alice, backlog, ending=Ending.AGREEMENT, ended_on=ended_on)
        if settled:
            # 案结事了 is the workflow's fact about the matter; set here as the data set says.
            Matter.objects.filter(pk=matter.pk).update(is_settled=True, settled_on=ended_on)
    return found


def test_the_city_leader_sees_the_whole_campaigns_figures(cast, campaign):
    figures = queries.campaign_figures(cast.lena, campaign)
    assert (figures.listed, figures.resolved, figures.settled, figures.remaining) == (8, 5, 3, 3)
    assert figures.resolved_rate == Decimal("62.5")
    assert figures.settled_rate == Decimal("37.5")
    assert figures.sentence(campaign) == (
        "百日会战共列入信访积案8件，已化解5件，化解率62.5%，案结事了率37.5%，仅有3件积案尚未化解。"
    )


def test_a_county_leader_sees_the_countys_cases_only(cast, campaign):
    hugo = queries.campaign_figures(cast.hugo, campaign)
    zoe = queries.campaign_figures(cast.zoe, campaign)
    assert (hugo.listed, hugo.resolved, hugo.resolved_rate) == (6, 4, Decimal("66.7"))
    assert (zoe.listed, zoe.resolved, zoe.resolved_rate) == (2, 1, Decimal("50.0"))
    titles = {c.shown_title for c in queries.campaign_cases(cast.zoe, campaign)}
    assert titles == {"积案7", "积案8"}


def test_the_weekly_progress_counts_resolved_cases_up_to_each_week(cast, campaign):
    weeks = queries.campaign_figures(cast.lena, campaign).weeks
    assert [(w.ends_on, w.resolved, w.remaining) for w in weeks] == [
        (dt.date(2026, 2, 26), 1, 7),
        (dt.date(2026, 3, 5), 3, 5),
        (dt.date(2026, 3, 10), 5, 3),  # the week running today stops at today
    ]


def test_a_case_owned_by_a_leader_is_listed_with_that_owner(cast, leaders, campaign):
    owners = {c.shown_title: c.owner for c in queries.campaign_cases(cast.lena, campaign)}
    assert owners["积案1"] == leaders.hugo and owners["积案8"] == leaders.zoe


def test_a_case_without_an_owner_needs_one_named(cast, leaders, campaign, register, places):
    matter = register(region=places.hecheng, title="无人包案").matter
    backlog = actions.mark_backlog(cast.bob, matter, reason="久拖未决")
    with pytest.raises(Invalid) as refused:
        actions.list_in_campaign(cast.lena, campaign, backlog)
    assert refused.value.errors["owner"] == ["该事项尚无包案领导，请指定包案责任人"]


def test_a_case_is_listed_once(cast, campaign):
    listed = campaign.cases.filter(backlog__ended_on__isnull=True).first()
    with pytest.raises(DomainError, match="已列入本活动"):
        actions.list_in_campaign(cast.lena, campaign, listed.backlog)


def test_a_handler_does_not_run_campaigns(cast, places):
    with pytest.raises(DomainError):
        actions.create_campaign(
            cast.bob, name="百日会战", region=places.hecheng,
            starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 6, 8),
        )  # fmt: skip


def test_a_county_leader_runs_a_campaign_in_the_county_only(cast, leaders, places):
    with pytest.raises(Invalid) as refused:
        actions.create_campaign(
            cast.hugo, name="百日会战", region=places.zhongfang,
            starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 6, 8),
        )  # fmt: skip
    assert refused.value.errors["region"] == ["只能在本级或下级地区组织活动"]


def test_the_figures_in_the_seeds_words():
    campaign = Campaign(name="信访积案化解百日会战")
    figures = queries.Figures(listed=476, resolved=439, settled=430)
    assert figures.sentence(campaign) == (
        "信访积案化解百日会战共列入信访积案476件，已化解439件，化解率92.2%，案结事了率90.3%，"
        "仅有37件积案尚未化解。"
    )
    whole = queries.Figures(listed=100, resolved=93, settled=90)
    assert "化解率93%，案结事了率90%，仅有7件积案尚未化解" in whole.sentence(campaign)


def test_rates_are_rounded_half_up_to_one_decimal():
    assert queries.percent(1, 16) == Decimal("6.3")  # 6.25: half up, not to even
    assert queries.percent(2, 3) == Decimal("66.7")
    assert queries.percent(0, 0) is None


# The board page.


def test_the_board_shows_figures_remaining_cases_owners_and_last_action(client, cast, campaign):
    client.force_login(cast.lena)
    page = client.get(reverse("backlog:campaign", args=[campaign.pk])).content.decode()
    assert "化解率62.5%" in page and "仅有3件积案尚未化解" in page
    assert 'id="remaining"' in page and "Hugo" in page and "Zoe" in page
    assert "列入“百日会战”，包案责任人" in page  # each remaining case's last action
    assert "campaign-data" in page  # the weekly chart's data


def test_a_county_leader_sees_the_countys_cases_on_the_board(client, cast, campaign):
    client.force_login(cast.zoe)
    page = client.get(reverse("backlog:campaign", args=[campaign.pk])).content.decode()
    assert "积案8" in page and "积案5" not in page and "积案6" not in page
    assert "共列入信访积案2件" in page


def test_another_countys_campaign_is_not_found(client, cast, leaders, places):
    other = actions.create_campaign(
        cast.zoe, name="中方县百日会战", region=places.zhongfang,
        starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 6, 8),
    )  # fmt: skip
    client.force_login(cast.hugo)
    assert client.get(reverse("backlog:campaign", args=[other.pk])).status_code == 404
    listing = client.get(reverse("backlog:campaigns")).content.decode()
    assert "中方县百日会战" not in listing


def test_a_leader_creates_a_campaign_and_lists_a_case_through_the_pages(
    client, cast, leaders, places, hecheng_backlog
):
    client.force_login(cast.hugo)
    answer = client.post(reverse("backlog:campaigns"), {
        "name": "鹤城区百日会战", "region": places.hecheng.pk,
        "starts_on": "2026-03-10", "ends_on": "2026-06-17",
    })  # fmt: skip
    campaign = Campaign.objects.get(name="鹤城区百日会战")
    assert answer.status_code == 302
    answer = client.post(
        reverse("backlog:campaign", args=[campaign.pk]),
        {"backlog": hecheng_backlog.pk, "owner": leaders.hugo.pk},
    )
    assert answer.status_code == 302
    assert campaign.cases.get().owner == leaders.hugo


def test_the_workbench_shows_campaign_progress(client, cast, campaign):
    client.force_login(cast.hugo)
    page = client.get(reverse("casework:workbench")).content.decode()
    assert "会战进度" in page
    assert "列入6件，已化解4件，化解率66.7%，尚有2件未化解" in page
