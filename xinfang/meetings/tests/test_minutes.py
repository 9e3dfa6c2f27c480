"""The minutes (会议纪要) as docx, opened and read back."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from xinfang.meetings.minutes import minutes

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


def _text(body: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(body)) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def test_the_minutes_hold_the_meeting_its_matters_and_decisions(people, decision, matter):
    body = _text(minutes(people.carol, decision.meeting, TODAY))
    for words in ("中方县信访联席会议纪要", "县信访局三楼会议室", "县委常委、政法委书记 王建华",
                  "中方县移民开发局", matter.number, "县移民开发局牵头，会同铜湾镇入户宣传政策，恢复施工",
                  "2026-03-09（5个工作日）", "待落实（超期1个工作日）"):  # fmt: skip
        assert words in body


def test_the_minutes_leave_out_matters_the_reader_may_not_see(people, decision, matter):
    body = _text(minutes(people.dave, decision.meeting, TODAY))
    assert matter.number not in body
    assert "恢复施工" not in body


def test_the_minutes_download_as_word(client, people, decision):
    client.force_login(people.carol)
    response = client.get(f"/meetings/{decision.meeting_id}/minutes.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "中方县信访联席会议纪要" in _text(response.content)
