"""`xinfang import`: a historical ledger (历史台账) through the registration rules."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import Workbook

from xinfang.events.models import Event
from xinfang.insight import index
from xinfang.intake import importing
from xinfang.lib.errors import Invalid
from xinfang.petitions import search
from xinfang.petitions.drafts import PetitionerDraft
from xinfang.petitions.models import Matter, Petition
from xinfang.stats.models import ImportedPetition, VolumeCount

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


def test_it_reads_xlsx_and_links_a_repeat_of_the_same_person_on_the_same_thing(cast, tmp_path):
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
            "电梯停运，至今没有修好",
            "431202199003070019",
        ]
    )
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    call_command("import", str(path), user="alice", stdout=io.StringIO(), stderr=io.StringIO())
    again = ImportedPetition.objects.get(external_number="A-9").petition
    assert again.is_repeat
    assert again.matter == ImportedPetition.objects.get(external_number="A-1").petition.matter


def _import(path, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", str(path), user="alice", stdout=out, stderr=err, **options)
    return out.getvalue()


def _refusal(path) -> str:
    with pytest.raises(CommandError) as failure:
        _import(path)
    assert Petition.objects.count() == 0
    return str(failure.value)


def test_a_visit_without_id_number_name_or_phone_imports(cast, tmp_path):
    """信访人, 证件号码 and 联系电话 are optional in the ledger: the counter's contact rules
    are not history's."""
    rows = [
        ["B-1", "2020-06-01", "来访", "1", "县", "否", "否", "431202", "物业管理", "漏水", "", ""],
        ["B-2", "2020-06-02", "来信", "1", "县", "否", "否", "431202", "工资福利", "欠薪", "", ""],
        ["B-3", "2020-06-03", "来电", "1", "县", "否", "否", "431202", "工资福利", "欠薪", "", ""],
    ]
    assert "导入3行" in _import(_csv(tmp_path, rows))
    person = ImportedPetition.objects.get(external_number="B-1").petition.petitioners.get()
    assert (person.name, person.id_number) == ("（历史台账未记录）", "")


def test_the_counter_still_requires_an_id_number_for_a_visit(cast, register):
    with pytest.raises(Invalid) as refused:
        register(channel="visit", petitioners=[PetitionerDraft(name="张建国", is_main=True)])
    assert refused.value.errors == {"petitioners-0-id_number": ["来访登记须填写主信访人证件号码"]}


def test_rows_without_a_name_are_not_repeats_of_each_other(cast, tmp_path):
    """The stand-in name is not evidence: two unnamed rows on different things are two
    matters."""
    rows = [
        ["C-1", "2020-01-05", "来信", "1", "县", "否", "否", "431202", "物业管理", "小区电梯停运"],
        [
            "C-2",
            "2020-02-05",
            "来信",
            "1",
            "县",
            "否",
            "否",
            "431202",
            "物业管理",
            "小区垃圾无人清运",
        ],
    ]
    _import(_csv(tmp_path, rows))
    assert Matter.objects.count() == 2


def test_the_same_person_on_another_thing_opens_a_new_matter(cast, tmp_path):
    """Insight's rule, as at registration: the same ID on something else scores about one
    half, below `LIKELY`."""
    rows = [GOOD[0], ["A-5", "2025-06-01", "来访", "1", "市", "否", "否", "431202", "工资福利",
                      "公司拖欠三个月工资", "431202199003070019"]]  # fmt: skip
    _import(_csv(tmp_path, rows))
    assert not ImportedPetition.objects.get(external_number="A-5").petition.is_repeat


def test_a_repeat_joins_a_matter_registered_at_the_counter(cast, register, tmp_path):
    live = register(
        received_on=dt.date(2026, 2, 1),
        title="小区电梯停运",
        content="小区电梯停运三个月，物业不管",
    )
    rows = [["D-1", "2026-03-01", "来访", "1", "市", "否", "否", "431202", "物业管理",
             "小区电梯停运三个月，物业不管", "431202199003070019"]]  # fmt: skip
    _import(_csv(tmp_path, rows))
    petition = ImportedPetition.objects.get(external_number="D-1").petition
    assert (petition.is_repeat, petition.matter_id) == (True, live.matter_id)
    live.matter.refresh_from_db()
    assert live.matter.petition_count == 2
    assert Event.objects.filter(petition=petition, kind="repeat_linked").exists()


def test_the_counts_are_rebuilt_once_at_the_end(cast, tmp_path):
    _import(_csv(tmp_path, GOOD))
    counted = VolumeCount.objects.filter(span="year", start=dt.date(2025, 1, 1))
    assert sum(counted.values_list("petitions", flat=True)) == 2


def test_it_takes_the_day_it_imports_on_as_a_parameter(cast, tmp_path):
    """No clock is frozen: `today` bounds the dates, numbers carry each row's own year."""
    rows = [["E-1", "2026-03-09", "来信", "1", "县", "否", "否", "431202", "物业管理", "漏水"]]
    outcome = importing.import_ledger(_csv(tmp_path, rows), cast.alice, today=dt.date(2026, 3, 8))
    assert outcome.errors == [(2, "登记日期2026-03-09晚于今天")]
    outcome = importing.import_ledger(_csv(tmp_path, rows), cast.alice, today=dt.date(2026, 3, 9))
    petition = ImportedPetition.objects.get().petition
    assert petition.number == "431200-2026-000001"
    assert petition.matter.closed_on == dt.date(2026, 3, 9)


class Killed(BaseException):
    """Stands for the process dying in the middle of a chunk."""


def test_a_run_killed_mid_chunk_and_run_again_imports_every_row_exactly_once(
    cast, tmp_path, monkeypatch
):
    rows = [
        [f"K-{n}", f"2024-01-{n:02d}", "来信", "1", "县", "否", "否", "431202", "物业管理",
         f"第{n}号楼{'屋顶漏水' if n % 2 else '电梯停运'}", "", f"138074500{n:02d}"]
        for n in range(1, 8)
    ]  # fmt: skip
    path = _csv(tmp_path, rows)
    real = importing.index.write_many
    calls = []

    def dies_on_the_third_chunk(pairs):
        calls.append(1)
        if len(calls) == 3:
            raise Killed  # after its petitions and events were written, before commit
        return real(pairs)

    monkeypatch.setattr(importing.index, "write_many", dies_on_the_third_chunk)
    with pytest.raises(Killed):
        importing.import_ledger(path, cast.alice, chunk=2)
    assert ImportedPetition.objects.count() == Petition.objects.count() == 4
    monkeypatch.setattr(importing.index, "write_many", real)
    outcome = importing.import_ledger(path, cast.alice, chunk=2)
    assert (outcome.imported, outcome.skipped_existing) == (3, 4)
    numbers = sorted(Petition.objects.values_list("number", flat=True))
    assert numbers == [f"431200-2024-{n:06d}" for n in range(1, 8)]  # gapless
    assert sorted(ImportedPetition.objects.values_list("external_number", flat=True)) == sorted(
        f"K-{n}" for n in range(1, 8)
    )


# Issue 16: files that are not a ledger are refused in one line, and nothing is imported.


def _encoded(tmp_path, encoding, name="ledger.csv"):
    path = tmp_path / name
    lines = [",".join(HEADER), ",".join(GOOD[1])]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_it_reads_utf8_with_or_without_bom_and_gbk(cast, tmp_path, encoding):
    assert "导入1行" in _import(_encoded(tmp_path, encoding))
    assert ImportedPetition.objects.get().petition.content == "拖欠工资"


def test_an_unknown_encoding_is_refused_naming_the_row_and_column(cast, tmp_path):
    path = tmp_path / "ledger.csv"
    row = ",".join(GOOD[1]).encode().replace("来信".encode(), b"caf\xe9")  # Windows-1252
    path.write_bytes(",".join(HEADER).encode() + b"\r\n" + row)
    message = _refusal(path)
    assert message.startswith("文件“ledger.csv” 第2行第3列（C列）：无法识别的文字编码")


def test_random_bytes_named_csv_are_refused(cast, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_bytes(bytes(range(256)) * 40)
    assert "无法识别的文字编码或不是文本文件" in _refusal(path)


def test_a_csv_named_xlsx_is_refused(cast, tmp_path):
    path = _csv(tmp_path, GOOD).rename(tmp_path / "ledger.xlsx")
    assert _refusal(path).startswith("文件“ledger.xlsx”：不是有效的 xlsx 工作簿")


def test_a_200000_character_cell_is_refused_naming_its_cell(cast, tmp_path):
    rows = [GOOD[0], [*GOOD[1][:9], "长" * 200_000, "", "13807451234"]]
    message = _refusal(_csv(tmp_path, rows))
    assert message.startswith("文件“ledger.csv” 第3行第10列（J列）：单元格有200000个字符")


def _workbook(tmp_path, sheets):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    return path


def test_the_ledger_may_be_on_the_second_sheet(cast, tmp_path):
    path = _workbook(tmp_path, [("封面", []), ("台账", [HEADER, *GOOD])])
    assert "导入2行" in _import(path)


def test_a_workbook_without_a_ledger_is_refused_not_imported_as_zero_rows(cast, tmp_path):
    path = _workbook(tmp_path, [("Sheet1", []), ("说明", [["本表为空"]])])
    assert "没有找到台账表头（Sheet1、说明的第1行" in _refusal(path)


def test_a_ledger_with_headers_only_is_refused(cast, tmp_path):
    path = _workbook(tmp_path, [("台账", [HEADER])])
    assert _refusal(path).startswith("文件“ledger.xlsx” 工作表“台账”：没有数据行")


def test_a_missing_column_is_named_once(cast, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("编号,登记日期\nA-1,2025-03-01\n", encoding="utf-8")
    message = _refusal(path)
    assert "第1行：缺少列：信访形式、人数" in message


# Rows prepared in a second process (a large ledger's path) import exactly as in one.


def _repeating_rows():
    texts = ["第3号楼屋顶漏水", "第5号楼电梯停运", "小区路灯损坏"]
    return [
        [f"R-{n}", f"2024-02-{n:02d}", "来信", "1", "县", "否", "否", "431202", "物业管理",
         texts[(n - 1) % 3], "", f"1380745{(n - 1) % 3:04d}"]
        for n in range(1, 7)
    ]  # fmt: skip


def test_rows_prepared_by_a_second_process_link_their_repeats_as_in_one(cast, tmp_path):
    path = _csv(tmp_path, _repeating_rows())
    outcome = importing.import_ledger(path, cast.alice, chunk=2, parallel=True)
    assert (outcome.imported, outcome.repeats) == (6, 3)
    assert Matter.objects.count() == 3
    first = ImportedPetition.objects.get(external_number="R-1").petition
    fourth = ImportedPetition.objects.get(external_number="R-4").petition
    assert fourth.is_repeat and fourth.matter_id == first.matter_id


def test_a_failure_while_preparing_in_the_second_process_stops_the_import(
    cast, tmp_path, monkeypatch
):
    path = _csv(tmp_path, _repeating_rows())
    real = importing.prepare

    def fails_on_the_fifth_row(number, raw, parsed):
        if raw["编号"] == "R-5":
            raise ValueError("第五行读不懂")
        return real(number, raw, parsed)

    monkeypatch.setattr(importing, "prepare", fails_on_the_fifth_row)
    with pytest.raises(RuntimeError, match="第五行读不懂"):
        importing.import_ledger(path, cast.alice, chunk=2, parallel=True)
    # The chunks before it were committed: running again carries on from there.
    assert Petition.objects.count() == 4


def _rows_with_two_bad_ones():
    rows = _repeating_rows()
    rows[2] = [*rows[2][:1], "2024-02-30", *rows[2][2:]]  # no such day
    rows[4] = ["R-1", *rows[4][1:]]  # R-5 numbered as R-1 again
    return rows


def test_a_file_with_errors_writes_nothing_though_a_second_process_began_preparing(cast, tmp_path):
    """The second process starts while the file is validated; an error anywhere still
    stops the import before its first row is written."""
    path = _csv(tmp_path, _rows_with_two_bad_ones())
    outcome = importing.import_ledger(path, cast.alice, chunk=2, parallel=True)
    assert [n for n, _ in outcome.errors] == [4, 6] and outcome.imported == 0
    assert Petition.objects.count() == 0


def test_the_second_process_leaves_out_the_rows_validation_reports(cast, tmp_path):
    """Validation and preparing leave out rows by one rule (`checked_rows`): a duplicate
    编号 as well as a bad date."""
    path = _csv(tmp_path, _rows_with_two_bad_ones())
    outcome = importing.import_ledger(path, cast.alice, chunk=2, parallel=True, skip_invalid=True)
    assert (outcome.imported, outcome.skipped_invalid) == (4, 2)
    imported = set(ImportedPetition.objects.values_list("external_number", flat=True))
    assert imported == {"R-1", "R-2", "R-4", "R-6"}


def _search_indexes() -> list[tuple]:
    """The search table's indexes and its parts': name, definition, valid, attached to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid, "
            "coalesce(p.relname, '') FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "LEFT JOIN pg_inherits h ON h.inhrelid = i.indexrelid "
            "LEFT JOIN pg_class p ON p.oid = h.inhparent "
            "WHERE i.indrelid::regclass::text LIKE 'petition_search%%' ORDER BY 1"
        )
        return cursor.fetchall()


def _full_text_index_present() -> bool:
    """Every part's full-text index built, valid and under the table's, as migrate made it."""
    found = [(name, valid, parent) for name, _, valid, parent in _search_indexes()]
    parts = [(f"petition_search_p{n}_document", True, search.INDEX) for n in range(search.PARTS)]
    return set(parts) | {(search.INDEX, True, "")} <= set(found)


def _without_earlier_search_entries() -> None:
    """Delete the entries earlier transactional tests committed (flush empties model tables
    only): a search table holding more than the file would keep its index."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM petition_search")


def test_the_search_table_is_split_in_parts_each_with_its_own_full_text_index(cast):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's full-text table is one FTS5 table")
    assert _full_text_index_present()
    assert len(_search_indexes()) == 2 * (search.PARTS + 1)  # a GIN and a primary key each


def test_a_large_import_builds_the_full_text_index_at_the_end(cast, tmp_path, monkeypatch):
    """PostgreSQL: a file larger than the search table is indexed by one build at the end."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's full-text table is its own index")
    _without_earlier_search_entries()
    monkeypatch.setattr(importing, "SET_ASIDE_INDEX_FROM", 1)
    set_aside = []
    real = importing.search.set_aside_index
    monkeypatch.setattr(importing.search, "set_aside_index", lambda n: set_aside.append(real(n)))
    _import(_csv(tmp_path, GOOD))
    assert set_aside == [True] and _full_text_index_present()
    found = Petition.objects.filter(search.matching("拖欠工资"))
    assert [p.imported_as.external_number for p in found] == ["A-2"]


def test_an_import_builds_the_index_a_killed_run_left_set_aside(cast, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's full-text table is its own index")
    assert search.set_aside_index(10**9)  # as a killed import of a large file leaves it
    _import(_csv(tmp_path, GOOD))
    assert _full_text_index_present()


def test_an_import_finishes_the_index_a_run_killed_while_building_it_left(cast, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's full-text table is its own index")
    assert search.set_aside_index(10**9)
    search.part_builds()[0]()  # the first part's index built, then the run was killed
    _import(_csv(tmp_path, GOOD))
    assert _full_text_index_present()
    assert Petition.objects.filter(search.matching("拖欠工资")).count() == 1


def _repeat_keys_constraints() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'insight_repeatkey'::regclass ORDER BY conname"
        )
        return cursor.fetchall()


def test_a_large_import_makes_its_repeat_keys_constraints_once_at_the_end(
    cast, tmp_path, monkeypatch
):
    """PostgreSQL: into a database holding no petition, the keys' primary and foreign keys
    are dropped while writing, then made again as the migration made them."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's constraints are kept key by key")
    migrated = _repeat_keys_constraints()
    monkeypatch.setattr(importing, "SET_ASIDE_INDEX_FROM", 1)
    set_aside = []
    real = importing.index.set_aside_constraints
    monkeypatch.setattr(
        importing.index, "set_aside_constraints", lambda n: set_aside.append(real(n))
    )
    _import(_csv(tmp_path, GOOD))
    assert set_aside == [["foreign key", "primary key"]]
    assert _repeat_keys_constraints() == migrated
    assert [kind for _, kind in migrated] == [
        "FOREIGN KEY (petition_id) REFERENCES petitions_petition(id) DEFERRABLE INITIALLY DEFERRED",
        "PRIMARY KEY (key, petition_id)",
    ]


def test_an_import_puts_back_the_constraints_a_killed_run_dropped(cast, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's constraints are kept key by key")
    migrated = _repeat_keys_constraints()
    # As a killed import of a large file into an empty database leaves them.
    assert index.set_aside_constraints(10**9) == ["foreign key", "primary key"]
    assert _repeat_keys_constraints() == []
    _import(_csv(tmp_path, GOOD))
    assert _repeat_keys_constraints() == migrated


def test_the_run_after_a_killed_one_builds_the_primary_key_before_looking_anything_up(
    cast, tmp_path, monkeypatch
):
    """Once petitions are stored, the import reads their keys: it needs their index."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's constraints are kept key by key")
    monkeypatch.setattr(importing, "SET_ASIDE_INDEX_FROM", 1)
    _import(_csv(tmp_path, GOOD))  # stands for the rows the killed run stored
    connection.check_constraints()  # and committed (the test's transaction checks them now)
    with connection.cursor() as cursor:  # and what it left dropped
        cursor.execute("ALTER TABLE insight_repeatkey DROP CONSTRAINT insight_repeatkey_pkey")
    assert index.set_aside_constraints(10**9) == ["foreign key"]
    assert "insight_repeatkey_pkey" in dict(_repeat_keys_constraints())


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_builds_run_at_once_and_all_land(cast, tmp_path, monkeypatch):
    """As `xinfang import` runs (chunks committed): the keys' constraints and each part of
    the full-text index on a connection of its own."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has nothing to build at the end")
    migrated = _repeat_keys_constraints()
    _without_earlier_search_entries()
    monkeypatch.setattr(importing, "SET_ASIDE_INDEX_FROM", 1)
    threads = []
    real = importing._on_own_connection
    monkeypatch.setattr(
        importing, "_on_own_connection", lambda work: threads.append(real(work) or work)
    )
    _import(_csv(tmp_path, GOOD))
    parts = sorted(build.args for build in threads if build != importing.index.finish_bulk)
    assert importing.index.finish_bulk in threads and len(threads) == 1 + search.PARTS
    assert parts == [(part,) for part in range(search.PARTS)]
    assert _repeat_keys_constraints() == migrated and _full_text_index_present()
