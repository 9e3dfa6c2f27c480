"""The content class tree: which classes are valid on a day, and loading it again."""

from __future__ import annotations

import datetime as dt

from xinfang.classes.actions import load_classes
from xinfang.classes.models import ContentClass
from xinfang.classes.queries import class_by_code, class_choices, valid_on

BEFORE_2019 = dt.date(2018, 6, 1)


def codes(day):
    return set(valid_on(day).values_list("code", flat=True))


def test_a_class_retired_in_2018_is_valid_before_and_not_after(places):
    assert "06" in codes(BEFORE_2019)  # 国土资源, until 2018-12-31
    assert "06" not in codes(dt.date(2026, 3, 10))


def test_the_last_day_of_a_class_still_counts(places):
    assert "06" in codes(dt.date(2018, 12, 31))
    assert "06" not in codes(dt.date(2019, 1, 1))


def test_a_class_without_dates_is_always_valid(places):
    assert "1205" in codes(BEFORE_2019) and "1205" in codes(dt.date(2026, 3, 10))


def test_the_choices_are_the_valid_classes_with_their_path(places):
    labels = dict(class_choices(dt.date(2026, 3, 10)))
    assert labels[places.urban.pk] == f"{places.urban.parent.name} / {places.urban.name}"
    retired = ContentClass.objects.get(code="06")
    assert retired.pk not in labels


def test_loading_the_tree_again_changes_nothing(places):
    before = sorted(ContentClass.objects.values_list("code", "name", "parent__code"))
    load_classes()
    assert sorted(ContentClass.objects.values_list("code", "name", "parent__code")) == before


def test_a_class_handed_out_is_a_copy(places):
    mine = class_by_code("1205")
    mine.name = "改过的名字"
    assert class_by_code("1205").name == places.urban.name
