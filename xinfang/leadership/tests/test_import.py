"""`xinfang casework import`: all or nothing, errors naming the data line and column, the
three encodings and xlsx, leaders created from a receptions ledger, matters linked."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from xinfang.casework.models import Leader
from xinfang.leadership.importing import ImportRefused, import_ledger
from xinfang.leadership.models import AidRecord, CaseRecord, ImportBatch, ReceptionRecord
from xinfang.leadership.tests.conftest import AID, CASES, RECEPTIONS


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_receptions_ledger_imports_in_each_encoding(
    db, places, ledger, receptions_rows, encoding
):
    outcome = import_ledger("receptions", ledger(RECEPTIONS, receptions_rows, encoding=encoding))
    assert outcome.rows == 8 and ReceptionRecord.objects.count() == 8


def test_an_xlsx_ledger_imports(db, places, ledger, receptions_rows):
    import_ledger("receptions", ledger(RECEPTIONS, receptions_rows, name="接访.xlsx"))
    assert ReceptionRecord.objects.filter(form="rota").count() == 2  # 坐班接访 = 轮流坐班接访


def test_a_leader_not_yet_known_is_created_from_the_ledger(db, places, ledger, receptions_rows):
    outcome = import_ledger("receptions", ledger(RECEPTIONS, receptions_rows))
    assert outcome.leaders_created == ["宋敏（区长）"]
    assert Leader.objects.get(name="宋敏").region == places.hecheng


def test_one_bad_row_imports_nothing_and_names_line_and_column(db, places, ledger, receptions_rows):
    rows = [
        *receptions_rows[:2],
        ["2026-03-04", "宋敏", "区长", "县级", "茶话会", "431202", "1", "1"],
    ]
    with pytest.raises(ImportRefused) as refused:
        import_ledger("receptions", ledger(RECEPTIONS, rows))
    assert refused.value.errors[0].startswith("第4行“形式”列：“茶话会”无效")
    assert not ReceptionRecord.objects.exists() and not Leader.objects.filter(name="宋敏").exists()
    assert not ImportBatch.objects.exists()


def test_each_bad_cell_is_named(db, places, ledger):
    rows = [["2026-02-30", "宋敏", "区长", "县级", "下访", "999999", "x", "1"]]
    with pytest.raises(ImportRefused) as refused:
        import_ledger("receptions", ledger(RECEPTIONS, rows))
    text = "\n".join(refused.value.errors)
    assert "第2行“日期”列" in text and "第2行“地区”列" in text and "第2行“批次”列" in text


def test_a_missing_column_is_named(db, places, ledger):
    with pytest.raises(ImportRefused, match="缺少列：人次"):
        import_ledger("receptions", ledger(RECEPTIONS[:-1], [["2026-03-02"] * 7]))


def test_a_dry_run_writes_nothing(db, places, ledger, receptions_rows):
    outcome = import_ledger("receptions", ledger(RECEPTIONS, receptions_rows), dry_run=True)
    assert outcome.rows == 8 and not ReceptionRecord.objects.exists()
    assert not Leader.objects.filter(name="宋敏").exists()


def test_a_cases_row_naming_a_system_matter_is_linked(db, leaders, ledger, hecheng_case):
    number = hecheng_case.matter.number
    rows = [
        [number, "电梯维修", "Hugo", "区长", "县级", "2026-01-05", "2026-02-05", "2026-02-01", "否", "", ""],
        ["HH-2019-0032", "征地补偿", "Hugo", "区长", "县级", "2026-01-06", "2026-03-01", "", "是", "", "Lena"],
    ]  # fmt: skip
    outcome = import_ledger("cases", ledger(CASES, rows))
    assert outcome.linked == 1
    linked, kept = CaseRecord.objects.order_by("line")
    assert linked.matter == hecheng_case.matter and kept.matter is None
    assert kept.number == "HH-2019-0032" and kept.handed_by == leaders.lena


def test_a_cases_row_must_name_a_known_leader(db, leaders, ledger):
    rows = [
        ["HH-1", "摘要", "无名氏", "局长", "县级", "2026-01-05", "2026-02-05", "", "否", "", ""]
    ]
    with pytest.raises(
        ImportRefused, match="第2行“包案领导”列：领导“无名氏（局长）”不在领导名录中"
    ):
        import_ledger("cases", ledger(CASES, rows))


def test_aid_without_a_matter_needs_a_region(db, places, ledger):
    rows = [["2026-03-01", "张某", "1", "信访救助", "5000", "李副县长", "", "是"]]
    with pytest.raises(ImportRefused, match="须用 --region"):
        import_ledger("aid", ledger(AID, rows))
    import_ledger("aid", ledger(AID, rows), region=places.hecheng)
    assert AidRecord.objects.get().amount == 5000


def test_a_bad_amount_is_refused(db, places, ledger):
    rows = [["2026-03-01", "张某", "1", "信访救助", "五千", "", "", "否"]]
    with pytest.raises(ImportRefused, match="第2行“金额”列：“五千”不是有效金额"):
        import_ledger("aid", ledger(AID, rows), region=places.hecheng)


def test_the_command_reports_and_refuses(db, places, ledger, receptions_rows, cast):
    out = io.StringIO()
    path = ledger(RECEPTIONS, receptions_rows)
    call_command(
        "casework",
        "import",
        "receptions",
        str(path),
        user="alice",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "已导入8行" in out.getvalue()
    assert ImportBatch.objects.get().imported_by == cast.alice
    bad = ledger(
        RECEPTIONS, [["昨天", "宋敏", "区长", "县级", "下访", "431202", "1", "1"]], name="bad.csv"
    )
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("casework", "import", "receptions", str(bad), stdout=out, stderr=io.StringIO())
