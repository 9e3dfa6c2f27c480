"""The suggestion panels on the registration page and the case page."""

from django.urls import reverse

from xinfang.insight.models import DismissedMatch
from xinfang.petitions.drafts import PetitionerDraft
from xinfang.petitions.models import Petition
from xinfang.petitions.tests.test_views import form_data

ID = "431202199003070019"


def earlier(register):
    person = PetitionerDraft(name="刘德华", id_number=ID, phone="13807451234", is_main=True)
    return register(
        title="工地拖欠工资",
        content="某建筑工地拖欠我们工人工资，多次讨要无果。",
        petitioners=[person],
    )


def test_the_registration_page_asks_for_suggestions_as_the_form_changes(client, cast):
    client.force_login(cast.alice)
    page = client.get(reverse("petitions:register")).content.decode()
    assert 'hx-post="/insight/suggest/"' in page and 'hx-include="#register-form"' in page


def test_suggest_lists_the_earlier_matter_with_its_reasons(client, cast, places, register):
    first = earlier(register)
    client.force_login(cast.alice)
    html = client.post(reverse("insight:suggest"), form_data(places)).content.decode()
    assert first.matter.number in html
    assert "证件号码相同" in html and "疑似重复" in html
    assert f'data-link-repeat="{first.matter.number}"' in html


def test_suggest_shows_what_matched_with_its_value_and_masks_numbers(
    client, cast, places, register
):
    first = earlier(register)
    client.force_login(cast.alice)
    html = client.post(reverse("insight:suggest"), form_data(places)).content.decode()
    assert first.matter.number in html
    assert "姓名相同：刘德华" in html and "证件号码相同：431***********0019" in html
    assert ID not in html, "a suggestion never shows the whole ID number"
    assert "相同内容：" in html and "<mark>" in html


def test_suggest_leaves_out_what_the_registrar_dismissed(client, cast, places, register):
    first = earlier(register)
    client.force_login(cast.alice)
    data = form_data(places, dismissed=[str(first.matter.pk)])
    html = client.post(reverse("insight:suggest"), data).content.decode()
    assert first.matter.number not in html


def test_suggest_is_refused_to_staff_who_do_not_register(client, cast, places):
    client.force_login(cast.dave)
    assert client.post(reverse("insight:suggest"), form_data(places)).status_code == 404


def test_suggest_copes_with_a_half_filled_form(client, cast):
    client.force_login(cast.alice)
    response = client.post(reverse("insight:suggest"), {"title": "电梯", "region": "x"})
    assert response.status_code == 200


def test_registering_with_a_chosen_suggestion_links_the_repeat(client, cast, places, register):
    first = earlier(register)
    client.force_login(cast.alice)
    client.post(reverse("petitions:register"), form_data(places, repeat_of=first.matter.number))
    latest = Petition.objects.latest("pk")
    assert latest.is_repeat and latest.matter == first.matter


def test_a_suggestion_dismissed_while_registering_is_remembered(client, cast, places, register):
    first = earlier(register)
    client.force_login(cast.alice)
    client.post(reverse("petitions:register"), form_data(places, dismissed=[str(first.matter.pk)]))
    latest = Petition.objects.latest("pk")
    assert DismissedMatch.objects.filter(petition=latest, matter=first.matter).exists()


def test_the_case_page_panel_dismisses_a_suggestion(client, cast, register):
    first = earlier(register)
    second = earlier(register)
    client.force_login(cast.alice)
    url = reverse("insight:similar", args=[second.number])
    assert first.matter.number in client.get(url).content.decode()
    dismiss = reverse("insight:dismiss", args=[second.number, first.matter.number])
    assert first.matter.number not in client.post(dismiss).content.decode()


def test_another_county_cannot_open_the_similar_panel(client, cast, register):
    petition = earlier(register)
    client.force_login(cast.carol)
    assert client.get(reverse("insight:similar", args=[petition.number])).status_code == 404


def test_suggest_offers_a_content_class_with_the_words_behind_it(client, cast, places):
    client.force_login(cast.alice)
    data = {"title": "工地老板拖欠农民工工资", "content": "包工头拖欠我们工资三万元，讨薪无果。"}
    html = client.post(reverse("insight:suggest"), data).content.decode()
    assert "内容分类建议" in html and "data-choose-class" in html
    assert "劳动和社会保障" in html and "依据" in html
