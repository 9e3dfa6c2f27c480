from __future__ import annotations

import pytest

from xinfang.portal.models import Throttle
from xinfang.workflow import actions
from xinfang.workflow.tests.conftest import ANSWER


@pytest.fixture
def case(cast, submit):
    _, number, code = submit()
    return number, code


def test_it_opens_the_case_with_number_code_and_phone_digits(case, looked_up):
    response = looked_up(*case)
    assert response.status_code == 302
    assert response["Location"] == f"/portal/case/{case[0]}/"


def test_it_shows_status_in_plain_words(case, looked_up, visitor):
    looked_up(*case)
    html = visitor.get(f"/portal/case/{case[0]}/").content.decode()
    assert "待处理" in html and "信访部门正在研究办理方式" in html


def test_a_look_up_opens_the_case_for_thirty_minutes(case, looked_up, visitor):
    import datetime as dt

    from xinfang.lib import timesource

    looked_up(*case)
    later = timesource.now() + dt.timedelta(minutes=29)
    with timesource.freeze(later):
        assert visitor.get(f"/portal/case/{case[0]}/").status_code == 200
    with timesource.freeze(later + dt.timedelta(minutes=2)):
        assert visitor.get(f"/portal/case/{case[0]}/").status_code == 404


def test_it_refuses_a_wrong_code_with_the_same_words_as_an_unknown_number(case, looked_up):
    wrong = looked_up(case[0], "AAAAAAAA").content.decode()
    unknown = looked_up("431202-2026-999999", "AAAAAAAA").content.decode()
    assert "编号、查询码或手机号码后4位不正确" in wrong
    assert "编号、查询码或手机号码后4位不正确" in unknown


def test_it_refuses_wrong_phone_digits(case, looked_up):
    assert looked_up(case[0], case[1], last4="0000").status_code == 200


def test_it_locks_the_number_after_three_wrong_codes(case, looked_up):
    for _ in range(3):
        looked_up(case[0], "AAAAAAAA")
    response = looked_up(*case)
    assert response.status_code == 429


def test_a_right_code_forgets_the_wrong_ones_before_it(case, looked_up):
    for _ in range(2):
        looked_up(case[0], "AAAAAAAA")
    assert looked_up(*case).status_code == 302
    looked_up(case[0], "AAAAAAAA")  # a third wrong code in all, but the first since
    assert looked_up(*case).status_code == 302


def test_it_keeps_the_lock_in_the_database(case, looked_up):
    for _ in range(3):
        looked_up(case[0], "AAAAAAAA")
    assert Throttle.objects.filter(scope="lookup-number", locked_until__isnull=False).exists()


def test_it_stores_no_number_in_clear_in_the_lock(case, looked_up):
    looked_up(case[0], "AAAAAAAA")
    assert not Throttle.objects.filter(key__contains=case[0]).exists()


def test_it_limits_lookups_per_ip(case, looked_up, settings):
    settings.XINFANG_PORTAL_LOOKUPS_PER_IP_PER_HOUR = 2
    looked_up(*case)
    looked_up(*case)
    assert looked_up(*case).status_code == 429


def test_it_hides_the_case_page_without_a_lookup(case, visitor):
    assert visitor.get(f"/portal/case/{case[0]}/").status_code == 404


def test_it_shows_the_unit_and_its_due_date_once_forwarded(case, looked_up, visitor, cast, places):
    from xinfang.petitions.models import Petition

    actions.forward(cast.bob, Petition.objects.get(number=case[0]).matter, places.housing)
    looked_up(*case)
    html = visitor.get(f"/portal/case/{case[0]}/").content.decode()
    assert places.housing.name in html
    assert "受理告知" in html


@pytest.fixture
def answered_case(case, cast, places):
    from xinfang.petitions.models import Petition

    matter = Petition.objects.get(number=case[0]).matter
    actions.forward(cast.bob, matter, places.housing)
    actions.accept(cast.dave, matter, notice="您反映的路灯问题已受理。")
    actions.answer(cast.dave, matter, **ANSWER)
    return case


def test_it_lists_the_written_answers(answered_case, looked_up, visitor):
    looked_up(*answered_case)
    html = visitor.get(f"/portal/case/{answered_case[0]}/").content.decode()
    assert "受理告知书" in html
    assert "信访处理意见书" in html


def test_it_prints_the_answer_as_a_document(answered_case, looked_up, visitor):
    from xinfang.workflow.models import Step

    looked_up(*answered_case)
    step = Step.objects.get(kind="answer")
    html = visitor.get(f"/portal/case/{answered_case[0]}/documents/{step.pk}/").content.decode()
    assert ANSWER["text"] in html
    assert "data-print" in html and "js/print.js" in html  # the print button (static/js/print.js)


def _post(visitor, url, data):
    return visitor.post(url, {"csrfmiddlewaretoken": visitor.cookies["csrftoken"].value, **data})


def test_it_takes_the_petitioners_rating(answered_case, looked_up, visitor):
    from xinfang.workflow.models import Rating

    looked_up(*answered_case)
    url = f"/portal/case/{answered_case[0]}/rate/"
    assert _post(visitor, url, {"bureau": "satisfied", "unit": "basically"}).status_code == 302
    assert Rating.objects.filter(recorded_by=None).count() == 2


def test_it_offers_no_rating_before_an_answer(case, looked_up, visitor):
    looked_up(*case)
    url = f"/portal/case/{case[0]}/rate/"
    assert _post(visitor, url, {"bureau": "satisfied", "unit": "satisfied"}).status_code == 400


def test_it_records_a_review_request_through_the_workflow(answered_case, looked_up, visitor):
    from xinfang.petitions.models import Petition
    from xinfang.workflow.models import Step

    looked_up(*answered_case)
    url = f"/portal/case/{answered_case[0]}/review/"
    assert _post(visitor, url, {"reason": "物业公司未按期修复。"}).status_code == 302
    assert Petition.objects.get(number=answered_case[0]).matter.status == "reviewing"
    assert Step.objects.get(kind="request_review").actor.username.startswith("portal-")


def test_it_refuses_a_review_request_after_the_window(answered_case, looked_up, visitor):
    import datetime as dt

    from xinfang.workflow.tests.conftest import at

    # Looked up that day: a look-up grants 30 minutes by the same clock.
    with at(dt.date(2026, 5, 20)):
        looked_up(*answered_case)
        response = _post(visitor, f"/portal/case/{answered_case[0]}/review/", {"reason": "不服"})
    assert response.status_code == 400


def test_it_shows_only_the_status_of_an_accusation(cast, submit, looked_up, visitor, places):
    _, number, code = submit(is_accusation="yes", accused_name="王某")
    looked_up(number, code)
    html = visitor.get(f"/portal/case/{number}/").content.decode()
    assert "仅显示办理状态" in html
    assert places.hecheng_bureau.name not in html


def test_a_voided_petition_shows_only_that_it_was_voided(case, looked_up, visitor, grace):
    """The petition was a repeat registered by mistake into a live matter: its holder learns
    it was voided, and nothing of the matter (unit, dates, answers) nor a way to rate."""
    from xinfang.intake.actions import void_petition
    from xinfang.petitions.models import Petition

    petition = Petition.objects.get(number=case[0])
    void_petition(grace, petition, reason="重复登记")
    looked_up(*case)
    html = visitor.get(f"/portal/case/{case[0]}/").content.decode()
    assert "已作废" in html and "因登记有误已作废" in html
    assert "信访部门正在研究办理方式" not in html
    assert "/rate/" not in html and "/review/" not in html
