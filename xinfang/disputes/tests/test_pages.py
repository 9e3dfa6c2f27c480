"""The ledger's pages: recording through the form, the filters, the dispute page, the
township's report page, and the menu entry."""

from __future__ import annotations

import datetime as dt

from xinfang.disputes import actions
from xinfang.disputes.models import Dispute, DisputeKind, DisputeStatus


def _form(towns, places, **overrides):
    data = {
        "found_on": "2026-03-09", "unit": towns.tongwan.pk, "region": places.zhongfang.pk,
        "place": "白岩村一组", "title": "宅基地边界纠纷", "kind": DisputeKind.NEIGHBOURS,
        "risk": "low", "people": 2, "parties": "张某、李某", "responsible_person": "刘建军",
        "responsible_unit": "白岩村调委会", "details": "", "measures": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_clerk_records_a_dispute_through_the_form(client, people, towns, places):
    client.force_login(people.tina)
    response = client.post("/disputes/new/", _form(towns, places))
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response.url == f"/disputes/{dispute.pk}/"
    assert dispute.recorded_by == people.tina


def test_the_form_shows_the_actions_messages(client, people, towns, places):
    client.force_login(people.tina)
    response = client.post("/disputes/new/", _form(towns, places, found_on="2026-03-11"))
    assert response.status_code == 200
    assert response.context["form"].errors["found_on"] == ["排查日期不能晚于今天"]


def test_the_form_offers_a_clerk_only_her_township(client, people, towns):
    client.force_login(people.tina)
    form = client.get("/disputes/new/").context["form"]
    assert [name for _, name in form.fields["unit"].choices] == ["中方县铜湾镇"]


def test_the_ledger_filters_by_status_type_and_month(client, people, record):
    record(title="二月征地纠纷")
    record(title="一月邻里纠纷", kind=DisputeKind.NEIGHBOURS, found_on=dt.date(2026, 1, 8))
    client.force_login(people.carol)
    by_kind = client.get("/disputes/", {"kind": DisputeKind.NEIGHBOURS}).content.decode()
    assert "一月邻里纠纷" in by_kind and "二月征地纠纷" not in by_kind
    by_month = client.get("/disputes/", {"month": "2026-02"}).content.decode()
    assert "二月征地纠纷" in by_month and "一月邻里纠纷" not in by_month
    by_status = client.get("/disputes/", {"status": DisputeStatus.RESOLVED}).content.decode()
    assert "没有符合条件的矛盾纠纷" in by_status


def test_the_dispute_page_lists_the_measures(client, people, record):
    dispute = record()
    actions.add_measure(people.tina, dispute, done_on=dt.date(2026, 2, 4),
                        text="组织双方到村部调解", done_by="白岩村调委会")  # fmt: skip
    client.force_login(people.tina)
    page = client.get(f"/disputes/{dispute.pk}/").content.decode()
    assert "2026-02-04" in page and "组织双方到村部调解" in page


def test_a_measure_with_errors_shows_them_on_the_page(client, people, record):
    dispute = record()
    client.force_login(people.tina)
    response = client.post(f"/disputes/{dispute.pk}/measure/",
                           {"done_on": "2026-02-01", "done_by": "刘建军", "text": "走访"})  # fmt: skip
    assert response.status_code == 422
    assert "措施日期不能早于排查日期（2026-02-03）" in response.content.decode()


def test_a_township_clerk_goes_to_her_townships_report(client, people, towns):
    client.force_login(people.tina)
    response = client.get("/disputes/reports/")
    assert response.url == f"/disputes/reports/townships/{towns.tongwan.pk}/"
    page = client.get(response.url).content.decode()
    assert "中方县铜湾镇矛盾纠纷排查化解月报表" in page and "上报月报表" in page


def test_a_bad_month_is_a_400(client, people, towns):
    client.force_login(people.tina)
    response = client.get(f"/disputes/reports/townships/{towns.tongwan.pk}/?month=2026-13")
    assert response.status_code == 400


def test_another_township_cannot_read_the_report(client, people, towns):
    client.force_login(people.tom)
    assert client.get(f"/disputes/reports/townships/{towns.tongwan.pk}/").status_code == 404


def test_a_departments_handler_is_not_offered_a_report_he_has_none_of(client, people):
    """dave (市住建局) keeps no township's or region's report: 月报表 would be a 404."""
    client.force_login(people.dave)
    assert "月报表" not in client.get("/disputes/").content.decode()
    assert client.get("/disputes/reports/").status_code == 404


def test_the_ledger_offers_the_reports_to_those_who_have_one(client, people):
    for who in ("tina", "carol"):
        client.force_login(getattr(people, who))
        assert 'href="/disputes/reports/"' in client.get("/disputes/").content.decode()


def test_the_menu_leads_to_the_ledger(client, people):
    for who in ("tina", "carol", "leo", "alice"):
        client.force_login(getattr(people, who))
        assert 'href="/disputes/"' in client.get("/disputes/").content.decode()


def test_the_admin_site_lists_only_what_the_administrator_may_see(client, people, record, towns):
    from xinfang.accounts.models import Role
    from xinfang.disputes.actions import submit_report

    record()
    submit_report(people.tina, towns.tongwan, dt.date(2026, 2, 1))
    admin = people.bob
    admin.role, admin.is_staff, admin.is_superuser = Role.ADMIN, True, True
    admin.save()
    client.force_login(admin)
    disputes = client.get("/admin/disputes/dispute/")
    reports = client.get("/admin/disputes/monthlyreport/")
    assert disputes.status_code == reports.status_code == 200
    assert "白岩村三组征地补偿款分配纠纷" not in disputes.content.decode()
    assert "中方县铜湾镇" not in reports.content.decode().split('id="result_list"')[-1]
