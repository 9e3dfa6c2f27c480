"""Every staff page of this round's tools fits a phone and a tablet: nothing wider than the
screen (the tables scroll inside their own box). Visited as the city's administrator and as
a city leader, the roles whose menus hold them."""

from __future__ import annotations

import pytest

from xinfang.accounts.models import Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PAGES = ["/console/", "/console/users/", "/console/users/new/", "/console/units/",
               "/console/days/", "/console/classes/", "/contacts/", "/briefs/", "/leadership/report/"]  # fmt: skip
# The first page every clerk sees: its four figures once made it 648 px wide on a phone.
CLERK_PAGES = ["/"]
LEADER_PAGES = [
    "/casework/",
    "/casework/handovers/",
    "/casework/counts/",
    "/briefs/",
    "/disputes/reports/",
]


@pytest.fixture
def people(places, cast):
    admin = User.objects.create_user(
        "adm", password="pw-adm", role=Role.ADMIN, unit=places.city_bureau, region=places.city
    )
    from xinfang.casework.models import Leader, LeaderLevel

    leader = User.objects.create_user(
        "lea", password="pw-lea", role=Role.LEADER, unit=places.city_bureau, region=places.city
    )
    Leader.objects.create(
        name="Lea", post="副市长", level=LeaderLevel.CITY, region=places.city, user=leader
    )
    return admin, leader


@pytest.mark.parametrize("width", [375, 768])
def test_the_pages_fit(page, login, people, cast, width):
    admin, leader = people
    page.set_viewport_size({"width": width, "height": 800})
    for user, urls in ((admin, ADMIN_PAGES), (leader, LEADER_PAGES), (cast.alice, CLERK_PAGES)):
        page.context.clear_cookies()
        login(user)
        for url in urls:
            page.goto(page.base_url + url)
            assert page.locator("h1").count() == 1, url
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{url} is {wide} px wide at {width}"


def test_a_list_reads_as_cards_on_a_phone_each_value_beside_its_heading(
    page, login, cast, register
):
    matter = register().matter
    page.set_viewport_size({"width": 375, "height": 800})
    login(cast.frank)
    page.goto(page.base_url + "/workflow/inbox/")
    cells = page.locator("#inbox tbody tr").first.locator("td")
    assert cells.first.get_attribute("data-label") == "事项编号"
    assert cells.first.inner_text() == matter.number
    assert page.locator("#inbox thead").is_hidden()
