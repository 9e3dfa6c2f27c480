"""系统管理 → 内容分类: an administrator keeps the class tree (adds a class under a parent,
renames it, retires and re-enables it) with messages in Chinese; a retired class leaves the
registration form's picker; nobody else reaches the page.

adam is the city's administrator (casework's cast); alice a city registrar."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.classes.models import ContentClass

YESTERDAY = "2026-03-09"


def get(code: str) -> ContentClass:
    return ContentClass.objects.get(code=code)


def picker(client) -> str:
    """The registration form's class picker, as a registrar is shown it today."""
    form = client.get("/petitions/new/").context["form"]
    return str(form["content_class"])


def test_an_administrator_sees_the_tree_with_retired_classes_marked(client, adam):
    client.force_login(adam)
    page = client.get("/console/classes/").content.decode()
    assert "城乡建设" in page and "物业管理" in page
    retired = page.split('id="class-06"')[1].split("</tr>")[0]
    assert "国土资源" in retired and "停用" in retired


def test_retired_classes_may_be_hidden(client, adam):
    client.force_login(adam)
    page = client.get("/console/classes/", {"hide_retired": "on"}).content.decode()
    assert 'id="class-06"' not in page and 'id="class-07"' in page


def test_a_search_finds_a_class_by_name_or_code(client, adam):
    client.force_login(adam)
    by_name = client.get("/console/classes/", {"q": "物业"}).content.decode()
    assert 'id="class-1205"' in by_name and 'id="class-01"' not in by_name
    by_code = client.get("/console/classes/", {"q": "0101"}).content.decode()
    assert 'id="class-010101"' in by_code and 'id="class-0102"' not in by_code


def test_an_administrator_adds_a_class_under_a_parent(client, adam, places):
    client.force_login(adam)
    url = f"/console/classes/new/?parent={places.urban.pk}"
    assert client.get(url).context["form"]["code"].value().startswith("1205")
    response = client.post(
        url, {"code": "120590", "name": "电梯维修", "keywords": "电梯", "sort": "5"}
    )
    assert response.status_code == 302
    node = get("120590")
    assert (node.parent, node.level, node.name) == (places.urban, 3, "电梯维修")


def test_a_new_top_level_class_needs_a_name_and_a_free_code(client, adam):
    client.force_login(adam)
    page = client.post("/console/classes/new/", {"code": "12", "name": ""}).content.decode()
    assert "请填写分类名称" in page
    page = client.post("/console/classes/new/", {"code": "12", "name": "新类"}).content.decode()
    assert "代码12已被使用" in page
    assert not ContentClass.objects.filter(name="新类").exists()


def test_a_fourth_level_is_refused(client, adam):
    client.force_login(adam)
    url = f"/console/classes/new/?parent={get('010101').pk}"
    page = client.post(url, {"code": "01010101", "name": "第四级"}).content.decode()
    assert "分类最多三级" in page


def test_an_administrator_renames_a_class(client, adam, places):
    client.force_login(adam)
    client.post(f"/console/classes/{places.urban.pk}/", {
        "name": "物业服务", "keywords": "物业 电梯 停车", "sort": "3",
    })  # fmt: skip
    node = get("1205")
    assert (node.name, node.keywords, node.sort) == ("物业服务", "物业 电梯 停车", 3)


def test_an_administrator_retires_a_class_and_enables_it_again(client, adam):
    client.force_login(adam)
    leaf = get("010101")
    client.post(f"/console/classes/{leaf.pk}/retire/", {"last_day": YESTERDAY})
    assert get("010101").valid_to == dt.date(2026, 3, 9)
    assert "停用" in client.get(f"/console/classes/{leaf.pk}/").content.decode()
    client.post(f"/console/classes/{leaf.pk}/restore/")
    assert get("010101").valid_to is None


def test_a_class_with_children_in_use_is_not_retired(client, adam):
    client.force_login(adam)
    page = client.post(f"/console/classes/{get('0101').pk}/retire/", {"last_day": YESTERDAY})
    assert "请先停用下级分类" in page.content.decode()
    assert get("0101").valid_to is None


def test_a_retire_needs_a_day_not_before_the_first(client, adam):
    client.force_login(adam)
    node = get("0701")  # in use since 2019-01-01
    assert "请填写停用日期" in client.post(f"/console/classes/{node.pk}/retire/").content.decode()
    page = client.post(f"/console/classes/{node.pk}/retire/", {"last_day": "2018-06-01"})
    assert "停用日期不能早于启用日期2019-01-01" in page.content.decode()


def test_a_class_under_a_retired_parent_is_not_enabled(client, adam):
    client.force_login(adam)
    response = client.post(f"/console/classes/{get('0601').pk}/restore/", follow=True)
    assert "上级分类“国土资源”已停用" in response.content.decode()
    assert get("0601").valid_to is not None


def test_a_class_petitions_use_cannot_be_deleted(client, adam, register):
    register()  # 物业管理
    client.force_login(adam)
    node = get("1205")
    assert "不能删除" in client.get(f"/console/classes/{node.pk}/").content.decode()
    response = client.post(f"/console/classes/{node.pk}/delete/", follow=True)
    assert "信访件使用，不能删除" in response.content.decode()
    assert ContentClass.objects.filter(code="1205").exists()


def test_a_class_added_by_mistake_is_deleted(client, adam, places):
    client.force_login(adam)
    client.post(
        f"/console/classes/new/?parent={places.urban.pk}", {"code": "120591", "name": "误建"}
    )
    client.post(f"/console/classes/{get('120591').pk}/delete/")
    assert not ContentClass.objects.filter(code="120591").exists()


def test_the_registration_picker_offers_only_classes_valid_today(client, cast):
    client.force_login(cast.alice)
    options = picker(client)
    assert f'value="{get("1205").pk}"' in options
    assert f'value="{get("06").pk}"' not in options  # 国土资源, retired 2018-12-31


def test_a_retired_class_leaves_the_registration_picker(client, adam, cast):
    leaf = get("010101")
    client.force_login(cast.alice)
    assert f'value="{leaf.pk}"' in picker(client)
    client.force_login(adam)
    client.post(f"/console/classes/{leaf.pk}/retire/", {"last_day": YESTERDAY})
    client.force_login(cast.alice)
    assert f'value="{leaf.pk}"' not in picker(client)


PAGES = [
    ("get", "/console/classes/"), ("get", "/console/classes/new/"),
    ("get", "/console/classes/{pk}/"), ("post", "/console/classes/{pk}/"),
    ("post", "/console/classes/{pk}/retire/"), ("post", "/console/classes/{pk}/restore/"),
    ("post", "/console/classes/{pk}/delete/"),
]  # fmt: skip


@pytest.mark.parametrize("name", ["alice", "bob", "dave"])
@pytest.mark.parametrize(("method", "url"), PAGES)
def test_no_one_else_reaches_the_classes(client, cast, name, method, url):
    client.force_login(getattr(cast, name))
    leaf = get("010101")
    response = getattr(client, method)(
        url.format(pk=leaf.pk), {"name": "改", "last_day": YESTERDAY}
    )
    assert response.status_code == 404
    assert get("010101").name == "治安管理" and get("010101").valid_to is None


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_a_county_administrator_does_not_change_the_shared_classes(client, places, method, url):
    from xinfang.accounts.models import Role, User

    county_admin = User.objects.create_user(
        "kent", password="x", role=Role.ADMIN, unit=places.hecheng_bureau, region=places.hecheng
    )
    client.force_login(county_admin)
    leaf = get("010101")
    response = getattr(client, method)(
        url.format(pk=leaf.pk), {"name": "改", "last_day": YESTERDAY}
    )
    assert response.status_code == 404
    assert get("010101").name == "治安管理" and get("010101").valid_to is None
    assert "内容分类" not in client.get("/console/").content.decode()


def test_the_console_leads_to_the_classes_and_the_targets(client, adam):
    client.force_login(adam)
    page = client.get("/console/").content.decode()
    assert 'href="/console/classes/"' in page
    assert 'href="/assessment/"' in page and 'href="/assessment/rules/"' in page


def test_an_administrator_without_a_region_is_not_led_to_the_targets(client, adam):
    adam.region = None
    adam.save()
    client.force_login(adam)
    page = client.get("/console/").content.decode()
    assert 'href="/console/classes/"' in page and 'href="/assessment/"' not in page
