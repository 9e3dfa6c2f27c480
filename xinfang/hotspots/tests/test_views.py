"""The list, the detail page, the dashboard panel and the navigation."""

from __future__ import annotations

from xinfang.hotspots.actions import refresh_hot_issues
from xinfang.hotspots.models import HotIssue


def test_the_list_shows_figures_growth_places_and_the_shared_words(client, cast, elevator):
    refresh_hot_issues()
    client.force_login(cast.alice)
    page = client.get("/hotspots/").content.decode()
    assert "<b>4</b>批次" in page and "<b>4</b>人次" in page
    assert "近7日3件，前7日1件（3.0倍）" in page and "快速增长" in page
    assert "鹤城区 4件" in page and "城乡建设 / 物业管理 4件" in page
    assert "<mark" in page and "锦溪小区" in page and "（4/4件）" in page
    assert f"/hotspots/{HotIssue.objects.get().pk}/" in page


def test_the_list_says_when_nothing_was_computed_yet(client, cast):
    client.force_login(cast.alice)
    assert "尚未计算热点问题" in client.get("/hotspots/").content.decode()


def test_the_detail_page_lists_the_petitions_with_what_matched(client, cast, elevator):
    refresh_hot_issues()
    client.force_login(cast.bob)
    issue = HotIssue.objects.get()
    page = client.get(f"/hotspots/{issue.pk}/").content.decode()
    for petition in elevator:
        assert f'href="/petitions/{petition.number}/"' in page
    assert "本类信访件（4件）" in page and "包含的共同词语" in page


def test_another_county_gets_a_404_for_the_detail_page(client, cast, elevator):
    refresh_hot_issues()
    client.force_login(cast.carol)
    assert client.get(f"/hotspots/{HotIssue.objects.get().pk}/").status_code == 404
    assert "锦溪小区" not in client.get("/hotspots/").content.decode()


def test_the_panel_lists_the_flagged_issues(client, cast, elevator):
    refresh_hot_issues()
    client.force_login(cast.alice)
    page = client.get("/hotspots/panel/").content.decode()
    assert "热点问题（近30日）" in page and '<span class="tag red">快速增长</span>' in page


def test_the_dashboard_loads_the_panel_lazily(client, cast):
    client.force_login(cast.alice)
    page = client.get("/stats/").content.decode()
    assert 'hx-get="/hotspots/panel/?region=' in page


def test_the_navigation_links_to_the_hot_issues(client, cast):
    client.force_login(cast.bob)
    assert 'href="/hotspots/"' in client.get("/").content.decode()


def test_a_visitor_must_log_in(client):
    assert client.get("/hotspots/").status_code == 302
