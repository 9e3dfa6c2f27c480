"""The staff menu is grouped into labelled sections (日常办理, 领导包案, 基层治理, 统计研判, 系统);
each user sees only the items they may open, and no section left empty.

From the shared cast: alice a city registrar, dave a department's handler; adam the city's
administrator (casework's cast)."""

from __future__ import annotations

import re

import pytest

from xinfang.casework.tests.conftest import adam  # noqa: F401
from xinfang.front.context import NAVIGATION, sections_for


def menu(client) -> dict[str, list[tuple[str, str]]]:
    """The menu as shown: section label -> [(link text, href)]."""
    html = client.get("/").content.decode()
    nav = html.split('<nav class="sidenav"')[1].split("</nav>")[0]
    found = {}
    for block in nav.split('<li class="nav-section">')[1:]:
        label = re.search(r'class="nav-label"[^>]*>([^<]+)<', block).group(1)
        found[label] = [
            (text, href) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block)
        ]
    return found


def labels(section: list[tuple[str, str]]) -> list[str]:
    return [text for text, _ in section]


def test_every_link_of_the_old_flat_menu_has_one_section():
    names = [item.url_name for section in NAVIGATION for item in section.items]
    assert len(names) == len(set(names)) == 24


def test_a_registrar_sees_the_daily_work_first(client, cast):
    client.force_login(cast.alice)
    shown = menu(client)
    assert list(shown)[0] == "日常办理"
    assert labels(shown["日常办理"]) == ["工作台", "登记信访件", "信访件查询", "本单位待办"]


def test_a_registrar_sees_no_system_item_they_may_not_open(client, cast):
    client.force_login(cast.alice)
    system = labels(menu(client)["系统"])
    assert system == ["便民一卡通", "文号格式"]
    assert client.get("/console/").status_code == 404  # 系统管理, not shown


def test_every_item_a_registrar_is_shown_opens(client, cast):
    client.force_login(cast.alice)
    for section, links in menu(client).items():
        for text, href in links:
            assert client.get(href).status_code == 200, (section, text, href)


@pytest.mark.parametrize("name", ["bob", "carol", "dave", "erin"])
def test_every_item_shown_to_anyone_in_the_cast_opens(client, cast, name):
    """Bureau handlers of two counties, a department's handler, the discipline commission's:
    the menu never offers a page that would answer 404 (信息简报 once did, to dave)."""
    client.force_login(getattr(cast, name))
    for section, links in menu(client).items():
        for text, href in links:
            assert client.get(href, follow=True).status_code == 200, (section, text, href)


def test_a_departments_handler_is_not_offered_the_regions_briefs(client, cast):
    client.force_login(cast.dave)
    assert "信息简报" not in labels(menu(client)["统计研判"])
    assert client.get("/briefs/").status_code == 404


def test_an_administrator_sees_the_system_section(client, adam):  # noqa: F811
    client.force_login(adam)
    system = labels(menu(client)["系统"])
    assert system == ["便民一卡通", "文号格式", "领导名录", "查看记录", "系统管理"]


def test_a_section_with_nothing_to_open_is_not_shown(client, cast):
    client.force_login(cast.dave)  # a department's handler
    shown = menu(client)
    assert "系统" not in shown
    assert "积案化解" not in labels(shown["领导包案"]) and "登记信访件" not in labels(
        shown["日常办理"]
    )


@pytest.mark.parametrize("name", ["alice", "bob", "dave", "erin"])
def test_no_section_is_ever_empty(cast, name):
    assert all(section.items for section in sections_for(getattr(cast, name)))


def test_the_current_page_is_marked_in_the_menu(client, cast):
    client.force_login(cast.alice)
    html = client.get("/petitions/").content.decode()
    assert '<a href="/petitions/" aria-current="page">信访件查询</a>' in html
