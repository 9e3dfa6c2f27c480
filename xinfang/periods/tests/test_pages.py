"""The pages: defining a period, the county's day with the report form, a 零报告 and an
incident report through the form, the summary."""

from __future__ import annotations

from xinfang.periods.models import SensitivePeriod
from xinfang.periods.tests.conftest import TODAY


def test_an_administrator_defines_a_period_on_the_page(adam, places, client):
    client.force_login(adam)
    response = client.post(
        "/periods/new/",
        {
            "name": "2026年全国两会特护期", "kind": "two_sessions", "starts_on": "2026-03-04",
            "ends_on": "2026-03-11", "regions": [places.city.pk], "report_deadline": "16:00",
            "persons_warning": "15", "collective_warning": "1", "overlevel_warning": "1",
            "note": "实行每日零报告制度",
        },
    )  # fmt: skip
    period = SensitivePeriod.objects.get()
    assert response.status_code == 302 and response.url == f"/periods/{period.pk}/"
    assert period.persons_warning == 15 and list(period.regions.all()) == [places.city]


def test_the_period_form_shows_the_actions_refusal(adam, places, client):
    client.force_login(adam)
    page = client.post(
        "/periods/new/",
        {
            "name": "两会", "kind": "two_sessions", "starts_on": "2026-03-11",
            "ends_on": "2026-03-04", "regions": [places.hecheng.pk], "report_deadline": "16:00",
            "persons_warning": "15", "collective_warning": "1", "overlevel_warning": "1",
        },
    ).content.decode()  # fmt: skip
    assert "结束日期不能早于开始日期" in page
    assert not SensitivePeriod.objects.exists()


def test_an_administrator_changes_a_periods_warning_on_the_page(adam, lianghui, client):
    client.force_login(adam)
    form = client.get(f"/periods/{lianghui.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["persons_warning"] = "20"
    response = client.post(f"/periods/{lianghui.pk}/edit/", data)
    assert response.status_code == 302 and response.url == f"/periods/{lianghui.pk}/"
    lianghui.refresh_from_db()
    assert lianghui.persons_warning == 20


def test_an_edit_ending_before_it_starts_is_refused_on_the_page(adam, lianghui, client):
    client.force_login(adam)
    form = client.get(f"/periods/{lianghui.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["ends_on"] = "2026-01-01"
    page = client.post(f"/periods/{lianghui.pk}/edit/", data).content.decode()
    assert "结束日期不能早于开始日期" in page
    lianghui.refresh_from_db()
    assert str(lianghui.ends_on) != "2026-01-01"


def test_a_county_clerk_sends_a_zero_report_in_one_click(lianghui, cast, places, client):
    client.force_login(cast.bob)
    url = f"/periods/{lianghui.pk}/counties/{places.hecheng.code}/"
    assert 'id="zero-report"' in client.get(url).content.decode()
    response = client.post(url + "report/", {"day": TODAY.isoformat(), "zero": "1"})
    assert response.status_code == 302
    report = lianghui.reports.get()
    assert report.is_zero_report and report.submitted_by == cast.bob
    page = client.get(response.url).content.decode()
    assert "按时报送" in page and 'id="zero-report"' not in page


def test_an_incident_report_without_text_is_refused_on_the_page(lianghui, cast, places, client):
    client.force_login(cast.bob)
    url = f"/periods/{lianghui.pk}/counties/{places.hecheng.code}/report/"
    page = client.post(url, {"day": TODAY.isoformat(), "incidents": ""}).content.decode()
    assert "请填写情况报告" in page
    assert not lianghui.reports.exists()


def test_the_county_page_highlights_todays_warnings(lianghui, known, cast, places, client):
    client.force_login(cast.bob)
    page = client.get(f"/periods/{lianghui.pk}/counties/{places.hecheng.code}/").content.decode()
    assert "人次11，达到预警值10" in page
    assert 'id="warnings"' in page


def test_the_summary_page_shows_the_totals(lianghui, known, cast, client):
    client.force_login(cast.alice)
    page = client.get(f"/periods/{lianghui.pk}/summary/").content.decode()
    assert "2026年全国两会特护期总结" in page
    assert "进行中，截至今日" in page
