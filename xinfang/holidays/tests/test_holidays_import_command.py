"""`xinfang holidays-import FILE`: a whole year's notice entered at once, or nothing at all."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from xinfang.holidays import actions
from xinfang.holidays.calendar import due_date
from xinfang.holidays.models import DayOverride, OfficialYear

D = dt.date.fromisoformat

pytestmark = pytest.mark.django_db

NOTICE_2027 = """\
date,is_workday,note
2027-01-01,休息,2027年元旦
2027-02-06,休息,2027年春节
2027-02-07,0,2027年春节
2027-02-20,上班,春节调休上班

# local holiday
2027-03-01,0,本地假日
"""


@pytest.fixture
def csv_file(tmp_path):
    def write(text: str, encoding: str = "utf-8") -> str:
        path = tmp_path / "notice.csv"
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


def run(*args) -> str:
    out = StringIO()
    call_command("holidays-import", *args, stdout=out)
    return out.getvalue()


def test_it_enters_every_day_of_the_file(csv_file):
    output = run(csv_file(NOTICE_2027))
    assert output == "已导入5天（新增5天，更新0天）\n"
    rows = DayOverride.objects.values_list("date", "is_workday", "note")
    assert list(rows) == [
        (D("2027-01-01"), False, "2027年元旦"),
        (D("2027-02-06"), False, "2027年春节"),
        (D("2027-02-07"), False, "2027年春节"),
        (D("2027-02-20"), True, "春节调休上班"),
        (D("2027-03-01"), False, "本地假日"),
    ]


def test_it_updates_days_entered_before(csv_file):
    actions.set_day(D("2027-02-20"), False, "旧的说明")
    assert "新增4天，更新1天" in run(csv_file(NOTICE_2027))
    assert DayOverride.objects.get(date=D("2027-02-20")).is_workday


def test_it_reads_a_file_saved_by_excel_in_gbk_with_slashed_dates_and_no_notes(csv_file):
    run(csv_file("日期,是否上班,说明\r\n2027/2/6,休息\r\n2027/2/20,上班,,\r\n", "gbk"))
    assert list(DayOverride.objects.values_list("date", "is_workday", "note")) == [
        (D("2027-02-06"), False, ""),
        (D("2027-02-20"), True, ""),
    ]


def test_it_declares_the_year_official_when_asked(csv_file):
    output = run(csv_file(NOTICE_2027), "--official-year", "2027")
    assert "2027年已标记为全年安排已录入" in output
    assert OfficialYear.objects.get().note == "notice.csv"
    assert not due_date(D("2026-12-31"), 1).provisional


def test_it_reports_every_bad_row_with_its_row_number_and_writes_nothing(csv_file):
    text = (
        "date,is_workday,note\n"
        "2027-01-01,休息,2027年元旦\n"
        "2027-02-30,休息,2027年春节\n"
        "2027-02-07,放假\n"
        "2027-01-01,0,重复\n"
        "2027-03-01\n"
        "2027-03-02,0," + "长" * 41 + "\n"
    )
    with pytest.raises(CommandError) as raised:
        run(csv_file(text))
    assert str(raised.value).splitlines() == [
        "文件有5处错误，未导入任何数据",
        "第3行：日期“2027-02-30”无法识别，应写作 2027-02-06",
        "第4行：是否上班“放假”无法识别，应为 1/0 或 上班/休息",
        "第5行：日期2027-01-01与第2行重复",
        "第6行：应为“日期,是否上班,说明”2至3列，实为1列",
        "第7行：说明超过40字",
    ]
    assert not DayOverride.objects.exists()


def test_it_refuses_an_empty_file(csv_file):
    with pytest.raises(CommandError, match="文件中没有任何日期"):
        run(csv_file("date,is_workday,note\n"))


def test_it_refuses_to_declare_a_year_the_file_does_not_contain(csv_file):
    with pytest.raises(CommandError, match="文件中没有2028年的日期"):
        run(csv_file(NOTICE_2027), "--official-year", "2028")
    assert not DayOverride.objects.exists()
    assert not OfficialYear.objects.exists()


def test_it_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        run(str(tmp_path / "missing.csv"))
