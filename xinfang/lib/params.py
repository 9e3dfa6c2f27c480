"""Query-string parameters read strictly: a value that cannot be meant is a 400 with a
message saying what is expected (Django's BadRequest, shown by the 400 page), never a
500 from deep inside a query."""

from __future__ import annotations

from django.core.exceptions import BadRequest

FIRST_YEAR = 2000  # statistics and the calendar start here; the seed compares with 2007
MAX_ID = 2**63 - 1  # a database key


def integer(value: str | None, label: str, *, low: int, high: int) -> int | None:
    """The integer in `value` (None when empty), within [low, high]."""
    if value is None or not value.strip():
        return None
    try:
        number = int(value.strip())
    except ValueError:
        raise BadRequest(f"{label}应为整数，收到“{value[:20]}”") from None
    if not low <= number <= high:
        raise BadRequest(f"{label}应在{low}至{high}之间，收到{number}")
    return number


def year(value: str | None, *, today) -> int | None:
    return integer(value, "年份", low=FIRST_YEAR, high=today.year + 1)


def month(value: str | None) -> int | None:
    return integer(value, "月份", low=1, high=12)


def object_id(value: str | None, label: str) -> int | None:
    return integer(value, label, low=1, high=MAX_ID)
