"""Browser journey: the resettlement bureau's clerk records a progress entry with a site
photo, at a desktop's width and at a phone's."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from xinfang.projects.models import ProgressEntry
from xinfang.projects.tests.conftest import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    if folder := os.environ.get("XINFANG_SCREENSHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1366, 375])
def test_a_clerk_records_progress_with_a_photo(page, login, people, project, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 800})
    login(people.ivy)
    page.goto(page.base_url + "/projects/")
    expect(page.locator("#unit-progress")).to_contain_text("旧房改造全部37户完成0户")
    page.click("text=牛麻一队移民新村旧房改造")
    page.fill("#id_on", "2026-03-09")
    page.fill("#id_done", "11")
    page.fill("#id_text", "11户完成屋面和门窗改造")
    photo = tmp_path / "屋面.png"
    photo.write_bytes(PNG)
    page.set_input_files("#id_photos", str(photo))
    _shot(page, f"project-form-{width}")
    page.click("#progress-form button[type=submit]")
    expect(page.locator("#words")).to_contain_text("牛麻一队移民新村旧房改造全部37户完成11户")
    expect(page.locator("#progress img")).to_have_count(1)
    _shot(page, f"project-page-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(page.base_url + "/projects/")
    expect(page.locator("#unit-progress")).to_contain_text("旧房改造全部37户完成11户")
    _shot(page, f"project-list-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert ProgressEntry.objects.get().photos.count() == 1
