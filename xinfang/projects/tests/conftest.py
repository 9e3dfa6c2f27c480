"""The village projects' cast, on top of the shared one (xinfang/conftest.py):

Places: 中方县 with its township 铜湾镇; 鹤城区.
People:
- ivy: clerk of 中方县移民局 (the resettlement bureau), attached to 铜湾镇's resettlement
  villages: records the projects and their progress;
- carol: 中方县 bureau handler: sees the county's projects;
- bob: 鹤城区 bureau handler: must never see a 中方县 project (404);
- alice: city bureau registrar: sees all;
- leo: 中方县 leader: reads, never writes.
"""

from __future__ import annotations

import base64
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xinfang.accounts.models import Role, User
from xinfang.projects import actions
from xinfang.projects.models import Measure, ProjectKind
from xinfang.regions.actions import create_unit
from xinfang.regions.models import UnitKind

# A 1×1 PNG and the smallest well-formed JPEG markers: real image files, not just names.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 32
    + b"\xff\xd9"
)


def _login(username, role, unit, region=None) -> User:
    user = User.objects.create_user(
        username, password="pw-" + username, role=role, unit=unit, region=region
    )
    user.full_name = username.capitalize()
    user.save()
    return user


@pytest.fixture
def units(places):
    return SimpleNamespace(
        resettlement=create_unit("中方县移民开发局", UnitKind.DEPARTMENT, places.zhongfang),
        tongwan=create_unit("中方县铜湾镇", UnitKind.TOWNSHIP, places.zhongfang),
    )


@pytest.fixture
def people(cast, units, places):
    cast.ivy = _login("ivy", Role.HANDLER, units.resettlement)
    cast.leo = _login("leo", Role.LEADER, places.zhongfang_bureau, places.zhongfang)
    return cast


@pytest.fixture
def project_draft(units, places):
    """A builder of valid drafts: 牛麻一队移民新村旧房改造, 37 households."""

    def build(**overrides) -> actions.ProjectDraft:
        values = dict(
            unit=units.resettlement,
            region=places.zhongfang,
            place="牛麻一队移民新村",
            name="牛麻一队移民新村旧房改造",
            kind=ProjectKind.HOUSING,
            measure=Measure.HOUSEHOLDS,
            planned=37,
            description="移民新村旧房改造，含屋面、门窗和外墙。",
        )
        values.update(overrides)
        return actions.ProjectDraft(**values)

    return build


@pytest.fixture
def project(people, project_draft):
    return actions.record_project(people.ivy, project_draft())


def photo(name: str = "site.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
