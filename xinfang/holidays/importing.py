"""Reading a year's holiday notice from a CSV file, so an administrator enters it at once.

One day per row: `date,is_workday,note`, e.g. `2027-02-06,休息,2027年春节`. is_workday is
1/0 or 上班/休息; the note may be left out; a first row of column names is skipped, as are
blank rows and rows starting with `#`. Every row is checked before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from xinfang.lib.errors import DomainError

WORKDAY_WORDS = {"1": True, "上班": True, "0": False, "休息": False}
HEADER_WORDS = {"date", "日期"}
NOTE_MAX = 40  # DayOverride.note
DATE = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
)  # Excel likes to rewrite 2027-02-06 as 2027/2/6
YEARS = range(2000, 2101)


@dataclass(frozen=True)
class DayRow:
    line: int
    date: dt.date
    is_workday: bool
    note: str


class DayFileError(DomainError):
    """The file has errors; `errors` lists them, one per problem, each with its row number."""

    code = "invalid_file"

    def __init__(self, errors: list[str]):
        super().__init__(f"文件有{len(errors)}处错误，未导入任何数据")
        self.errors = errors


def decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), else GB18030: Excel on Chinese Windows saves GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _date(text: str) -> dt.date | None:
    match = DATE.fullmatch(text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def parse_days(text: str) -> list[DayRow]:
    """Every row of the file, or DayFileError listing every bad row (row = line number)."""
    rows: list[DayRow] = []
    errors: list[str] = []
    first_line: dict[dt.date, int] = {}
    started = False
    reader = csv.reader(io.StringIO(text))
    for cells in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in cells]
        while cells and not cells[-1]:
            cells.pop()  # trailing empty columns, as spreadsheets write them
        if not cells or cells[0].startswith("#"):
            continue
        if not started and cells[0].lower() in HEADER_WORDS:
            started = True
            continue
        started = True
        if len(cells) > 3 or len(cells) < 2:
            errors.append(f"第{line}行：应为“日期,是否上班,说明”2至3列，实为{len(cells)}列")
            continue
        raw_date, raw_work, note = (cells + [""])[:3]
        problems = []
        day = _date(raw_date)
        if day is None:
            problems.append(f"日期“{raw_date}”无法识别，应写作 2027-02-06")
        elif day.year not in YEARS:
            problems.append(f"日期“{raw_date}”的年份超出范围")
        elif day in first_line:
            problems.append(f"日期{day.isoformat()}与第{first_line[day]}行重复")
        if raw_work not in WORKDAY_WORDS:
            problems.append(f"是否上班“{raw_work}”无法识别，应为 1/0 或 上班/休息")
        if len(note) > NOTE_MAX:
            problems.append(f"说明超过{NOTE_MAX}字")
        errors.extend(f"第{line}行：{problem}" for problem in problems)
        if day is not None and day not in first_line:
            first_line[day] = line
        if not problems:
            rows.append(DayRow(line, day, WORKDAY_WORDS[raw_work], note))
    if not rows and not errors:
        errors.append("文件中没有任何日期")
    if errors:
        raise DayFileError(errors)
    return rows
