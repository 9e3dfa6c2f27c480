"""`xinfang due-date START AMOUNT [--unit day|workday]`: prints the deadline for an operator."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("due-date", *args, stdout=out)
    return out.getvalue()


def test_it_prints_just_the_iso_date():
    assert run("2025-01-24", "15") == "2025-02-08\n"


def test_it_counts_working_days_when_asked():
    assert run("2025-09-26", "5", "--unit", "workday") == "2025-10-10\n"


def test_it_explains_a_provisional_date_on_a_second_line():
    lines = run("2026-12-31", "15").splitlines()
    assert lines[0] == "2027-01-15"
    assert lines[1].startswith("(provisional: 2027年的节假日安排尚未录入")
    assert len(lines) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (("2026-02-30", "15"), "起算日“2026-02-30”不是有效日期"),
        (("yesterday", "15"), "起算日“yesterday”不是有效日期"),
        (("2026-03-10", "fifteen"), "期限“fifteen”应为非负整数"),
        (("2026-03-10", "-5"), "期限“-5”应为非负整数"),
        (("2026-03-10", "5", "--unit", "week"), "invalid choice: 'week'"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
