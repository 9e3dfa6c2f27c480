"""The casework report on the statistics pages: the paragraph, its counting rules, the
figures, and the same as Excel and docx; for the user's scope (stats.queries.access_scope)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from xinfang.leadership import files, report
from xinfang.lib import params as strict
from xinfang.lib import timesource
from xinfang.lib.routers import reading_reports
from xinfang.stats import queries as stats


def _asked(request):
    region = stats.access_scope(request.user, strict.object_id(request.GET.get("region"), "区划"))
    today = timesource.today()
    year = strict.year(request.GET.get("year"), today=today) or today.year
    return region, year


@login_required
@reading_reports()
def report_page(request):
    region, year = _asked(request)
    figures = report.figures(region, year)
    return render(
        request,
        "leadership/report.html",
        {
            "region": region, "year": year, "figures": figures,
            "paragraph": report.paragraph(figures), "rules": report.RULES,
            "scope_choices": stats.scope_choices(request.user),
            "years": list(range(timesource.today().year, timesource.today().year - 8, -1)),
            "query": request.GET.urlencode(),
        },
    )  # fmt: skip


@login_required
@reading_reports()
def report_file(request, fmt: str):
    if fmt not in ("xlsx", "docx"):
        raise Http404("不支持的格式")
    region, year = _asked(request)
    figures = report.figures(region, year)
    if fmt == "xlsx":
        body, kind = files.workbook(region, figures), files.XLSX_TYPE
    else:
        body, kind = files.brief(region, figures), files.DOCX_TYPE
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="casework-{region.code}-{year}.{fmt}"'
    return response
