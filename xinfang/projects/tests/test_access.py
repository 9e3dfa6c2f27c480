"""Who sees and who works on a village project: the region's staff and the attached unit;
anyone else gets a 404 (the project's existence is not revealed)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_attached_units_clerk_sees_the_project(client, people, project):
    assert _get(client, people.ivy, f"/projects/{project.pk}/").status_code == 200


def test_the_countys_handler_sees_the_project(client, people, project):
    assert _get(client, people.carol, f"/projects/{project.pk}/").status_code == 200


def test_the_city_sees_the_project(client, people, project):
    assert _get(client, people.alice, f"/projects/{project.pk}/").status_code == 200


def test_another_countys_handler_gets_404(client, people, project):
    assert _get(client, people.bob, f"/projects/{project.pk}/").status_code == 404


def test_another_countys_handler_does_not_find_it_in_the_list(client, people, project):
    response = _get(client, people.bob, "/projects/")
    assert "牛麻一队" not in response.content.decode()


def test_another_countys_handler_may_not_see_its_photos(client, people, project):
    assert _get(client, people.bob, f"/projects/{project.pk}/photos/1/").status_code == 404


def test_a_leader_reads_but_may_not_record_progress(client, people, project):
    client.force_login(people.leo)
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    response = client.post(f"/projects/{project.pk}/progress/", {"on": "2026-03-01"})
    assert response.status_code == 404
