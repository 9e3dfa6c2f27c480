"""The confidence floor: below XINFANG_CLASS_SUGGESTION_FLOOR the class suggestion says the
model is unsure and offers its candidates as hints (the API: api/tests/test_classify.py).

alice, a city registrar, types a petition; the seed model suggests.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

WAGES = {"title": "工地老板拖欠农民工工资", "content": "包工头拖欠我们工资三万元，讨薪无果。"}
UNSURE = "模型把握不大，请人工选择"


pytestmark = pytest.mark.usefixtures("var_dir")


def panel(client, cast) -> str:
    client.force_login(cast.alice)
    html = client.post(reverse("insight:suggest"), WAGES).content.decode()
    return html.split('id="class-suggestions"')[1].split("</section>")[0]


def test_below_the_floor_the_panel_says_the_model_is_unsure(client, cast, settings):
    settings.XINFANG_CLASS_SUGGESTION_FLOOR = 100
    html = panel(client, cast)
    assert UNSURE in html and "仅供参考" in html
    assert 'class="primary"' not in html, "no candidate is put forward"
    assert "data-choose-class" in html, "the candidates stay as hints to click"


def test_above_the_floor_the_likeliest_class_is_put_forward(client, cast, settings):
    settings.XINFANG_CLASS_SUGGESTION_FLOOR = 0
    html = panel(client, cast)
    assert UNSURE not in html
    assert html.count('class="primary" data-choose-class') == 1
