"""The leadership cast: the casework cast (adam keeps the leaders; lena leads the city, hugo
鹤城区, zoe 中方县) and ledger files written in the test's folder."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from xinfang.api.tests.conftest import api, token  # noqa: F401
from xinfang.casework.tests.conftest import adam, hecheng_case, leaders  # noqa: F401

RECEPTIONS = ["日期", "领导", "职务", "级别", "形式", "地区", "批次", "人次"]
CASES = ["事项编号", "事项摘要", "包案领导", "职务", "级别", "包案日期", "办结期限", "办结日期",
         "积案", "终结方式", "交办人"]  # fmt: skip
AID = ["日期", "信访人", "人数", "来源", "金额", "批准人", "事项编号", "息访协议"]


@pytest.fixture
def ledger(tmp_path):
    """Write `rows` under `headers` as csv (in `encoding`) or xlsx; return the path."""

    def write(headers, rows, *, name="ledger.csv", encoding="utf-8"):
        path = tmp_path / name
        if name.endswith(".xlsx"):
            book = Workbook()
            book.active.append(headers)
            for row in rows:
                book.active.append(row)
            book.save(path)
        else:
            with open(path, "w", encoding=encoding, newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(headers)
                writer.writerows(rows)
        return path

    return write


# 宋敏, 鹤城区's 区长, not yet in the list: the receptions ledger brings her.
SONG = ["宋敏", "区长", "县级", "431202"]


@pytest.fixture
def receptions_rows():
    """A hand-made year of receptions for 鹤城区 (counted in test_report)."""
    return [
        ["2026-03-02", *SONG[:3], "开门接访", SONG[3], "3", "5"],
        ["2026-03-02", *SONG[:3], "坐班接访", SONG[3], "2", "3"],  # same day: one 天次
        ["2026-03-03", *SONG[:3], "轮流坐班接访", SONG[3], "1", "2"],
        ["2026-04-01", *SONG[:3], "下访", SONG[3], "1", "6"],
        ["2026-04-01", *SONG[:3], "处访", SONG[3], "1", "1"],  # same day: one 天次
        ["2026-05-06", *SONG[:3], "约访", SONG[3], "2", "4"],
        ["2026-06-01", *SONG[:3], "网上接访", SONG[3], "1", "1"],
        ["2025-12-30", *SONG[:3], "开门接访", SONG[3], "1", "9"],  # another year
    ]
