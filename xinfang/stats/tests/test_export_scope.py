"""`xinfang export petitions --user U` is U's case list on paper: only what U may see,
personal data masked as on screen, unmasked only for those allowed and then on the record;
no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from xinfang.accounts.models import Role, User
from xinfang.conftest import VALID_ID
from xinfang.events.models import Event, EventKind
from xinfang.petitions.drafts import PetitionerDraft
from xinfang.stats import excel, report


def export(tmp_path, **options) -> list[list[str]]:
    path = tmp_path / "out.csv"
    call_command("export", "petitions", output=str(path), stdout=io.StringIO(), **options)
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def cases(places, register):
    hecheng = register()
    zhongfang = register(region=places.zhongfang)
    return hecheng, zhongfang


def test_it_exports_only_what_the_user_may_see(cast, tmp_path, cases):
    hecheng, zhongfang = cases
    rows = export(tmp_path, user="carol")
    numbers = [row[1] for row in rows[1:]]
    assert numbers == [zhongfang.number]


def test_it_needs_a_user(tmp_path, cases):
    with pytest.raises(CommandError):
        export(tmp_path)


def test_personal_columns_are_masked_as_on_screen(cast, tmp_path, cases):
    rows = export(tmp_path, user="bob", personal=True)
    assert rows[1][-3:] == ["张建国", "431202********0019", "138****1234"]
    assert VALID_ID not in str(rows)


def test_unmasked_data_is_refused_to_a_handler(cast, tmp_path, cases):
    with pytest.raises(CommandError, match="无权"):
        export(tmp_path, user="bob", unmasked=True)
    assert not Event.objects.filter(kind=EventKind.PERSONAL_DATA_REVEALED).exists()


def test_an_unmasked_export_by_a_leader_is_on_the_record(places, tmp_path, cases):
    leader = User.objects.create_user(
        "lei", role=Role.LEADER, unit=places.hecheng_bureau, region=places.hecheng
    )
    rows = export(tmp_path, user="lei", unmasked=True)
    assert rows[1][-2:] == [VALID_ID, "'+8613807451234"]  # a leading + is quoted as text
    event = Event.objects.get(kind=EventKind.PERSONAL_DATA_REVEALED)
    assert event.actor == leader
    assert event.data["rows"] == 1


def test_a_formula_typed_as_a_name_is_written_as_text(cast, tmp_path, register):
    register(petitioners=[PetitionerDraft(name="=HYPERLINK(1)", id_number=VALID_ID, is_main=True)])
    rows = export(tmp_path, user="alice", personal=True)
    assert rows[1][-3] == "'=HYPERLINK(1)"


def test_the_ledger_writes_a_formula_title_as_text(cast, register):
    register(title='=HYPERLINK("http://x","点击")')
    built = report.monthly(cast.alice.region, 2026, 3)
    book = load_workbook(io.BytesIO(excel.report_workbook(cast.alice, built)))
    titles = [row[8] for row in book["台账"].iter_rows(min_row=3, values_only=True)]
    assert titles == ['\'=HYPERLINK("http://x","点击")']
