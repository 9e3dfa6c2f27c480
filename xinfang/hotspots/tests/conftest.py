"""Fixtures registering the petitions of `texts` through the registration action."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.conftest import TODAY, VALID_ID
from xinfang.petitions.drafts import PetitionerDraft

from .texts import ELEVATOR, UNRELATED


def people(count: int, start: int = 0) -> list[PetitionerDraft]:
    """`count` people; the first is the main petitioner, with the ID a visit needs."""
    names = "王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨"
    return [
        PetitionerDraft(
            name=names[(start + i) % len(names)] + "某",
            id_number=VALID_ID if i == 0 else "",
            phone="13807451234" if i == 0 else "",
            is_main=i == 0,
        )
        for i in range(count)
    ]


@pytest.fixture
def petition(register):
    """Register a petition with `text` (title, content), received `days_ago`."""
    counter = iter(range(1000))

    def run(text, *, days_ago: int = 0, count: int = 1, **overrides):
        title, content = text
        overrides.setdefault("petitioners", people(count, next(counter)))
        if count >= 5:
            overrides.setdefault("channel", "collective_visit")
        return register(
            title=title,
            content=content,
            received_on=TODAY - dt.timedelta(days=days_ago),
            petitioner_count=count,
            **overrides,
        )

    return run


@pytest.fixture
def elevator(petition):
    """Four petitions about the 锦溪小区 elevator (three this week, one the week before) and
    four unrelated ones, all in 鹤城区."""
    found = [
        petition(text, days_ago=days) for text, days in zip(ELEVATOR, (0, 2, 5, 9), strict=True)
    ]
    for text in UNRELATED:
        petition(text, days_ago=3)
    return found
