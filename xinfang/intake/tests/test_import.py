"""`xinfang import`: a historical ledger (历史台账) through the registration rules."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from xinfang.petitions.models import Petition
from xinfang.stats.models import ImportedPetition

HEADER = [
    "编号",
    "登记日期",
    "信访形式",
    "人数",
    "登记层级",
    "是否越级",
    "是否非正常",
    "问题属地",
    "内容分类",
    "反映问题",
    "证件号码",
    "联系电话",
]
GOOD = [
    [
        "A-1",
        "2025-03-01",
        "来访",
        "7",
        "市",
        "是",
        "否",
        "431202",
        "物业管理",
        "电梯停运",
        "431202199003070019",
    ],
    [
        "A-2",
        "2025-04-01",
        "来信",
        "1",
        "国家",
        "否",
        "是",
        "431221",
        "工资福利",
        "拖欠工资",
        "",
        "13807451234",
    ],
]


def _csv(tmp_path, rows, name="ledger.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_it_imports_a_ledger_through_registration(cast, tmp_path):
    call_command(
        "import",
        str(_csv(tmp_path, GOOD)),
        user="alice",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    visit = ImportedPetition.objects.get(external_number="A-1").petition
    assert (visit.channel, visit.petitioner_count, visit.received_on) == (
        "collective_visit",
        7,
        dt.date(2025, 3, 1),
    )
    assert visit.number.startswith("431200-2025-")
    assert visit.matter.status == "filed"  # history starts no deadlines


def test_importing_twice_changes_nothing(cast, tmp_path):
    path = _csv(tmp_path, GOOD)
    call_command("import", str(path), user="alice", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import", str(path), user="alice", stdout=out, stderr=io.StringIO())
    assert Petition.objects.count() == 2
    assert "已导入过2行" in out.getvalue()


def test_it_reports_every_error_with_its_row_and_imports_nothing(cast, tmp_path):
    bad = [
        GOOD[0],
        ["A-3", "2025-02-30", "来访", "0", "市", "否", "否", "999999", "不存在的分类", "", ""],
        ["A-1", "2025-03-02", "来电", "1", "县", "否", "否", "431202", "物业管理", "", ""],
    ]
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command(
            "import", str(_csv(tmp_path, bad)), user="alice", stdout=io.StringIO(), stderr=err
        )
    report = err.getvalue()
    assert "第3行：登记日期“2025-02-30”不是有效日期" in report
    assert "第3行：人数应至少为1" in report
    assert "第3行：未知问题属地代码“999999”" in report
    assert "第3行：未知内容分类“不存在的分类”" in report
    assert "第4行：编号“A-1”与第2行重复" in report
    assert Petition.objects.count() == 0


def test_skip_invalid_imports_the_good_rows(cast, tmp_path):
    rows = [GOOD[0], ["A-3", "bad", "来访", "1", "市", "否", "否", "431202", "物业管理", "", ""]]
    call_command(
        "import",
        str(_csv(tmp_path, rows)),
        user="alice",
        skip_invalid=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Petition.objects.count() == 1


def test_it_reads_xlsx_and_links_a_repeat_by_id_number(cast, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(GOOD[0])
    sheet.append(
        [
            "A-9",
            dt.date(2025, 5, 1),
            "来访",
            1,
            "市",
            "否",
            "否",
            431202,
            "物业管理",
            "电梯又停",
            "431202199003070019",
        ]
    )
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    call_command("import", str(path), user="alice", stdout=io.StringIO(), stderr=io.StringIO())
    again = ImportedPetition.objects.get(external_number="A-9").petition
    assert again.is_repeat
    assert again.matter == ImportedPetition.objects.get(external_number="A-1").petition.matter
