"""Working days and statutory deadlines: the one calendar module of the system.

A day's status comes from the first of these that decides it:
1. a `DayOverride` an administrator entered (next year's notice, a local holiday);
2. the `chinesecalendar` package (holidays and 调休 working days; 2004–2026 in 1.11);
3. the plain week: Monday–Friday work, Saturday–Sunday rest.

A day is *known* when (1) or (2) decides it, or when its year is an `OfficialYear` (the
administrator has entered that year's whole notice, so the plain week is right for every
other day of it). "Some override in that year" is deliberately not enough: one local holiday
entered in advance says nothing about next year's Spring Festival. A deadline that relied on
an unknown day is *provisional*: it may move once that year's notice is entered.

The functions are pure over a `Calendar` snapshot. Without one they take the current one
(`queries.load_calendar()`); code computing many deadlines loads one and passes it. A worker
process keeps the calendar in memory only while the database's reference stamp says it is
current (`xinfang.reference`): a statutory deadline must never be computed on a calendar that
another process has already changed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import chinese_calendar
from django.db import models

ONE_DAY = dt.timedelta(days=1)
# No real calendar rests for a year on end; reaching this means the overrides are wrong.
MAX_REST_RUN = 366


class Measure(models.TextChoices):
    """How a statutory limit counts: calendar days (日) or working days (工作日).

    Not called "unit": a unit in this codebase is an organisation (责任单位).
    """

    DAY = "day", "日"
    WORKDAY = "workday", "工作日"


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one day.

    `name` says why the day is special ("春节", "春节调休上班", an override's note) and is
    empty for an ordinary weekday or weekend.
    """

    is_workday: bool
    known: bool
    name: str = ""


@dataclass(frozen=True)
class Due:
    """A deadline; `provisional` when it relied on a day of a year not yet known."""

    date: dt.date
    provisional: bool = False
    unknown_years: tuple[int, ...] = ()

    @property
    def reason(self) -> str:
        """Why the date may still move, in words for the user (empty when it will not)."""
        if not self.provisional:
            return ""
        years = "、".join(f"{year}年" for year in self.unknown_years)
        return f"{years}的节假日安排尚未录入，暂按周一至周五上班推算，公布后可能变动"


@dataclass(frozen=True)
class Override:
    """An administrator's decision about one day (the calendar's view of a DayOverride)."""

    is_workday: bool
    note: str = ""


@functools.cache
def package_years() -> range:
    """The years the installed `chinesecalendar` covers (it refuses any other year)."""
    years = [day.year for day in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


@functools.cache
def _chinese_names() -> dict[str, str]:
    return {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


def _package_day(day: dt.date) -> DayInfo:
    """The package's answer for a day of a covered year.

    Reads its published tables directly: `get_holiday_detail` rescans them on every call,
    which dominates when counting thousands of days.
    """
    if day in chinese_calendar.workdays:
        holiday = _chinese_names().get(chinese_calendar.workdays[day], "")
        return DayInfo(is_workday=True, known=True, name=f"{holiday}调休上班")
    if day in chinese_calendar.holidays:
        holiday = _chinese_names().get(chinese_calendar.holidays[day], "法定节假日")
        return DayInfo(is_workday=False, known=True, name=holiday)
    return DayInfo(is_workday=day.weekday() < 5, known=True)


def _check_date(value: object, what: str) -> None:
    # A datetime is a date too, but its date depends on the time zone: ask for China's date.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(
            f"{what} must be a date (China time, e.g. timesource.today()), not {value!r}"
        )


@dataclass(frozen=True, eq=False)
class Calendar:
    """A snapshot of the administrators' decisions; `Calendar()` is the package alone."""

    overrides: Mapping[dt.date, Override] = field(default_factory=dict)
    official_years: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))
        object.__setattr__(self, "official_years", frozenset(self.official_years))

    def day_info(self, day: dt.date) -> DayInfo:
        _check_date(day, "day")
        override = self.overrides.get(day)
        if override is not None:
            default = "调整为工作日" if override.is_workday else "调整为休息日"
            return DayInfo(override.is_workday, known=True, name=override.note or default)
        if day.year in package_years():
            return _package_day(day)
        return DayInfo(day.weekday() < 5, known=day.year in self.official_years)

    def is_workday(self, day: dt.date) -> bool:
        return self.day_info(day).is_workday

    def due_date(self, start: dt.date, amount: int, measure: Measure | str = Measure.DAY) -> Due:
        """The last day of a limit of `amount` days (日) or working days (工作日) from `start`.

        1. "day": the day of `start` is not counted, so the limit lands on start + amount
           (民法典 第201条). "workday": it lands on the amount-th working day after `start`.
        2. A limit that lands on a rest day or statutory holiday ends on the next working
           day (第203条). Amount 0 therefore means "the same day", or the next working day
           when `start` is a rest day; so every due date is a working day.
        """
        _check_date(start, "start")
        measure = Measure(measure)
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError(f"amount must be an int, not {amount!r}")
        if amount < 0:
            raise ValueError(f"amount must be zero or more, not {amount}")
        unknown: set[int] = set()

        def works(day: dt.date) -> bool:
            info = self.day_info(day)
            if not info.known:
                unknown.add(day.year)
            return info.is_workday

        if measure == Measure.DAY:
            day = start + amount * ONE_DAY
        else:
            day, left = start, amount
            while left:
                day += ONE_DAY
                if works(day):
                    left -= 1
        for _ in range(MAX_REST_RUN):
            if works(day):
                return Due(day, provisional=bool(unknown), unknown_years=tuple(sorted(unknown)))
            day += ONE_DAY
        raise ValueError(f"no working day in the {MAX_REST_RUN} days before {day}: check overrides")

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]; negative (minus those in (b, a]) when b is before a.

        So working_days_between(due, today) is how many working days a case is late, and
        working_days_between(start, due_date(start, n, "workday").date) == n for n >= 1.
        """
        _check_date(a, "a")
        _check_date(b, "b")
        if b < a:
            return -self.working_days_between(b, a)
        return sum(self.is_workday(day) for day in _days(a + ONE_DAY, b))


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def _current(calendar: Calendar | None) -> Calendar:
    if calendar is not None:
        return calendar
    from xinfang.holidays.queries import load_calendar  # the DB only when asked, never at import

    return load_calendar()


def day_info(day: dt.date, *, calendar: Calendar | None = None) -> DayInfo:
    """Whether `day` is a working day, whether that is known, and the day's name."""
    return _current(calendar).day_info(day)


def is_workday(day: dt.date, *, calendar: Calendar | None = None) -> bool:
    return _current(calendar).is_workday(day)


def due_date(
    start: dt.date,
    amount: int,
    measure: Measure | str = Measure.DAY,
    *,
    calendar: Calendar | None = None,
) -> Due:
    """The deadline `amount` days or working days after `start` (see Calendar.due_date)."""
    return _current(calendar).due_date(start, amount, measure)


def working_days_between(a: dt.date, b: dt.date, *, calendar: Calendar | None = None) -> int:
    """Working days in (a, b], negative when b is before a (see Calendar.working_days_between)."""
    return _current(calendar).working_days_between(a, b)
