"""领导工作台: a leader lands on their own workbench, with their cases, clocks, last activity,
instructions waiting and their figures for the year."""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang.casework import actions
from xinfang.lib import timesource


@pytest.fixture
def owned(cast, leaders, forwarded, places):
    actions.own_matter(
        cast.hugo, forwarded.matter, leader=leaders.hugo, unit=places.housing, target_workdays=20
    )
    actions.write_instruction(
        cast.hugo, forwarded.matter, text="请住建局拿出维修方案。", answer_by=dt.date(2026, 3, 13)
    )
    return forwarded


def test_a_leader_lands_on_the_workbench(client, cast, owned):
    client.force_login(cast.hugo)
    page = client.get("/").content.decode()
    assert "领导工作台" in page and "Hugo · 区长 · 鹤城区" in page


def test_the_workbench_lists_the_owned_case_with_its_clock(client, cast, owned):
    client.force_login(cast.hugo)
    page = client.get("/casework/").content.decode()
    assert owned.matter.number in page
    assert "2026-04-08" in page and "剩余20个工作日" in page


def test_the_workbench_shows_the_last_activity(client, cast, owned):
    client.force_login(cast.hugo)
    page = client.get("/casework/").content.decode()
    assert "Hugo（区长）批示：请住建局拿出维修方案。" in page


def test_the_workbench_lists_instructions_waiting_for_answers(client, cast, owned):
    client.force_login(cast.hugo)
    waiting = client.get("/casework/").context["waiting"]
    assert [i.text for i in waiting] == ["请住建局拿出维修方案。"]


def test_an_answered_instruction_leaves_the_waiting_list(client, cast, owned):
    written = actions.write_instruction(
        cast.hugo, owned.matter, text="再请回复。", answer_by=dt.date(2026, 3, 20)
    )
    actions.answer_instruction(cast.dave, written, text="已回复领导。")
    client.force_login(cast.hugo)
    waiting = client.get("/casework/").context["waiting"]
    assert [i.text for i in waiting] == ["请住建局拿出维修方案。"]


def test_the_workbench_shows_the_years_own_figures(client, cast, owned):
    client.force_login(cast.hugo)
    counts = client.get("/casework/").context["counts"]
    assert (counts.owned, counts.settled, counts.on_time, counts.instructions) == (1, 0, 0, 1)


def test_a_late_owned_case_counts_its_late_working_days(
    client, cast, leaders, hecheng_case, places
):
    actions.own_matter(
        cast.hugo, hecheng_case.matter, leader=leaders.hugo, unit=places.housing, target_workdays=1
    )
    client.force_login(cast.hugo)
    with timesource.freeze(dt.datetime(2026, 3, 16, 9, 0, tzinfo=timesource.SHANGHAI)):
        page = client.get("/casework/").content.decode()
    assert "已超期3个工作日" in page  # due 03-11; late on 03-12, 03-13 and 03-16


def test_someone_who_is_not_a_leader_has_no_workbench(client, cast, leaders):
    client.force_login(cast.alice)
    assert client.get("/casework/").status_code == 404


def test_a_registrar_still_lands_on_the_registrars_home(client, cast, leaders):
    client.force_login(cast.alice)
    assert "期限预警" in client.get("/").content.decode()
