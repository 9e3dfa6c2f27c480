"""The pages that keep agreements: sign one, edit it, set a goal split by month and remove
one, see the errors; the scoring rules removed and copied from last year, by admins only."""

from __future__ import annotations

from django.urls import reverse

from xinfang.assessment.models import Agreement, ScoringRule


def test_a_supervisor_signs_an_agreement_and_sets_a_monthly_goal(client, grace, places):
    client.force_login(grace)
    response = client.post(
        reverse("assessment:new"),
        {
            "owner": f"r{places.zhongfang.pk}", "year": "2026",
            "title": "2026年度信访工作目标管理责任状", "issuer_name": "怀化市信访工作联席会议",
            "responsible": "中方县委书记",
        },
    )  # fmt: skip
    agreement = Agreement.objects.get()
    assert response.url == reverse("assessment:detail", args=[agreement.pk])
    months = {f"m{m}": "100" for m in range(1, 13)}
    client.post(
        reverse("assessment:goal", args=[agreement.pk]),
        {"indicator": "total_persons", "comparator": "le", "value": "1200", **months},
    )
    page = client.get(reverse("assessment:detail", args=[agreement.pk])).content.decode()
    assert "信访总量（人次）" in page
    assert "分月指标：1月100" in page


def test_the_edit_page_shows_the_agreement_as_signed(client, grace, sign, places):
    agreement = sign(places.zhongfang, responsible="中方县委书记")
    client.force_login(grace)
    response = client.get(reverse("assessment:edit", args=[agreement.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert "owner" not in form.fields and "year" not in form.fields  # fixed once signed
    assert form["responsible"].value() == "中方县委书记"


def test_a_supervisor_changes_the_agreements_responsible_person(client, grace, sign, places):
    agreement = sign(places.zhongfang)
    client.force_login(grace)
    response = client.post(
        reverse("assessment:edit", args=[agreement.pk]),
        {"title": agreement.title, "issuer_name": agreement.issuer_name,
         "responsible": "中方县县长", "signed_on": "2026-01-15", "note": ""},
    )  # fmt: skip
    assert response.url == reverse("assessment:detail", args=[agreement.pk])
    agreement.refresh_from_db()
    assert agreement.responsible == "中方县县长"


def test_a_goal_form_shows_what_is_wrong_in_chinese(client, grace, sign, places):
    agreement = sign(places.zhongfang)
    client.force_login(grace)
    response = client.post(
        reverse("assessment:goal", args=[agreement.pk]),
        {"indicator": "on_time_rate", "comparator": "eq", "value": "120"},
    )
    assert response.status_code == 200
    assert "比率的目标值应在0至100（%）之间" in response.content.decode()


def test_an_admin_sets_a_veto_rule_on_the_rules_page(client, olga):
    client.force_login(olga)
    client.post(
        reverse("assessment:rules") + "?year=2026",
        {"indicator": "national_abnormal_persons", "weight": "30", "deduction": "",
         "is_veto": "on"},
    )  # fmt: skip
    rule = ScoringRule.objects.get()
    assert (rule.year, rule.weight, rule.is_veto) == (2026, 30, True)
    page = client.get(reverse("assessment:rules") + "?year=2026").content.decode()
    assert "进京非正常访（人次）" in page


def test_copying_an_agreement_from_its_page_opens_the_new_years(client, olga, known_year):
    hecheng, _ = known_year
    client.force_login(olga)
    response = client.post(reverse("assessment:copy", args=[hecheng.pk]), {"year": "2027"})
    made = Agreement.objects.get(year=2027)
    assert response.url == reverse("assessment:detail", args=[made.pk])
    assert made.goals().count() == 2


def test_a_goal_is_removed_from_the_agreements_page(client, grace, sign, goal, places):
    agreement = sign(places.zhongfang)
    goal(agreement, "total_persons", "le", 1200)
    client.force_login(grace)
    url = reverse("assessment:remove_goal", args=[agreement.pk, "total_persons"])
    page = client.post(url, follow=True).content.decode()
    assert "已删除该项指标" in page and not agreement.goals().exists()


def test_removing_a_goal_the_agreement_lacks_says_so(client, grace, sign, places):
    agreement = sign(places.zhongfang)
    client.force_login(grace)
    url = reverse("assessment:remove_goal", args=[agreement.pk, "total_persons"])
    assert "该目标责任状没有这项指标" in client.post(url, follow=True).content.decode()


def test_a_leader_may_not_remove_a_goal(client, leo, sign, goal, places):
    agreement = sign(places.zhongfang)
    goal(agreement, "total_persons", "le", 1200)
    client.force_login(leo)
    url = reverse("assessment:remove_goal", args=[agreement.pk, "total_persons"])
    assert client.post(url).status_code == 404
    assert agreement.goals().exists()


def test_a_rule_is_removed_from_the_rules_page(client, olga, rule):
    made = rule("total_persons", 40, deduction=1)
    client.force_login(olga)
    page = client.post(reverse("assessment:remove_rule", args=[made.pk]), follow=True)
    assert "已删除该条细则" in page.content.decode()
    assert not ScoringRule.objects.exists()


def test_last_years_rules_are_copied_from_the_rules_page(client, olga, rule):
    rule("total_persons", 40, deduction=1)
    rule("national_abnormal_persons", 60, is_veto=True)
    client.force_login(olga)
    page = client.post(reverse("assessment:copy_rules"), {"year": "2027"}, follow=True)
    assert "已沿用2026年的2条细则" in page.content.decode()
    assert ScoringRule.objects.filter(year=2027).count() == 2


def test_copying_rules_from_an_empty_year_says_there_are_none(client, olga):
    client.force_login(olga)
    page = client.post(reverse("assessment:copy_rules"), {"year": "2027"}, follow=True)
    assert "2026年没有可沿用的考核评分细则" in page.content.decode()


def test_a_leader_may_not_change_the_rules(client, leo, rule):
    made = rule("total_persons", 40, deduction=1)
    client.force_login(leo)
    assert client.post(reverse("assessment:remove_rule", args=[made.pk])).status_code == 404
    assert client.post(reverse("assessment:copy_rules"), {"year": "2027"}).status_code == 404
    assert ScoringRule.objects.count() == 1
