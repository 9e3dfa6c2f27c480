"""The step pages: offered only when legal for the user, refusing in words otherwise."""

from django.urls import reverse

from xinfang.petitions.models import MatterStatus
from xinfang.workflow import actions
from xinfang.workflow.models import Rating


def step_url(matter, action):
    return reverse("workflow:step", args=[matter.petitions.first().number, action])


def test_the_case_page_offers_the_bureau_its_disposal_steps(client, cast, matter):
    client.force_login(cast.alice)
    page = client.get(matter.petitions.first().get_absolute_url()).content.decode()
    assert 'data-action="forward"' in page and 'data-action="accept"' not in page


def test_the_case_page_offers_the_lead_unit_acceptance(client, cast, forwarded):
    client.force_login(cast.dave)
    page = client.get(forwarded.petitions.first().get_absolute_url()).content.decode()
    assert 'data-action="accept"' in page and 'data-action="forward"' not in page


def test_forwarding_through_the_page(client, cast, places, matter):
    client.force_login(cast.alice)
    response = client.post(
        step_url(matter, "forward"), {"unit": places.housing.pk, "note": "请办理"}
    )
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == MatterStatus.FORWARDED


def test_a_step_not_legal_now_redirects_with_a_message(client, cast, matter):
    client.force_login(cast.alice)
    response = client.post(
        step_url(matter, "answer"), {"outcome": "support", "text": "x"}, follow=True
    )
    assert "当前不能进行“出具处理意见书”" in response.content.decode()
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REGISTERED


def test_a_domain_refusal_shows_on_the_form(client, cast, accepted):
    client.force_login(cast.dave)
    url = step_url(accepted, "extend")
    client.post(url, {"days": "10", "reason": "鉴定", "approver": "李局长"})
    response = client.post(url, {"days": "5", "reason": "再延", "approver": "李局长"}, follow=True)
    assert "本事项已延期一次，不能再次延期" in response.content.decode()


def test_a_second_extension_is_not_offered(client, cast, accepted):
    client.force_login(cast.dave)
    page = accepted.petitions.first().get_absolute_url()
    assert 'data-action="extend"' in client.get(page).content.decode()
    client.post(
        step_url(accepted, "extend"), {"days": "10", "reason": "鉴定", "approver": "李局长"}
    )
    assert 'data-action="extend"' not in client.get(page).content.decode()


def test_rating_through_the_page(client, cast, answered):
    client.force_login(cast.alice)
    client.post(
        step_url(answered, "rate"),
        {"bureau": "satisfied", "unit": "dissatisfied", "reason": "拖延"},
    )
    assert Rating.objects.filter(matter=answered).count() == 2


def test_missing_reason_for_dissatisfaction_is_shown(client, cast, answered):
    client.force_login(cast.alice)
    response = client.post(
        step_url(answered, "rate"), {"bureau": "satisfied", "unit": "dissatisfied"}
    )
    assert "不满意时请说明理由" in response.content.decode()


def test_another_countys_handler_gets_404_on_a_step_page(client, cast, matter):
    client.force_login(cast.carol)
    assert client.get(step_url(matter, "forward")).status_code == 404


def test_the_inbox_lists_the_units_matters(client, cast, forwarded):
    client.force_login(cast.dave)
    page = client.get(reverse("workflow:inbox")).content.decode()
    assert forwarded.number in page


def test_the_inbox_of_another_unit_is_empty(client, cast, forwarded):
    client.force_login(cast.erin)
    page = client.get(reverse("workflow:inbox")).content.decode()
    assert forwarded.number not in page


def test_the_bureaus_inbox_holds_what_it_registered_until_it_is_disposed(
    client, cast, places, matter
):
    client.force_login(cast.frank)
    assert matter.number in client.get(reverse("workflow:inbox")).content.decode()
    actions.forward(cast.alice, matter, places.housing)
    assert matter.number not in client.get(reverse("workflow:inbox")).content.decode()


def test_another_bureaus_inbox_does_not_hold_what_the_city_registered(client, cast, matter):
    client.force_login(cast.bob)
    assert matter.number not in client.get(reverse("workflow:inbox")).content.decode()


def test_an_accusation_to_dispose_is_in_the_inbox_of_its_authorised_registrar_only(
    client, cast, places, register
):
    matter = register(is_accusation=True, accused_unit=places.housing).matter
    client.force_login(cast.alice)
    assert matter.number in client.get(reverse("workflow:inbox")).content.decode()
    client.force_login(cast.frank)
    assert matter.number not in client.get(reverse("workflow:inbox")).content.decode()


def test_the_page_refuses_to_forward_an_accusation_to_the_accused_unit(
    client, cast, places, register
):
    matter = register(is_accusation=True, accused_unit=places.housing).matter
    client.force_login(cast.alice)
    response = client.post(step_url(matter, "forward"), {"unit": places.housing.pk})
    assert "检举控告件不得转交被检举控告的单位" in response.content.decode()
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REGISTERED


def test_the_page_refuses_to_forward_an_accusation_to_the_unit_it_names_as_accused(
    client, cast, places, register
):
    matter = register(is_accusation=True, accused_unit_name=places.housing.name).matter
    client.force_login(cast.alice)
    response = client.post(step_url(matter, "forward"), {"unit": places.housing.pk})
    assert "检举控告件不得转交被检举控告的单位" in response.content.decode()
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REGISTERED


def test_an_admin_can_change_a_time_limit(client, cast, db):
    from xinfang.workflow.models import TimeLimit

    admin = cast.alice
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    row = TimeLimit.objects.get(kind="handle_fast")
    response = client.get(reverse("admin:workflow_timelimit_change", args=[row.pk]))
    assert response.status_code == 200


def test_the_answer_page_opens_the_petitions_text_above_the_form(client, cast, accepted):
    client.force_login(cast.dave)
    page = client.get(step_url(accepted, "answer")).content.decode()
    assert '<details class="panel petition-text" id="petition-text" open>' in page
    assert accepted.petitions.get().content in page


def test_a_page_that_does_not_answer_keeps_the_text_folded(client, cast, accepted):
    client.force_login(cast.dave)
    page = client.get(step_url(accepted, "extend")).content.decode()
    assert '<details class="panel petition-text" id="petition-text">' in page
