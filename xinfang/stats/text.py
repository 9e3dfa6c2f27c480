"""The report as a Chinese paragraph in the style bureaus write by hand.

Every number is computed; increases and decreases are worded by sign, one decimal.
"""

from __future__ import annotations

from xinfang.regions.models import Level, Region
from xinfang.stats import queries
from xinfang.stats.report import Report


def pct(value: float) -> str:
    """One decimal, without a trailing .0 only when the bureau would drop it: keep it simple."""
    return f"{abs(value):.1f}%"


def direction(now: float, before: float | None, *, zero_word: str = "") -> str:
    """'下降10.1%', '上升3.0%', '持平', or what to say when there is no base."""
    if before is None:
        return ""
    if before == 0:
        if now == 0:
            return "持平"
        return zero_word or "上年同期为零"
    delta = queries.change(now, before)
    if delta == 0:
        return "持平"
    return f"{'上升' if delta > 0 else '下降'}{pct(delta)}"


def pair_change(prefix: str, b_now, b_before, p_now, p_before) -> str:
    """'同比批次下降37.1%、人次下降41.3%' (or 持平 / 上年同期为零)."""
    b = direction(b_now, b_before)
    p = direction(p_now, p_before)
    if b == p and b in ("持平", "上年同期为零"):
        return f"{prefix}{b}"
    return f"{prefix}批次{b}、人次{p}"


def whole(region: Region) -> str:
    """全市 / 全县 / 全区 / 全省: how a bureau names its own area."""
    if region.level == Level.PROVINCE:
        return "全省"
    if region.level == Level.COUNTY:
        return (
            "全区"
            if region.name.endswith("区")
            else ("全市" if region.name.endswith("市") else "全县")
        )
    return "全市"


def paragraph(report: Report) -> str:
    now, last = report.now, report.last_year
    parts = []
    head = f"{report.period.label}，{whole(report.region)}信访总量为{now['total_batches']}批次{now['total_persons']}人次"
    if report.peaks.get("total_batches") and report.peaks.get("total_persons"):
        head += (
            f"，与{report.peak_since}年以来的信访高峰期比较"
            f"批次{direction(now['total_batches'], report.peaks['total_batches'][1])}、"
            f"人次{direction(now['total_persons'], report.peaks['total_persons'][1])}"
        )
    partial = report.last_year_partial

    def yoy(b_now, b_before, p_now, p_before) -> str:
        return "" if partial else "，" + pair_change("同比", b_now, b_before, p_now, p_before)

    def yoy_one(value, before) -> str:
        return "" if partial else f"，同比{direction(value, before)}"

    head += yoy(
        now["total_batches"], last["total_batches"], now["total_persons"], last["total_persons"]
    )
    if partial:
        since = report.data_since
        head += f"（系统数据自{since.year}年{since.month}月起，上年同期数据不完整，不作同比）"
    if report.previous is not None:
        prev = report.previous
        head += "，" + pair_change(
            "环比",
            now["total_batches"],
            prev["total_batches"],
            now["total_persons"],
            prev["total_persons"],
        )
    parts.append(head)
    for key, label in (
        ("national", "进京访"),
        ("province", "赴省访"),
        ("overlevel_city", "越级到市访"),
    ):
        b, p = now[f"{key}_batches"], now[f"{key}_persons"]
        text = f"{label}{b}批次{p}人次" + yoy(b, last[f"{key}_batches"], p, last[f"{key}_persons"])
        if key == "national":
            ab, ap = now["national_abnormal_batches"], now["national_abnormal_persons"]
            text += f"，其中非正常进京访{ab}批次{ap}人次" + yoy(
                ab, last["national_abnormal_batches"], ap, last["national_abnormal_persons"]
            )
        parts.append(text)
    sentence = "；".join(parts) + "。"
    letters = now["letter_items"]
    sentence += f"人民来信{letters}件次{yoy_one(letters, last['letter_items'])}"
    if report.peaks.get("letter_items"):
        sentence += f"，比{report.peak_since}年以来的高峰期{direction(letters, report.peaks['letter_items'][1])}"
    sentence += (
        f"；网上信访{now['online_items']}件次{yoy_one(now['online_items'], last['online_items'])}"
    )
    sentence += f"；来电{now['phone_items']}件次。"
    sentence += (
        f"初信初访{now['first_time']}件，重信重访{now['repeats']}件"
        + (
            f"，重信重访率{report.now['repeat_rate']:.1f}%"
            if now["repeat_rate"] is not None
            else ""
        )
        + "。"
    )
    sentence += _rates(report)
    sentence += _targets(report)
    return sentence.replace("同比上年同期为零", "上年同期为零").replace(
        "同比持平", "与上年同期持平"
    )


def _rates(report: Report) -> str:
    r = report.rates
    shown = [
        (queries.DEFINITIONS[key][0], r.get(key))
        for key in (
            "timely_accept_rate",
            "on_time_rate",
            "first_time_closed_rate",
            "participation_rate",
            "satisfaction_rate",
            "settled_rate",
        )
    ]
    shown = [f"{label}{value:.1f}%" for label, value in shown if value is not None]
    return ("；".join(shown) + "。") if shown else ""


def _targets(report: Report) -> str:
    ceilings = [
        t for t in report.targets if t.comparator == "le" and t.region_id == report.region.pk
    ]
    if not ceilings:
        return ""
    limits = "、".join(f"{t.label}不得超过{t.limit:g}{t.measure}" for t in ceilings)
    actual = "、".join(f"{t.actual:g}{t.measure}" for t in ceilings)
    text = f"{report.period.start.year}年下达的控制指标是{limits}；实际{'分别' if len(ceilings) > 1 else ''}发生{actual}"
    notes = []
    for t in ceilings:
        if t.actual <= t.limit:
            notes.append(f"{t.label}节省指标{t.margin_pct:.1f}%")
        else:
            notes.append(f"{t.label}超出指标{-t.margin_pct:.1f}%")
    return text + "，" + "，".join(notes) + "。"
