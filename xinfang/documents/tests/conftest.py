"""Documents fixtures: one 鹤城区 case taken through the procedure by the shared cast.

alice (市信访局登记员) registers and 转送s it to the 市住建局; dave (住建局经办人) accepts
and answers it; the petitioner asks for 复查 and alice (市信访局) decides it.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from xinfang.workflow import actions
from xinfang.workflow.models import Step, StepKind

ANSWER = dict(
    outcome="support",
    text="责成物业公司十日内修复电梯。",
    facts="经现场核查，3栋电梯自2025年9月起停运属实。",
    legal_basis="《物业管理条例》第三十五条",
)


@pytest.fixture
def petition(register):
    """张建国's visit about the lift, received 2026-03-10."""
    return register()


@pytest.fixture
def forwarded(cast, places, petition):
    actions.forward(cast.alice, petition.matter, places.housing, note="请依法处理并告知信访人")
    return petition


@pytest.fixture
def accepted(cast, forwarded):
    actions.accept(cast.dave, forwarded.matter, notice="您反映的电梯停运问题由我局办理。")
    return forwarded


@pytest.fixture
def answered(cast, accepted):
    actions.answer(cast.dave, accepted.matter, **ANSWER)
    return accepted


@pytest.fixture
def reviewed(cast, places, answered):
    matter = actions.request_review(
        cast.alice, answered.matter, reviewing_unit=places.city_bureau, reason="维修进度太慢"
    )
    actions.decide_review(
        cast.alice, matter, outcome="explain", text="维修方案已落实，维持原意见。"
    )
    return answered


def step_of(petition, kind: str) -> Step:
    return Step.objects.get(matter=petition.matter, kind=kind)


def docx_text(content: bytes) -> str:
    """The visible text of a Word file (word/document.xml without its tags)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    return re.sub(r"<[^>]+>", "", xml)


__all__ = ["StepKind", "docx_text", "step_of"]
