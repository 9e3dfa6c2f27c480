"""The demo's briefs: the city's 《接访信息》 for each of the last three whole months before
the cutoff, published, and a 《呈阅件》 draft for the cutoff's month. Written through the
briefs actions by the city registrar."""

from __future__ import annotations

import datetime as dt

from xinfang.accounts.models import User
from xinfang.briefs import actions
from xinfang.briefs.models import Brief, BriefKind


def build_briefs(cutoff: dt.datetime) -> int:
    """Returns how many briefs were written (none when the demo already has some)."""
    writer = User.objects.filter(username="city-registrar").first()
    if writer is None or Brief.objects.exists():
        return 0
    day = cutoff.date().replace(day=1)
    months = []
    for _ in range(3):
        day = (day - dt.timedelta(days=1)).replace(day=1)
        months.append((day.year, day.month))
    written = 0
    for year, month in reversed(months):
        at = cutoff - dt.timedelta(days=3 * (len(months) - written))
        brief = actions.draft(writer, kind=BriefKind.RECEPTION_INFO, year=year, month=month, at=at)
        actions.publish(writer, brief, at=at)
        written += 1
    start = cutoff.date()
    actions.draft(writer, kind=BriefKind.FOR_READING, year=start.year, month=start.month, at=cutoff)
    return written + 1
