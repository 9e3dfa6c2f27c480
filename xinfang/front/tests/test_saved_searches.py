"""The case list sorts by its column headers and keeps a clerk's filters as 常用查询; alice's
saved searches are hers alone."""

from __future__ import annotations

from xinfang.front.models import SavedSearch


def test_a_column_header_sorts_the_list(client, cast, register):
    older = register(received_on=__import__("datetime").date(2026, 3, 1))
    newer = register()
    client.force_login(cast.alice)
    rows = client.get("/petitions/?sort=received").context["page"].object_list
    assert [p.pk for p in rows] == [older.pk, newer.pk]
    rows = client.get("/petitions/").context["page"].object_list
    assert [p.pk for p in rows] == [newer.pk, older.pk]


def test_an_unknown_sort_falls_back_to_newest_first(client, cast, register):
    register()
    client.force_login(cast.alice)
    assert client.get("/petitions/?sort=drop+table").context["sort"] == "-received"


def test_the_list_shows_the_deadline_and_the_responsible_unit(client, cast, register, places):
    from xinfang.workflow import actions

    actions.forward(cast.alice, register().matter, places.housing)
    client.force_login(cast.alice)
    page = client.get("/petitions/").content.decode()
    assert "最近期限" in page and "剩余" in page and places.housing.name in page


def test_a_filter_is_saved_and_listed(client, cast):
    client.force_login(cast.alice)
    response = client.post("/searches/", {"name": "鹤城来访", "query": "channel=visit&page=3"})
    assert response.status_code == 302 and response["Location"] == "/petitions/?channel=visit"
    assert '<a href="?channel=visit">鹤城来访</a>' in client.get("/petitions/").content.decode()


def test_saving_without_a_filter_says_why(client, cast):
    client.force_login(cast.alice)
    response = client.post("/searches/", {"name": "全部", "query": ""}, follow=True)
    assert "当前没有筛选条件，无需保存" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_another_users_saved_search_cannot_be_deleted(client, cast):
    client.force_login(cast.alice)
    client.post("/searches/", {"name": "来访", "query": "channel=visit"})
    mine = SavedSearch.objects.get()
    client.force_login(cast.frank)
    assert client.post(f"/searches/{mine.pk}/delete/").status_code == 404
    assert "来访" not in client.get("/petitions/").content.decode().split("saved-searches")[1][:400]


def test_the_list_finds_overdue_matters(client, cast, register):
    from xinfang.petitions.models import Matter, Urgency

    late = register(title="超期未办")
    register(title="按期办理中")
    Matter.objects.filter(pk=late.matter_id).update(urgency=Urgency.OVERDUE)
    client.force_login(cast.alice)
    rows = client.get("/petitions/?due=late").context["page"].object_list
    assert [p.pk for p in rows] == [late.pk]
