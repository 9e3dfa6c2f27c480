"""Login, home page and the health check."""

from xml.etree import ElementTree

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["ok"] is True


def test_pages_need_a_login(client, db):
    response = client.get(reverse("petitions:list"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_wrong_password_gets_a_chinese_message(client, cast):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert "用户名或密码不正确" in response.content.decode()


def test_the_home_page_shows_the_users_scope(client, cast, register):
    register(is_urgent=True, title="有人扬言跳楼")
    client.force_login(cast.bob)
    page = client.get(reverse("home")).content.decode()
    assert "鹤城区信访局" in page and "管辖：鹤城区" in page
    assert "有人扬言跳楼" in page


def test_the_navigation_follows_the_role(client, cast):
    client.force_login(cast.dave)
    page = client.get(reverse("home")).content.decode()
    assert "登记信访件" not in page and "系统管理" not in page


def test_an_urgent_petition_notifies_the_supervisor_over_its_place(client, cast, places, register):
    from xinfang.accounts.models import Role, User

    sup = User.objects.create_user(
        "sam", password="x", role=Role.SUPERVISOR, unit=places.city_bureau, region=places.city
    )
    register(is_urgent=True)
    client.force_login(sup)
    page = client.get(reverse("events:notifications")).content.decode()
    assert "登记来访（个体访）" in page and "未读" in page


def test_an_oversized_form_gets_a_message_not_an_error_page(client, cast, settings):
    client.force_login(cast.alice)
    big = "字" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2)
    response = client.post(reverse("petitions:register"), {"content": big})
    assert response.status_code == 400
    assert "提交的内容过大" in response.content.decode()


def test_the_menu_shows_statistics_only_to_those_who_may_open_them(client, cast):
    client.force_login(cast.dave)  # a department's handler: the dashboard would answer 403
    assert 'href="/stats/"' not in client.get("/").content.decode()
    client.force_login(cast.alice)
    assert 'href="/stats/"' in client.get("/").content.decode()


def test_the_tab_icon_is_well_formed_svg():
    # An XML comment may not hold "--": Chromium then draws its error page as the icon.
    root = ElementTree.parse(finders.find("img/favicon.svg")).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
