"""Administrators' changes to the content class tree: a new class goes under a parent in use
with the parent's code and two digits, at most three levels deep; a class is retired only
after everything below it; a class anything refers to is never deleted."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.classes import actions
from xinfang.classes.models import ContentClass
from xinfang.classes.queries import tree, valid_on
from xinfang.lib.errors import DomainError, Invalid

TODAY = dt.date(2026, 3, 10)
YESTERDAY = TODAY - dt.timedelta(days=1)


def get(code: str) -> ContentClass:
    return ContentClass.objects.get(code=code)


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(Invalid) as caught:
        call()
    return caught.value.errors


def test_a_new_class_takes_its_level_from_its_parent(places):
    node = actions.add_class(
        parent=places.urban, code="120599", name="电梯维修", keywords=" 电梯  维修 "
    )
    assert node.level == 3 and node.path_name.endswith("物业管理 / 电梯维修")
    assert node.keywords == "电梯 维修"
    assert node in valid_on(TODAY) and node.valid_from is None


def test_a_code_is_the_parents_code_and_two_digits(places):
    errors = errors_of(lambda: actions.add_class(parent=places.urban, code="99", name="电梯"))
    assert errors["code"] == ["代码应为上级代码“1205”加两位数字，如120501"]


def test_a_code_is_used_once(places):
    errors = errors_of(
        lambda: actions.add_class(parent=places.urban.parent, code="1205", name="新类")
    )
    assert errors["code"] == ["代码1205已被使用"]


def test_the_tree_has_three_levels_at_most(places):
    third = get("010101")
    errors = errors_of(lambda: actions.add_class(parent=third, code="01010101", name="第四级"))
    assert "分类最多三级" in errors["parent"][0]


def test_a_name_is_required(places):
    errors = errors_of(lambda: actions.add_class(parent=None, code="90", name="  "))
    assert errors["name"] == ["请填写分类名称"]


def test_nothing_is_added_under_a_retired_class(places):
    errors = errors_of(lambda: actions.add_class(parent=get("06"), code="0699", name="新类"))
    assert "已停用" in errors["parent"][0]


def test_two_classes_in_use_under_one_parent_have_different_names(places):
    errors = errors_of(lambda: actions.add_class(parent=get("12"), code="1299", name="物业管理"))
    assert errors["name"] == ["同一上级下已有在用的分类“物业管理”"]


def test_an_edit_changes_name_keywords_and_order_only(places):
    actions.update_class(places.urban, name="物业服务", keywords="物业 电梯", sort=9)
    node = get("1205")
    assert (node.name, node.keywords, node.sort, node.code) == ("物业服务", "物业 电梯", 9, "1205")


def test_a_retired_class_is_no_longer_valid_after_its_last_day(places):
    leaf = get("010101")
    actions.retire_class(leaf, YESTERDAY)
    assert leaf not in valid_on(TODAY) and leaf in valid_on(YESTERDAY)
    row = next(r for r in tree(TODAY) if r.node.pk == leaf.pk)
    assert row.retired


def test_a_class_is_retired_only_after_its_children(places):
    errors = errors_of(lambda: actions.retire_class(get("0101"), YESTERDAY))
    assert errors["last_day"] == [
        "下级分类“治安管理”、“刑事案件”、“户籍管理”等4个在2026-03-09之后仍在使用，请先停用下级分类"
    ]
    for child in get("0101").children.all():
        actions.retire_class(child, YESTERDAY)
    assert actions.retire_class(get("0101"), YESTERDAY).valid_to == YESTERDAY


def test_a_child_retired_later_than_the_day_still_blocks(places):
    for child in get("0102").children.all():
        actions.retire_class(child, TODAY)
    errors = errors_of(lambda: actions.retire_class(get("0102"), YESTERDAY))
    assert "仍在使用" in errors["last_day"][0]


def test_the_last_day_is_not_before_the_first(places):
    errors = errors_of(lambda: actions.retire_class(get("0701"), dt.date(2018, 12, 31)))
    assert errors["last_day"] == ["停用日期不能早于启用日期2019-01-01"]


def test_a_retired_class_is_enabled_again(places):
    leaf = get("010101")
    actions.retire_class(leaf, YESTERDAY)
    actions.restore_class(leaf)
    assert get("010101").valid_to is None and leaf in valid_on(TODAY)


def test_a_class_under_a_retired_parent_stays_retired(places):
    with pytest.raises(DomainError, match="上级分类“国土资源”已停用"):
        actions.restore_class(get("0601"))


def test_hiding_retired_classes_hides_them_and_what_is_below(places):
    codes = {row.node.code for row in tree(TODAY, hide_retired=True)}
    assert "06" not in codes and "0601" not in codes and "07" in codes


def test_a_search_shows_the_matches_under_their_ancestors(places):
    rows = tree(TODAY, search="物业")
    assert [(r.node.code, r.matched) for r in rows][:2] == [("12", False), ("1205", True)]


def test_a_class_petitions_use_is_never_deleted(register, places):
    register()  # under 1205 物业管理
    leaf = actions.add_class(parent=places.urban, code="120599", name="误建")
    with pytest.raises(DomainError, match="信访事项、信访件使用，不能删除"):
        actions.delete_class(get("1205"))
    actions.delete_class(leaf)
    assert not ContentClass.objects.filter(code="120599").exists()


def test_a_class_with_children_is_not_deleted(places):
    with pytest.raises(DomainError, match="已被下级分类使用"):
        actions.delete_class(get("0101"))
