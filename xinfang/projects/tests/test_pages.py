"""The pages: recording progress with a photo through the form, errors shown in words."""

from __future__ import annotations

import pytest

from xinfang.projects.models import ProgressEntry
from xinfang.projects.tests.conftest import photo

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_units_progress_in_words(client, people, project):
    client.force_login(people.carol)
    page = client.get("/projects/").content.decode()
    assert "旧房改造全部37户完成0户" in page
    assert "牛麻一队移民新村旧房改造" in page


def test_a_progress_entry_with_a_photo_is_recorded_from_the_form(client, people, project):
    client.force_login(people.ivy)
    response = client.post(
        f"/projects/{project.pk}/progress/",
        {"on": "2026-03-09", "done": "11", "text": "11户完成屋面改造", "photos": [photo()]},
    )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert entry.photos.count() == 1
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "牛麻一队移民新村旧房改造全部37户完成11户" in page
    image = client.get(f"/projects/{project.pk}/photos/{entry.photos.get().pk}/")
    assert image["Content-Type"] == "image/png"


def test_a_progress_form_with_errors_says_so_in_chinese(client, people, project):
    client.force_login(people.ivy)
    response = client.post(
        f"/projects/{project.pk}/progress/", {"on": "2026-03-09", "done": "40", "text": "x"}
    )
    assert response.status_code == 422
    assert "累计完成量应在0至计划量37户之间" in response.content.decode()


def test_a_project_is_recorded_from_the_form(client, people, places, units):
    client.force_login(people.ivy)
    response = client.post(
        "/projects/new/",
        {"unit": units.resettlement.pk, "region": places.zhongfang.pk, "place": "何屋屯",
         "name": "何屋屯村屯道路", "kind": "road", "measure": "metres", "planned": "1500"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "何屋屯村屯道路全部1500米尚未实施" in client.get(response.url).content.decode()
