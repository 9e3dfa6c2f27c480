"""Importing an existing ledger: CSV in UTF-8, UTF-8 with BOM or GBK, or xlsx; all or
nothing; each error names its line and column. Through the command and the upload page.

Cast: tina (铜湾镇) uploads her township's ledger; the command imports as the system.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from xinfang.disputes.models import Dispute, DisputeKind, DisputeStatus

HEADER = "排查日期,填报单位,村（社区）组,纠纷概要,当事人,纠纷类型,涉及人数,风险等级,责任人,责任单位,状态,化解日期"
GOOD = [
    "2026-01-12,中方县铜湾镇,白岩村二组,山林界址纠纷,杨氏两户,土地山林权属,7,高,刘建军,铜湾镇林业站,化解中,",
    "2026/02/03,中方县铜湾镇,岩头村,工资拖欠,王某等5人,劳资纠纷,5,中,李华,铜湾镇劳动保障站,已化解,2026-02-20",
]


def _csv(tmp_path, lines, encoding="utf-8", name="台账.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding=encoding)
    return path


def _import(path, *extra):
    call_command("disputes", "import", str(path), *extra)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_csv_ledger_imports_in_each_encoding(tmp_path, towns, encoding):
    _import(_csv(tmp_path, GOOD, encoding))
    rows = {d.title: d for d in Dispute.objects.all()}
    assert set(rows) == {"山林界址纠纷", "工资拖欠"}
    assert rows["山林界址纠纷"].kind == DisputeKind.LAND_RIGHTS
    assert rows["山林界址纠纷"].status == DisputeStatus.RESOLVING
    assert rows["工资拖欠"].resolved_on.isoformat() == "2026-02-20"
    assert rows["工资拖欠"].unit == towns.tongwan


def test_an_xlsx_ledger_imports(tmp_path, towns):
    book = Workbook()
    book.active.append(HEADER.split(","))
    for line in GOOD:
        book.active.append(line.split(","))
    path = tmp_path / "台账.xlsx"
    book.save(path)
    _import(path)
    assert Dispute.objects.count() == 2


def test_a_bad_row_names_its_line_and_column_and_nothing_is_imported(tmp_path, towns, capsys):
    bad = "2026-02-30,中方县铜湾镇,,吵架,张三,打架斗殴,两人,高,刘建军,铜湾镇司法所,,"
    with pytest.raises(CommandError, match="发现3处错误，未导入任何数据"):
        _import(_csv(tmp_path, [*GOOD, bad]))
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "第4行“排查日期”列：“2026-02-30”不是有效日期（应为YYYY-MM-DD）",
        "第4行“涉及人数”列：“两人”不是整数",
        "第4行“纠纷类型”列：“打架斗殴”不是有效的纠纷类型（应为征地拆迁、移民安置、土地山林权属、"
        "婚姻家庭、邻里纠纷、劳资纠纷、工程建设、环境污染、其他）",
    ]
    assert not Dispute.objects.exists()


def test_a_settled_row_needs_its_date(tmp_path, towns, capsys):
    row = GOOD[1].removesuffix("2026-02-20")
    with pytest.raises(CommandError):
        _import(_csv(tmp_path, [row]))
    assert (
        "第2行“化解日期”列：状态为已化解时须填写化解日期（YYYY-MM-DD）" in capsys.readouterr().err
    )


def test_a_missing_column_is_named(tmp_path, towns, capsys):
    path = tmp_path / "台账.csv"
    path.write_text("排查日期,纠纷概要,纠纷类型\n2026-01-01,纠纷,其他\n", encoding="utf-8")
    with pytest.raises(CommandError):
        _import(path)
    assert (
        "第1行（表头）缺少列：当事人、涉及人数、风险等级、责任人、责任单位"
        in capsys.readouterr().err
    )


def test_a_file_in_another_encoding_is_refused_in_one_line(tmp_path, towns):
    path = tmp_path / "台账.csv"
    path.write_bytes(HEADER.encode("utf-16"))
    with pytest.raises(CommandError, match="无法识别的文字编码"):
        _import(path)


def test_the_dry_run_checks_without_importing(tmp_path, towns, capsys):
    _import(_csv(tmp_path, GOOD), "--dry-run")
    assert "检查通过：共2行" in capsys.readouterr().out
    assert not Dispute.objects.exists()


def test_the_region_option_places_rows_without_a_code(tmp_path, towns, places):
    lines = [line.replace("中方县铜湾镇,", "", 1) for line in GOOD]
    path = tmp_path / "台账.csv"
    path.write_text("\n".join([HEADER.replace("填报单位,", ""), *lines]) + "\n", encoding="utf-8")
    _import(path, "--region", "431221", "--unit", "中方县铜湾镇")
    assert {d.region for d in Dispute.objects.all()} == {places.zhongfang}


def test_the_upload_page_imports_into_the_clerks_township(client, people, towns, tmp_path):
    lines = [line.replace("中方县铜湾镇,", "", 1) for line in GOOD]
    path = tmp_path / "台账.csv"
    path.write_text("\n".join([HEADER.replace("填报单位,", ""), *lines]) + "\n", encoding="gbk")
    client.force_login(people.tina)
    with open(path, "rb") as fh:
        response = client.post("/disputes/import/", {"file": fh})
    assert response.status_code == 302
    assert {d.unit for d in Dispute.objects.all()} == {towns.tongwan}


def test_the_upload_page_refuses_another_townships_rows(client, people, towns, tmp_path):
    other = GOOD[0].replace("中方县铜湾镇", "中方县中方镇")
    client.force_login(people.tina)
    with open(_csv(tmp_path, [GOOD[1], other]), "rb") as fh:
        response = client.post("/disputes/import/", {"file": fh})
    assert response.status_code == 200
    assert response.context["errors"] == ["第3行“填报单位”列：您不能为中方县中方镇导入矛盾纠纷"]
    assert not Dispute.objects.exists()
