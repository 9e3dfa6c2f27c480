"""The 特护期 cast, on top of the shared one (xinfang/conftest.py):

- adam: the city bureau's administrator, who defines periods;
- alice: the city bureau's registrar, who sees every county's reports;
- bob (鹤城区 bureau handler) reports for 鹤城区; carol (中方县) for 中方县 and never sees
  鹤城区's; dave (the city housing department) works no periods at all.

`lianghui` is a 全国两会 period over both counties, 2026-03-04 to 2026-03-11, reports due
at 16:00, warning at 10 人次, 2 集体访, 1 越级/进京 per county and day. Tests run on
2026-03-10 at 10:00 (the shared frozen moment) unless they say otherwise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.accounts.models import Role, User
from xinfang.classes.models import ContentClass
from xinfang.lib import timesource
from xinfang.periods import actions
from xinfang.regions.models import Level

TODAY = dt.date(2026, 3, 10)


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timesource.SHANGHAI)


@pytest.fixture
def adam(places):
    user = User.objects.create_user(
        "adam", password="pw-adam", role=Role.ADMIN, unit=places.city_bureau, region=places.city
    )
    user.full_name = "Adam"
    user.save()
    return user


@pytest.fixture
def define(adam, places):
    """Define a period as adam: the two counties, 2026-03-04 to 03-11 unless overridden."""

    def run(**overrides):
        values = dict(
            name="2026年全国两会特护期", kind="two_sessions",
            starts_on=dt.date(2026, 3, 4), ends_on=dt.date(2026, 3, 11),
            regions=[places.hecheng, places.zhongfang], report_deadline=dt.time(16, 0),
            persons_warning=10, collective_warning=2, overlevel_warning=1,
        )  # fmt: skip
        values.update(overrides)
        return actions.create_period(adam, at=moment(dt.date(2026, 3, 1), 9), **values)

    return run


@pytest.fixture
def lianghui(define):
    return define()


@pytest.fixture
def known(register, places):
    """Petitions of known figures (registered by alice):

    鹤城区 2026-03-10: a 7-person 集体访 at the city, a letter, a visit to Beijing (进京),
      a 2-person visit skipping the county (越级到市) → 4 批次, 11 人次;
    鹤城区 2026-03-09: one 非正常 visit at the county → 1 批次, 1 人次;
    鹤城区 2025-03-10 (last year): two letters → 2 批次, 2 人次;
    and, never counted for 鹤城区: a 中方县 letter on 03-10 and a 纪检监察 letter on 03-10.
    """
    hecheng = places.hecheng
    register(channel="collective_visit", petitioner_count=7, received_on=TODAY)
    register(channel="letter", received_on=TODAY)
    register(channel="visit", level=Level.NATIONAL, received_on=TODAY)
    register(channel="visit", petitioner_count=2, is_overlevel=True, received_on=TODAY)
    register(channel="visit", level=Level.COUNTY, is_abnormal=True, received_on=dt.date(2026, 3, 9))
    for _ in range(2):
        register(channel="letter", received_on=dt.date(2025, 3, 10))
    register(channel="letter", region=places.zhongfang, received_on=TODAY, title="中方县来信")
    discipline = ContentClass.objects.filter(parent__code="04").order_by("code").first()
    register(channel="letter", content_class=discipline, received_on=TODAY, title="反映干部作风")
    return hecheng
