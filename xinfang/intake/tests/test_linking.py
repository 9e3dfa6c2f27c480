"""Repeats among a ledger's own rows, found while the rows are prepared (`LedgerLinks`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from xinfang.insight import fingerprint, repeats
from xinfang.insight.fingerprint import Person, Probe
from xinfang.intake import linking
from xinfang.intake.linking import LedgerLinks

LIFT = "第5号楼电梯停运三个月，物业公司一直不修，老人上下楼非常困难，请求督促尽快维修"
LIFT_AGAIN = "5号楼的电梯已经停运三个月了，物业公司一直不修，老人上下楼非常困难，再次请求维修"
WAGES = "工地老板拖欠我们二十多名工人去年的工资共计三十万元，多次讨要无果，请求帮助追讨"


@dataclass
class Line:
    """A prepared ledger row, as much of it as linking reads."""

    number: int
    received_on: dt.date
    probe: Probe
    kinds: dict[int, int]
    repeats: tuple[int, float] | None = None


def line(number: int, day: int, text: str, name: str = "", phone: str = "") -> Line:
    probe = Probe(text, text, "431202", [Person(name, "", phone, "")])
    kinds = {key: int(kind) for key, kind in fingerprint.keys(probe).items()}
    return Line(number, dt.date(2024, 3, day), probe, kinds)


def test_a_follow_up_by_the_same_writer_names_the_first_row():
    rows = [line(2, 1, LIFT, "张建国", "13807451234"), line(3, 9, LIFT_AGAIN, "张建国")]
    LedgerLinks().link(rows)
    assert rows[0].repeats is None
    number, score = rows[1].repeats
    assert number == 2 and score >= repeats.LIKELY


def test_rows_of_earlier_chunks_are_found_as_rows_of_the_same_chunk():
    links = LedgerLinks()
    first, later = [line(2, 1, LIFT, "张建国")], [line(3, 2, WAGES, "李梅")]
    links.link(first)
    links.link(later + [again := line(4, 9, LIFT_AGAIN, "张建国")])
    assert again.repeats[0] == 2 and later[0].repeats is None


def test_the_same_words_from_a_stranger_are_not_a_repeat():
    rows = [line(2, 1, LIFT, "张建国"), line(3, 9, LIFT, "李梅")]
    LedgerLinks().link(rows)
    assert rows[1].repeats is None


def test_a_row_dated_later_is_not_what_an_earlier_day_repeats():
    """History is matched by day: a row further up the file but received later is not the
    first letter of one received before it."""
    rows = [line(2, 20, LIFT, "张建国"), line(3, 9, LIFT_AGAIN, "张建国")]
    LedgerLinks().link(rows)
    assert rows[1].repeats is None


def test_of_two_earlier_letters_the_closer_text_wins():
    rows = [
        line(2, 1, WAGES, "张建国"),
        line(3, 2, LIFT, "张建国"),
        line(4, 9, LIFT_AGAIN, "张建国"),
    ]
    LedgerLinks().link(rows)
    assert rows[2].repeats[0] == 3


def _linked_in_three_chunks() -> tuple[LedgerLinks, list[Line]]:
    links = LedgerLinks()
    chunks = [
        [line(2, 1, LIFT, "张建国"), line(3, 2, LIFT_AGAIN, "张建国")],
        [line(4, 3, WAGES, "李梅"), line(5, 4, WAGES + "，至今没有结果", "李梅")],
        [line(6, 9, LIFT + "，已经反映过多次", "张建国")],
    ]
    for chunk in chunks:
        links.link(chunk)
    return links, [row for chunk in chunks for row in chunk]


def test_runs_let_go_of_are_made_again_when_compared(monkeypatch):
    """Only the most recently compared rows keep their runs; the rows compared after theirs
    were dropped score as if they had been kept."""
    _, kept = _linked_in_three_chunks()
    monkeypatch.setattr(linking, "RECENT", 1)
    links, let_go = _linked_in_three_chunks()
    assert [r.repeats for r in let_go] == [r.repeats for r in kept]
    assert let_go[-1].repeats is not None
    assert links.rows[3].codes is not None and links.rows[4].codes is None


def test_a_key_shared_by_many_rows_reads_only_its_newest(monkeypatch):
    """The per-key cap of the database's index holds for the ledger's rows too: a common
    name's hundred-and-first posting is not read."""
    monkeypatch.setattr(linking.postings.index, "PER_KEY", 3)
    links = LedgerLinks()
    links.link([line(n, 1, f"第{n}号楼屋顶漏水，请求维修", "王伟") for n in range(2, 8)])
    (name_key,) = [k for k, kind in line(9, 1, "", "王伟").kinds.items() if kind == 3]
    rows, begin, end = links.postings.newest(np.array([name_key]))
    assert rows[begin[0] : end[0]].tolist() == [7, 6, 5]
