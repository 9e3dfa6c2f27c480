"""The dispute ledger's cast, on top of the shared one (xinfang/conftest.py):

Places: 中方县 has two townships with their own ledgers, 铜湾镇 and 中方镇; 鹤城区 has 城北街道.
People:
- tina: 铜湾镇 clerk (乡镇工作人员), keeps 铜湾镇's ledger and sends its monthly report;
- tom: 中方镇 clerk: must never see 铜湾镇's disputes;
- carol: 中方县 bureau handler: sees both townships' disputes (her county);
- bob: 鹤城区 bureau handler: must never see a 中方县 dispute;
- alice: city bureau registrar: sees all, and turns disputes into petitions;
- leo: 中方县 leader: reads, never writes.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from xinfang.accounts.models import Role, User
from xinfang.disputes import actions
from xinfang.disputes.models import DisputeKind, Risk
from xinfang.regions.actions import create_unit
from xinfang.regions.models import UnitKind


def _login(username, role, unit, region=None) -> User:
    user = User.objects.create_user(
        username, password="pw-" + username, role=role, unit=unit, region=region
    )
    user.full_name = username.capitalize()
    user.save()
    return user


@pytest.fixture
def towns(places):
    return SimpleNamespace(
        tongwan=create_unit("中方县铜湾镇", UnitKind.TOWNSHIP, places.zhongfang),
        zhongfangzhen=create_unit("中方县中方镇", UnitKind.TOWNSHIP, places.zhongfang),
        chengbei=create_unit("鹤城区城北街道", UnitKind.TOWNSHIP, places.hecheng),
    )


@pytest.fixture
def people(cast, towns, places):
    cast.tina = _login("tina", Role.HANDLER, towns.tongwan)
    cast.tom = _login("tom", Role.HANDLER, towns.zhongfangzhen)
    cast.leo = _login("leo", Role.LEADER, places.zhongfang_bureau, places.zhongfang)
    return cast


@pytest.fixture
def dispute_draft(towns, places):
    """A builder of valid dispute drafts: a 铜湾镇 land-requisition dispute."""

    def build(**overrides) -> actions.DisputeDraft:
        values = dict(
            unit=towns.tongwan,
            region=places.zhongfang,
            place="白岩村三组",
            found_on=dt.date(2026, 2, 3),
            title="白岩村三组征地补偿款分配纠纷",
            parties="杨光明、杨光辉",
            kind=DisputeKind.LAND_TAKING,
            people=6,
            risk=Risk.MEDIUM,
            responsible_person="刘建军",
            responsible_unit="铜湾镇司法所",
            details="两户因征地补偿款分配比例发生争执，多次到村委会吵闹。",
            measures="村调委会组织双方调解",
        )
        values.update(overrides)
        return actions.DisputeDraft(**values)

    return build


@pytest.fixture
def record(people, dispute_draft):
    """Record a dispute as tina (or `actor`) and return it."""

    def run(actor=None, **overrides):
        return actions.record_dispute(actor or people.tina, dispute_draft(**overrides))

    return run
