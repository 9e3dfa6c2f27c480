"""The statistics dashboard and the downloadable tables, limited to the user's region scope."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

from xinfang.classes.models import ContentClass
from xinfang.lib import params as strict
from xinfang.lib import timesource
from xinfang.lib.routers import reading_reports
from xinfang.petitions.models import Channel
from xinfang.stats import excel, queries, report, text
from xinfang.stats.queries import DEFINITIONS, Period
from xinfang.stats.targets import progress

CARDS = (
    "total_batches", "total_persons", "visit_batches", "letter_items", "online_items",
    "national_persons", "national_abnormal_persons", "province_persons", "overlevel_city_persons",
    "collective_batches", "first_time", "repeats",
)  # fmt: skip
CARD_FILTERS = {
    "visit_batches": {"channel": ""},  # both kinds of visit: no single channel filter
    "letter_items": {"channel": Channel.LETTER},
    "online_items": {"channel": Channel.ONLINE},
    "collective_batches": {"channel": Channel.COLLECTIVE_VISIT},
    "national_abnormal_persons": {"flags": "is_abnormal"},
    "overlevel_city_persons": {"flags": "is_overlevel"},
    "first_time": {"repeat": "first"},
    "repeats": {"repeat": "repeat"},
}
RATE_KEYS = (
    "timely_accept_rate", "on_time_rate", "first_time_closed_rate", "participation_rate",
    "satisfaction_rate", "settled_rate", "resolution_rate", "avg_handling_days",
)  # fmt: skip


def _period(request, today) -> tuple[int, int | None]:
    """The year and month asked for (400 for one that cannot be meant)."""
    return strict.year(request.GET.get("year"), today=today) or today.year, strict.month(
        request.GET.get("month")
    )


def petitions_url(period: Period, region_id: int, **params) -> str:
    """A link to the case list showing the petitions behind a figure."""
    query = {
        "region": region_id,
        "received_from": period.start.isoformat(),
        "received_to": period.end.isoformat(),
        **{k: v for k, v in params.items() if v not in (None, "")},
    }
    return reverse("petitions:list") + "?" + urlencode(query)


def _screen_filters(request, hidden) -> tuple[str, ContentClass | None]:
    """The dashboard's 信访形式 and top 内容分类 filters (a class kept from the reader
    counts as none), read the same way for the screen and its files."""
    channel = request.GET.get("channel", "")
    top = (
        ContentClass.objects.filter(
            pk=strict.object_id(request.GET.get("content_class"), "内容分类"), parent=None
        )
        .exclude(pk__in=hidden)
        .first()
    )
    return (channel if channel in Channel.values else ""), top


@login_required
@reading_reports()
def dashboard(request):
    if not queries.may_view_statistics(request.user):
        return render(request, "stats/not_allowed.html", status=403)
    region = queries.access_scope(request.user, strict.object_id(request.GET.get("region"), "区划"))
    today = timesource.today()
    year, month = _period(request, today)
    period = Period.month(year, month) if month else Period.year(year)
    filters, link = {}, {}
    confidential = queries.sees_confidential(request.user)
    hidden = [] if confidential else queries.confidential_class_ids()
    channel, top = _screen_filters(request, hidden)
    if channel:
        filters["channel"] = link["channel"] = channel
    if top:
        filters["top_class_id"] = link["content_class"] = top.pk
    filters["confidential"] = confidential
    now = queries.volumes(region, period, **filters)
    last = queries.volumes(region, period.shifted_years(1), **filters)
    since = queries.data_since()
    partial = queries.partial(period.shifted_years(1), since)
    cards = []
    for key in CARDS:
        label, unit, definition = DEFINITIONS[key]
        params = {**link, **CARD_FILTERS.get(key, {})}
        cards.append({
            "key": key, "label": label, "unit": unit, "definition": definition, "value": now[key],
            "yoy": (
                f"上年同期数据不完整（自{since.year}年{since.month}月起），不作同比" if partial
                else "同比" + (text.direction(now[key], last[key]) or "—")
            ),
            "url": petitions_url(period, region.pk, **params),
        })  # fmt: skip
    by_region = queries.breakdown(region, period, "region", **filters)
    for row in by_region:
        row["url"] = petitions_url(period, row["key"], **link)
    by_class = queries.breakdown(region, period, "class", **filters)
    for row in by_class:
        row["url"] = petitions_url(period, region.pk, **{**link, "content_class": row["key"]})
    trend_now = queries.breakdown(region, Period.year(year), "month", **filters)
    trend_last = queries.breakdown(region, Period.year(year - 1), "month", **filters)
    months = {r["key"].month: r["persons"] for r in trend_now}
    months_last = {r["key"].month: r["persons"] for r in trend_last}
    trend = [
        {
            "label": f"{m}月", "persons": months.get(m, 0), "last": months_last.get(m, 0),
            "url": petitions_url(Period.month(year, m), region.pk, **link),
        }
        for m in range(1, 13)
    ]  # fmt: skip
    rates, ranking = queries.rates_with_ranking(region, period)
    rate_rows = [
        {"key": k, "label": DEFINITIONS[k][0], "unit": DEFINITIONS[k][1], "definition": DEFINITIONS[k][2], "value": rates[k]}
        for k in RATE_KEYS
    ]  # fmt: skip
    for row in ranking:
        row["url"] = petitions_url(period, row["key"])
    charts = {
        "map": county_map(region),
        "regions": sorted(by_region, key=lambda r: -r["persons"]),
        "classes": by_class,
        "trend": trend,
        "year": year,
    }
    context = {
        "region": region,
        "scope_choices": queries.scope_choices(request.user),
        "period": period,
        "year": year,
        "month": month,
        "years": list(range(today.year, today.year - 8, -1)),
        "months": range(1, 13),
        "channel": channel,
        "channels": Channel.choices,
        "content_class": top.pk if top else None,
        "top_classes": ContentClass.objects.filter(parent=None)
        .exclude(pk__in=hidden)
        .order_by("sort", "code"),
        "cards": cards,
        "rates": rate_rows,
        "ranking": ranking,
        # A whole year's rates are the year-to-date ones (deadlines count once passed).
        "targets": progress(region, year, rates=rates if period == Period.year(year) else None),
        "overdue": queries.overdue_matters(region),
        "charts": charts,
        "query": request.GET.urlencode(),
        # The counts include accusations the case list keeps from this reader (第30条).
        "list_may_show_fewer": not request.user.may_handle_accusations,
    }
    return render(request, "stats/dashboard.html", context)


def county_map(region) -> str | None:
    """The URL of the region's county outlines (built from npm by scripts/build_static.py)."""
    path = f"vendor/maps/{region.code}.json"
    return static(path) if finders.find(path) else None


@login_required
@reading_reports()
def export_statistics(request, fmt: str):
    """The statistics table (and for a month the 台账) as xlsx or csv, for the user's scope."""
    if fmt not in ("xlsx", "csv"):
        raise Http404("不支持的格式")
    region = queries.access_scope(request.user, strict.object_id(request.GET.get("region"), "区划"))
    confidential = queries.sees_confidential(request.user)
    hidden = [] if confidential else queries.confidential_class_ids()
    channel, top = _screen_filters(request, hidden)
    year, month = _period(request, timesource.today())
    only = {"confidential": confidential, "channel": channel or None, "top_class": top}
    if month:
        built = report.monthly(region, year, month, **only)
    else:
        built = report.annual(region, year, **only)
    name = f"{region.code}-{year}{f'-{month:02d}' if month else ''}"
    if fmt == "csv":
        response = HttpResponse(excel.statistics_csv(built), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            excel.report_workbook(request.user, built), content_type=excel.XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="xinfang-{name}.{fmt}"'
    return response
