"""The 目标考核 cast, on top of the shared one (xinfang/conftest.py):

- olga: the city bureau's administrator, who signs the counties' agreements;
- grace: the city bureau's supervisor (shared fixture), who may sign them too;
- leo: a city leader, who reads every county's agreement and the ranking;
- hana: 鹤城区's leader, who reads 鹤城区's agreement and its rank, never 中方县's;
- kai: 鹤城区's supervisor, who may not sign 鹤城区's own agreement (the city issues it);
- bob (鹤城区 bureau handler) has no 目标考核 at all.

`on_day` registers a petition received on a day (as the statistics tests do). Tests run on
2026-03-10 at 10:00 unless they freeze another moment.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.accounts.models import Role, User
from xinfang.assessment import actions
from xinfang.lib import timesource

AT = dt.datetime(2026, 1, 5, 9, 0, tzinfo=timesource.SHANGHAI)


def _user(username, role, unit, region):
    user = User.objects.create_user(
        username, password="pw-" + username, role=role, unit=unit, region=region
    )
    user.full_name = username.capitalize()
    user.save()
    return user


@pytest.fixture
def olga(places):
    return _user("olga", Role.ADMIN, places.city_bureau, places.city)


@pytest.fixture
def leo(places):
    return _user("leo", Role.LEADER, places.city_bureau, places.city)


@pytest.fixture
def hana(places):
    return _user("hana", Role.LEADER, places.hecheng_bureau, places.hecheng)


@pytest.fixture
def kai(places):
    return _user("kai", Role.SUPERVISOR, places.hecheng_bureau, places.hecheng)


@pytest.fixture
def on_day(register):
    """Register a petition received (and registered) on `day`."""

    def run(day: dt.date, **overrides):
        with timesource.freeze(
            dt.datetime(day.year, day.month, day.day, 10, tzinfo=timesource.SHANGHAI)
        ):
            return register(received_on=day, **overrides)

    return run


@pytest.fixture
def sign(olga):
    """Sign an agreement as olga for `owner` (2026 unless told)."""

    def run(owner, year: int = 2026, **values):
        fields = dict(
            title=f"{year}年度信访工作目标管理责任状", issuer_name="怀化市信访工作联席会议"
        )
        fields.update(values)
        return actions.create_agreement(olga, year=year, owner=owner, at=AT, **fields)

    return run


@pytest.fixture
def goal(olga):
    """Set a goal on an agreement as olga."""

    def run(agreement, indicator, comparator, value, **extra):
        return actions.set_goal(
            olga, agreement, indicator=indicator, comparator=comparator, value=value, at=AT,
            **extra,
        )  # fmt: skip

    return run


@pytest.fixture
def rule(olga, places):
    """Set a scoring rule of the city for 2026 as olga."""

    def run(indicator, weight, deduction=0, is_veto=False):
        return actions.set_rule(
            olga, region=places.city, year=2026, indicator=indicator, weight=weight,
            deduction=deduction, is_veto=is_veto, at=AT,
        )  # fmt: skip

    return run


@pytest.fixture
def known_year(places, sign, goal, rule, on_day):
    """Two counties' 2026 agreements and the city's rules, on known figures to 2026-03-10.

    Goals (both counties): 信访总量 ≤ 120 人次 split 10 a month; 进京非正常访 ≤ 2 人次.
    Rules: 总量 40 points, 1 point per 人次 over; 进京非正常访 60 points, 一票否决.
    鹤城区: 3 人次 in January, 5 in February, 2 in March → 10 人次 (quota to date 30).
    中方县: a 36-person 集体访 in February → 36 人次, 6 over its quota of 30: 34 points.
    """
    hecheng, zhongfang = sign(places.hecheng), sign(places.zhongfang)
    monthly = {m: 10 for m in range(1, 13)}
    for agreement in (hecheng, zhongfang):
        goal(agreement, "total_persons", "le", 120, monthly=monthly)
        goal(agreement, "national_abnormal_persons", "le", 2)
    rule("total_persons", 40, deduction=1)
    rule("national_abnormal_persons", 60, is_veto=True)
    on_day(dt.date(2026, 1, 12), petitioner_count=3)
    on_day(dt.date(2026, 2, 3), petitioner_count=5)
    on_day(dt.date(2026, 3, 2), petitioner_count=2)
    on_day(
        dt.date(2026, 2, 9), region=zhongfang.region, channel="collective_visit",
        petitioner_count=36,
    )  # fmt: skip
    return hecheng, zhongfang
