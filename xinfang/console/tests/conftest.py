"""The console's cast: adam (the city's administrator) from casework's cast; `trained`, two
class-model versions for 分类模型's pages."""

import io

import pytest
from django.core.management import call_command

from xinfang.casework.tests.conftest import adam  # noqa: F401
from xinfang.insight import classifier


@pytest.fixture
def trained(register, var_dir):
    """Two versions trained on a few petitions, two held out at least (an interval needs
    two); the second is current."""
    held = 0
    for place in ("鹤城区", "中方县", "沅陵县", "辰溪县", "溆浦县", "会同县", "麻阳县", "新晃县"):
        for thing in ("电梯", "水泵"):
            p = register(
                title=f"{place}小区{thing}停运", content=f"物业公司不修{thing}，老人困难。"
            )
            held += classifier.is_held_out(p.matter.number)
    assert held >= 2, "fewer than two held-out matters among the numbers"
    for _ in range(2):
        call_command("classify", "train", "--folds", "0", stdout=io.StringIO())
