"""Error pages speak Chinese, keep the site's layout and offer a way back (alice is a
registrar; an anonymous visitor gets the same pages without the menu)."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.views.defaults import server_error


def test_an_unknown_page_says_so_in_chinese_with_the_menu(client, cast):
    client.force_login(cast.alice)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "没有找到该页面" in page and "回到首页" in page and "主导航" in page
    assert "URLconf" not in page and "tried" not in page


def test_a_case_out_of_reach_gives_the_actions_own_message(client, cast):
    client.force_login(cast.alice)
    page = client.get("/casework/handovers/999/").content.decode()
    assert "没有找到该交办批次" in page


def test_an_anonymous_visitor_gets_the_page_without_the_menu(db):
    page = Client().get("/portal/no-such-page/").content.decode()
    assert "没有找到该页面" in page and "主导航" not in page


def test_a_missing_csrf_token_says_what_to_do_and_not_how_it_works(db, cast):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": "alice", "password": "pw-alice"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in page and "请刷新页面" in page
    assert "DEBUG" not in page and "cookie not set" not in page


def test_a_server_error_is_in_chinese_and_needs_no_context(db):
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in page and "回到首页" in page
