"""The figures of an annual or monthly report, gathered once for every writer (text, json, xlsx, docx)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xinfang.petitions.models import Channel
from xinfang.regions.models import Region
from xinfang.stats import queries
from xinfang.stats.queries import Period, Volumes

PAIRS = (
    ("total", "信访总量"),
    ("national", "进京访"),
    ("national_abnormal", "非正常进京访"),
    ("province", "赴省访"),
    ("overlevel_city", "越级到市访"),
)


@dataclass
class Report:
    kind: str  # "annual" or "monthly"
    region: Region
    period: Period
    now: Volumes
    last_year: Volumes
    previous: Volumes | None = None  # the month before (monthly reports)
    peak_since: int | None = None
    peaks: dict[str, tuple[int, float]] = field(default_factory=dict)
    rates: dict = field(default_factory=dict)
    targets: list = field(default_factory=list)
    by_region: list = field(default_factory=list)
    by_class: list = field(default_factory=list)
    by_month: list = field(default_factory=list)
    # Whether the figures count the 纪检监察 class (queries.sees_confidential of the reader).
    confidential: bool = False
    # The screen's filters (`channel`, `top_class_id`), with their names for the title.
    filters: dict = field(default_factory=dict)
    filter_names: tuple[str, ...] = ()
    # The first month the counts hold (queries.data_since): is last year's period partial?
    data_since: dt.date | None = None

    @property
    def last_year_partial(self) -> bool:
        return queries.partial(self.period.shifted_years(1), self.data_since)

    @property
    def title(self) -> str:
        what = "年度" if self.kind == "annual" else "月度"
        only = f"（{'，'.join(self.filter_names)}）" if self.filter_names else ""
        return f"{self.region.name}{self.period.label}信访工作{what}统计报告{only}"

    @property
    def rates_note(self) -> str:
        """Why a filtered report has no rates: they are kept per matter, not per class."""
        if not self.filters:
            return ""
        return "按信访形式或内容分类筛选时，不计算办结率、满意率等比率指标和目标进度（比率按全部事项统计）"

    def figures(self) -> dict:
        """Every figure with its definition and changes, for JSON."""
        out = {}
        for key, value in sorted(self.now.figures.items()):
            label, unit, definition = queries.DEFINITIONS.get(key, (key, "", ""))
            item = {"label": label, "unit": unit, "definition": definition, "value": value}
            if isinstance(value, int | float) and unit != "%":
                item["last_year"] = self.last_year[key]
                # Against a partial year a change means nothing: none is given.
                partial = self.last_year_partial
                item["yoy_pct"] = None if partial else queries.change(value, self.last_year[key])
                item["last_year_partial"] = partial
                if self.previous is not None:
                    item["previous_month"] = self.previous[key]
                    item["mom_pct"] = queries.change(value, self.previous[key])
                if key in self.peaks:
                    year, top = self.peaks[key]
                    item["peak"] = {
                        "year": year,
                        "value": top,
                        "change_pct": queries.change(value, top),
                    }
                if key.endswith("persons"):
                    item["per_10k"] = queries.per_10k(value, self.region)
            out[key] = item
        for key, value in self.rates.items():
            label, unit, definition = queries.DEFINITIONS.get(key, (key, "", ""))
            out[key] = {"label": label, "unit": unit, "definition": definition, "value": value}
        return out


def screen_filters(channel: str | None = None, top_class=None) -> tuple[dict, tuple[str, ...]]:
    """The statistics screen's filters as the queries take them, and their names."""
    filters, names = {}, []
    if channel:
        filters["channel"] = channel
        names.append(Channel(channel).label)
    if top_class is not None:
        filters["top_class_id"] = top_class.pk
        names.append(f"{top_class.name}类")
    return filters, tuple(names)


def annual(
    region: Region,
    year: int,
    *,
    peak_since: int | None = None,
    confidential: bool = False,
    channel: str | None = None,
    top_class=None,
) -> Report:
    period = Period.year(year)
    filters, names = screen_filters(channel, top_class)
    # Every year the report compares is read once, in one query: this year, last year
    # (同比) and the years since `peak_since` (the peak).
    first = year - 1 if peak_since is None else min(peak_since, year - 1)
    years = queries.yearly_totals(region, first, year, confidential=confidential, **filters)
    report = Report(
        kind="annual",
        region=region,
        period=period,
        now=years[year],
        last_year=years[year - 1],
        peak_since=peak_since,
        confidential=confidential,
        filters=filters,
        filter_names=names,
        data_since=queries.data_since(),
    )
    if peak_since is not None and peak_since < year:
        history = {y: v for y, v in years.items() if peak_since <= y < year}
        for key in (
            "total_batches",
            "total_persons",
            "letter_items",
            "visit_batches",
            "visit_persons",
        ):
            found = queries.peak(history, key)
            if found and found[1] > 0:
                report.peaks[key] = found
    _details(report)
    return report


def monthly(
    region: Region,
    year: int,
    month: int,
    *,
    confidential: bool = False,
    channel: str | None = None,
    top_class=None,
) -> Report:
    period = Period.month(year, month)
    filters, names = screen_filters(channel, top_class)
    c = {"confidential": confidential, **filters}
    report = Report(
        kind="monthly",
        region=region,
        period=period,
        now=queries.volumes(region, period, **c),
        last_year=queries.volumes(region, period.shifted_years(1), **c),
        previous=queries.volumes(region, period.previous_month(), **c),
        confidential=confidential,
        filters=filters,
        filter_names=names,
        data_since=queries.data_since(),
    )
    _details(report)
    return report


def _details(report: Report) -> None:
    from xinfang.stats.targets import progress

    c = {"confidential": report.confidential, **report.filters}
    report.by_region = queries.breakdown(report.region, report.period, "region", **c)
    report.by_class = queries.breakdown(report.region, report.period, "class", **c)
    report.by_month = queries.breakdown(report.region, report.period, "month", **c)
    if report.filters:
        return  # rates and targets are for all matters: see Report.rates_note
    report.rates = queries.rates(report.region, report.period)
    # A year's targets are measured on the figures of the year just read.
    whole_year = {"volumes": report.now, "rates": report.rates} if report.kind == "annual" else {}
    report.targets = progress(
        report.region, report.period.start.year, upto=report.period.end, **whole_year
    )


def parse_month(text: str) -> tuple[int, int]:
    day = dt.datetime.strptime(text, "%Y-%m").date()
    return day.year, day.month


def as_data(report: Report) -> dict:
    """The report as plain data (the JSON of `xinfang report --format json` and the API):
    the paragraph, every figure with its definition and changes, the tables and targets."""
    from xinfang.stats import text  # text builds on this module

    place = report.region
    return {
        "title": report.title,
        "region": {"code": place.code, "name": place.name, "population": place.population},
        "period": {"start": report.period.start, "end": report.period.end},
        "peak_since": report.peak_since,
        "text": text.paragraph(report),
        "figures": report.figures(),
        "by_region": report.by_region,
        "by_class": report.by_class,
        "targets": [
            {
                "indicator": t.target.indicator,
                "label": t.label,
                "comparator": t.comparator,
                "limit": t.limit,
                "actual": t.actual,
                "margin_pct": t.margin_pct,
                "status": t.status,
            }
            for t in report.targets
        ],
    }
