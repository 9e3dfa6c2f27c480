"""The one state machine of a village project (挂点项目). Every status change goes through
`advance`; each edge is (move, from-status) → to-status."""

from __future__ import annotations

import datetime as dt

from django.db import models

from xinfang.lib.errors import DomainError
from xinfang.projects.models import Project
from xinfang.projects.models import ProjectStatus as S


class Move(models.TextChoices):
    START = "start", "开工"
    PAUSE = "pause", "暂停施工"
    RESUME = "resume", "恢复施工"
    FINISH = "finish", "完工"


EDGES: dict[tuple[str, str], str] = {
    # Work begins: by hand, or with the first progress entry that finishes something.
    (Move.START, S.PLANNED): S.UNDER_WAY,
    # Work stops (residents block the site, funds, the rainy season) and starts again.
    (Move.PAUSE, S.UNDER_WAY): S.PAUSED,
    (Move.RESUME, S.PAUSED): S.UNDER_WAY,
    # All the planned quantity is done: by the progress entry that reaches it.
    (Move.FINISH, S.UNDER_WAY): S.DONE,
    (Move.FINISH, S.PLANNED): S.DONE,
}
# The moves a user makes by hand on the project page (完工 follows the quantities).
BY_HAND = (Move.START, Move.PAUSE, Move.RESUME)


def allowed(project: Project) -> list[Move]:
    return [move for move in BY_HAND if (move, project.status) in EDGES]


def advance(project: Project, move: Move, on: dt.date) -> str:
    """Set the status `move` leads to, with its date; the caller saves. An illegal edge
    raises a DomainError in words."""
    target = EDGES.get((move, project.status))
    if target is None:
        raise DomainError(
            f"状态为“{project.get_status_display()}”的项目不能“{Move(move).label}”",
            field="status",
        )
    if move == Move.START or (move == Move.FINISH and project.started_on is None):
        project.started_on = on
    if move == Move.FINISH:
        project.finished_on = on
    project.status = target
    return target
