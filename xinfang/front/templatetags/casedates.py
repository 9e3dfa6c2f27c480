"""Template filters for dates on case lists."""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def days_left(due: dt.date | None, today: dt.date) -> str:
    """“剩余3天”, “今天到期” or “超期5天” (calendar days, as the list's 最近期限 shows)."""
    if not due or not today:
        return ""
    days = (due - today).days
    if days > 0:
        return f"剩余{days}天"
    return "今天到期" if days == 0 else f"超期{-days}天"
