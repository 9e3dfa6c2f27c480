"""催办 and 督办 in batch from the case list: each ticked matter the user may urge is urged;
the others are listed with the reason; a matter out of the user's reach is not even named.

grace supervises for the city bureau; carol is the 中方县 bureau's handler."""

from __future__ import annotations

from xinfang.workflow.models import Step, StepKind, SupervisionNotice


def test_the_list_offers_the_bureau_batch_buttons(client, grace, accepted):
    client.force_login(grace)
    page = client.get("/petitions/").content.decode()
    assert "批量催办" in page and "批量督办" in page and 'form="pick"' in page


def test_a_units_handler_gets_no_batch_buttons(client, cast, accepted):
    client.force_login(cast.dave)
    assert "批量催办" not in client.get("/petitions/").content.decode()


def test_the_batch_page_lists_what_will_be_urged_and_what_cannot(client, grace, accepted, register):
    fresh = register(title="新登记的事项", content="尚未转送。").matter
    client.force_login(grace)
    page = client.get(
        f"/workflow/batch/urge/?m={accepted.number}&m={fresh.number}"
    ).content.decode()
    assert "将对以下1件事项催办" in page
    assert f"{fresh.number}</a>：当前不能进行“催办”" in page


def test_urging_in_batch_urges_each_matter(client, grace, accepted, register, cast, places):
    from xinfang.workflow import actions

    second = actions.forward(
        cast.alice, register(title="第二件", content="内容。").matter, places.housing
    )
    client.force_login(grace)
    page = client.post(
        "/workflow/batch/urge/", {"m": [accepted.number, second.number], "text": "请抓紧办理。"}
    ).content.decode()
    assert "已催办2件" in page
    assert Step.objects.filter(kind=StepKind.URGE).count() == 2


def test_a_refusal_in_the_batch_is_reported_per_matter(client, grace, accepted, cast):
    from xinfang.workflow import actions

    actions.supervise(cast.alice, accepted, text="请说明原因。")
    client.force_login(grace)
    page = client.post("/workflow/batch/supervise/", {"m": [accepted.number], "text": "再督办。"})
    assert "尚未回复上一份督办单" in page.content.decode()
    assert SupervisionNotice.objects.count() == 1


def test_a_matter_outside_the_users_place_is_not_named(client, cast, accepted):
    client.force_login(cast.carol)
    page = client.get(f"/workflow/batch/urge/?m={accepted.number}").content.decode()
    assert accepted.number not in page and "尚未选择事项" in page
