"""Long pick lists narrow as one types: the class on the registration form, the units on the
forward step (grouped by region); on a phone too."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    if folder := os.environ.get("XINFANG_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_typing_narrows_the_class_list(page, login, cast):
    page.set_viewport_size({"width": 375, "height": 800})
    login(cast.alice)
    page.goto(page.base_url + "/petitions/new/")
    box = page.locator("#id_content_class").locator(
        "xpath=preceding-sibling::input[@type='search']"
    )
    box.fill("物业")
    shown = page.locator("#id_content_class option:not([hidden])")
    expect(shown.first).to_be_attached()
    texts = shown.all_text_contents()
    assert texts and all("物业" in t for t in texts if t != "请选择")
    _shot(page, "class-filter-phone")


def test_the_forward_step_groups_units_by_region(page, login, cast, register):
    petition = register()
    login(cast.alice)
    page.goto(page.base_url + f"/workflow/cases/{petition.number}/forward/")
    groups = page.locator("#id_assisting optgroup")
    expect(groups.first).to_be_attached()
    assert "怀化市" in groups.evaluate_all("gs => gs.map(g => g.label)")
    _shot(page, "forward-units")
