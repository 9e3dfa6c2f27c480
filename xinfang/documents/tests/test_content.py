"""Each document's content from a known case, as the Word file and the print page say it."""

from __future__ import annotations

import pytest

from xinfang.documents import actions
from xinfang.documents.tests.conftest import docx_text, step_of
from xinfang.workflow import actions as workflow
from xinfang.workflow.models import StepKind


@pytest.fixture
def word(client):
    """The Word file of the step's document, issued and fetched by `user`."""

    def fetch(user, petition, kind):
        document = actions.issue(user, step_of(petition, kind), petition)
        client.force_login(user)
        response = client.get(f"/documents/{document.pk}/docx/")
        assert response.status_code == 200
        return docx_text(response.content), document

    return fetch


@pytest.fixture
def printed(client):
    def fetch(user, petition, kind):
        document = actions.issue(user, step_of(petition, kind), petition)
        client.force_login(user)
        response = client.get(f"/documents/{document.pk}/")
        assert response.status_code == 200
        return response.content.decode(), document

    return fetch


def test_the_受理告知书_tells_the_petitioner_the_unit_took_the_matter(cast, accepted, word):
    text, document = word(cast.dave, accepted, StepKind.ACCEPT)
    assert "怀化市住房和城乡建设局" in text and "受理告知书" in text
    assert "怀住告〔2026〕1号" in text
    assert "张建国：" in text
    assert "2026年3月10日以来访（个体访）形式反映的“小区电梯长期停运无人维修”一事" in text
    assert f"信访件编号：{accepted.number}" in text
    assert "您反映的电梯停运问题由我局办理。" in text
    assert "自受理之日起60日内办结" in text and "延长期限不超过30日" in text
    assert "/portal/" in text


def test_the_受理告知书_prints_the_same_words(cast, accepted, printed):
    html, document = printed(cast.dave, accepted, StepKind.ACCEPT)
    assert 'id="document-number">怀住告〔2026〕1号<' in html
    assert "张建国：" in html and "自受理之日起60日内办结" in html
    assert "@media print" not in html  # the print rules live in the stylesheet
    assert 'class="paper"' in html


def test_the_不予受理告知书_gives_the_reason(cast, petition, word):
    workflow.refuse(
        cast.alice, petition.matter, reason="该事项已由人民法院受理，依法不属于信访受理范围。"
    )
    text, _ = word(cast.alice, petition, StepKind.NOT_ACCEPT)
    assert "不予受理告知书" in text and "怀信访不受〔2026〕1号" in text
    assert "经审查，本机关决定不予受理。理由如下：" in text
    assert "该事项已由人民法院受理" in text


def test_the_转送单_is_addressed_to_the_unit_with_the_case_and_its_deadline(cast, forwarded, word):
    text, _ = word(cast.alice, forwarded, StepKind.FORWARD)
    assert "转送单" in text and "怀信访转〔2026〕1号" in text
    assert "怀化市住房和城乡建设局：" in text
    assert "一事转送你单位" in text and "15日内决定是否受理" in text
    assert "我们小区3栋电梯停运半年" in text and "请督促物业公司尽快修复电梯" in text
    assert "信访人张建国" in text and "13807451234" in text, text
    assert "请依法处理并告知信访人" in text
    assert "2026年3月25日" in text  # 受理告知期限: 15 days from 03-10


def test_the_交办单_asks_for_the_result(cast, places, petition, word):
    workflow.forward(cast.alice, petition.matter, places.housing, assign=True)
    text, _ = word(cast.alice, petition, StepKind.ASSIGN)
    assert "交办单" in text and "怀信访交〔2026〕1号" in text
    assert "办结后将办理结果报送本机关" in text


def test_an_accusations_转送单_carries_no_particulars_of_the_accuser(cast, places, register, word):
    petition = register(is_accusation=True, purpose="accuse", accused_name="李某")
    workflow.forward(cast.alice, petition.matter, places.discipline)
    text, _ = word(cast.alice, petition, StepKind.FORWARD)
    assert "检举控告件，信访人信息另行提供" in text
    assert "13807451234" not in text and "张建国" not in text


def test_the_信访处理意见书_has_request_facts_decision_and_the_复查_notice(cast, answered, word):
    text, _ = word(cast.dave, answered, StepKind.ANSWER)
    assert "信访处理意见书" in text and "怀住处〔2026〕1号" in text
    assert "张建国：" in text
    assert "本机关于2026年3月10日受理" in text
    assert "一、信访事项小区电梯长期停运无人维修。诉求：请督促物业公司尽快修复电梯" in text
    assert "二、查明事实经现场核查，3栋电梯自2025年9月起停运属实。" in text
    assert "三、处理意见支持。责成物业公司十日内修复电梯。" in text
    assert "四、法律政策依据《物业管理条例》第三十五条" in text
    assert (
        "五、复查告知如对本处理意见不服，可自收到本意见书之日起30日内，向怀化市信访局书面提出复查请求"
        in text
    )


def test_the_复查意见书_names_the_answer_reviewed_and_where_to_ask_for_复核(cast, reviewed, word):
    text, _ = word(cast.alice, reviewed, StepKind.REVIEW_DECISION)
    assert "复查意见书" in text and "怀信访复〔2026〕1号" in text
    assert "您对怀化市住房和城乡建设局作出的信访处理意见" in text
    assert "于2026年3月10日请求复查" in text
    assert "解释说明。维修方案已落实，维持原意见。" in text
    assert "自收到本复查意见书之日起30日内" in text and "请求复核" in text


def test_a_configured_time_limit_is_the_one_printed(cast, accepted, word):
    from xinfang.workflow.models import TimeLimit

    TimeLimit.objects.update_or_create(kind="handle", defaults={"amount": 45, "measure": "day"})
    text, _ = word(cast.dave, accepted, StepKind.ACCEPT)
    assert "自受理之日起45日内办结" in text
