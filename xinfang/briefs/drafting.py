"""A brief's first draft, written from the data: the month's figures in the report's words,
the hot issues, and notable cases with the petitioners' particulars left out."""

from __future__ import annotations

from xinfang.hotspots.queries import hot_issues
from xinfang.petitions.models import Matter, Priority
from xinfang.petitions.queries import visible_petitions
from xinfang.petitions.redaction import particulars_of, redact
from xinfang.stats import report, text

NOTABLE = 3
HOT = 3


def draft_text(user, region, year: int, month: int) -> str:
    built = report.monthly(region, year, month)
    parts = ["一、总体情况", text.paragraph(built), "", "二、热点问题"]
    issues = hot_issues(user, region=region, limit=HOT)
    if issues:
        for n, issue in enumerate(issues, start=1):
            parts.append(
                f"{n}. {issue.title}（{issue.figures.batches}批次{issue.figures.persons}人次）"
            )
    else:
        parts.append("本期无突出热点问题。")
    parts += ["", "三、值得关注的信访事项"]
    notable = _notable(user, region, year, month)
    parts += notable or ["本期无重大紧急事项。"]
    parts += ["", "四、工作建议", "（请填写）"]
    return "\n".join(parts)


def _notable(user, region, year: int, month: int) -> list[str]:
    """Priority matters first received in the month that `user` may see (no 检举控告), their
    titles with the petitioners' particulars and anything shaped like them replaced."""
    seen = visible_petitions(user).filter(is_accusation=False).values("matter_id")
    matters = (
        Matter.objects.filter(
            pk__in=seen, region__path__startswith=region.path, is_accusation=False,
            opened_on__year=year, opened_on__month=month, priority__gte=Priority.HIGH,
        )
        .order_by("-priority", "-petition_count", "pk")[:NOTABLE]
    )  # fmt: skip
    lines = []
    for n, matter in enumerate(matters, start=1):
        first = matter.petitions.order_by("received_on", "pk").first()
        title = redact(matter.title, particulars_of(first) if first else ())
        lines.append(f"{n}. {matter.region.name}：{title}（{matter.petition_count}件次）")
    return lines
