"""Browser journey: a registrar registers a collective visit and finds it again."""

import re

import pytest
from playwright.sync_api import expect

from xinfang.petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_registrar_registers_a_collective_visit_and_finds_it(page, login, cast, places):
    login(cast.alice)
    page.click("text=登记信访件")
    page.select_option("#id_channel", "collective_visit")
    page.fill("#id_received_on", "2026-03-09")
    page.fill("#id_petitioner_count", "9")
    page.select_option("#id_region", str(places.hecheng.pk))
    page.fill("#id_petitioners-0-name", "张建国")
    page.fill("#id_petitioners-0-id_number", "431202199003070011")  # wrong check digit
    page.fill("#id_petitioners-0-phone", "13807451234")
    page.click("#add-person")
    page.fill("#id_petitioners-1-name", "李秀英")
    page.fill("#id_petitioners-1-id_number", "11010519491231002X")
    page.fill("#id_title", "安置小区九户房屋开裂要求鉴定")
    page.fill("#id_content", "迎丰安置小区三栋九户墙体开裂，开发商拒绝鉴定和维修。")
    page.select_option("#id_content_class", str(places.urban.pk))
    page.click("text=保存登记")

    expect(page.locator(".has-error")).to_contain_text("身份证号码校验位不正确")
    assert Petition.objects.count() == 0
    page.fill("#id_petitioners-0-id_number", "431202199003070019")
    page.click("text=保存登记")

    expect(page.locator("#query-code")).to_have_text(re.compile(r"^[2-9A-Z]{8}$"))
    number = page.locator("#petition-number").inner_text()
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.click("button[data-print]")  # 打印回执 (static/js/print.js)
    assert page.evaluate("() => window.printed") == 1

    page.click("nav >> text=信访件查询")
    page.fill("#id_q", "房屋开裂")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#results")).to_contain_text("共 1 件")
    page.click(f"text={number}")
    expect(page.locator("#timeline")).to_contain_text("登记来访（集体访）")
    expect(page.locator(".people")).to_contain_text("李秀英")


def test_a_handler_from_another_county_gets_404(page, login, cast, register):
    petition = register()
    login(cast.carol)
    response = page.goto(page.base_url + petition.get_absolute_url())
    assert response.status == 404


def test_a_registrar_gives_a_reason_to_see_a_phone_number_and_the_supervisor_sees_it(
    page, login, cast, register, places
):
    from xinfang.accounts.models import Role, User

    User.objects.create_user(
        "sam", password="pw-sam", role=Role.SUPERVISOR, unit=places.city_bureau,
        region=places.city,
    )  # fmt: skip
    petition = register()
    login(cast.alice)
    page.goto(page.base_url + petition.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept("电话回访"))
    page.click(".people td:nth-child(4) button.reveal")
    expect(page.locator(".people .revealed")).to_contain_text("13807451234")
    page.click("button:has-text('退出')")
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "sam")
    page.fill("#id_password", "pw-sam")
    page.click("button[type=submit]")
    page.click("nav >> text=查看记录")
    expect(page.locator("table.grid")).to_contain_text("电话回访")
    expect(page.locator("table.grid")).to_contain_text(petition.number)
