"""REST API: the annual and monthly reports as JSON, CSV or Excel, within the caller's scope.

The same figures as `/stats/` and `xinfang report`; who may read them and for which region is
`stats.queries.access_scope` (a region outside the caller's scope is a 404). Each endpoint reads
inside `reading_reports()` (a read replica, when configured); a `with` block, not a decorator,
because ninja reads the endpoint's own annotations.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema

from xinfang.api import schemas as s
from xinfang.leadership import report as leadership
from xinfang.lib.errors import Invalid
from xinfang.lib.routers import reading_reports
from xinfang.regions.models import Region
from xinfang.regions.queries import region_by_code
from xinfang.stats import excel, queries, report

router = Router(tags=["statistics"])
ERRORS = {400: s.ErrorOut, 401: s.ErrorOut, 404: s.ErrorOut, 422: s.ErrorOut}
MONTH = r"^(199\d|20\d\d)-(0[1-9]|1[0-2])$"  # 1990-01 to 2099-12


class AnnualQuery(Schema):
    year: int = Field(ge=1990, le=2100)
    region: str = Field("", description="区划代码 (6 digits); default: the caller's whole scope")
    peak_since: int | None = Field(None, ge=1990, le=2100, description="信访高峰期比较的起始年")


class MonthlyQuery(Schema):
    month: str = Field(pattern=MONTH, description="YYYY-MM")
    region: str = Field("", description="区划代码 (6 digits); default: the caller's whole scope")


def _file(media_type: str, what: str) -> dict:
    return {"responses": {200: {"description": what, "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}}  # fmt: skip  # noqa: E501


def _scope(user, code: str) -> Region:
    if not code:
        return queries.access_scope(user)
    region = region_by_code(code)
    if region is None:
        raise Http404("没有找到该区划")
    return queries.access_scope(user, region.pk)


def _annual(request, q: AnnualQuery) -> report.Report:
    if q.peak_since is not None and q.peak_since > q.year:
        raise Invalid({"peak_since": ["高峰期比较的起始年不能晚于报告年度"]})
    return report.annual(
        _scope(request.auth, q.region), q.year, peak_since=q.peak_since,
        confidential=queries.sees_confidential(request.auth),
    )  # fmt: skip


def _monthly(request, q: MonthlyQuery) -> report.Report:
    year, month = report.parse_month(q.month)
    return report.monthly(
        _scope(request.auth, q.region), year, month,
        confidential=queries.sees_confidential(request.auth),
    )  # fmt: skip


def _csv(built: report.Report) -> HttpResponse:
    response = HttpResponse(excel.statistics_csv(built), content_type="text/csv; charset=utf-8")
    return _attachment(response, built, "csv")


def _xlsx(request, built: report.Report) -> HttpResponse:
    response = HttpResponse(
        excel.report_workbook(request.auth, built), content_type=excel.XLSX_TYPE
    )
    return _attachment(response, built, "xlsx")


def _attachment(response: HttpResponse, built: report.Report, ext: str) -> HttpResponse:
    name = f"xinfang-{built.region.code}-{built.period.start:%Y%m}-{built.period.end:%Y%m}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/annual", response={200: s.ReportOut, **ERRORS})
def annual(request, q: Query[AnnualQuery]):
    """年度统计: the figures, their definitions, 同比 and the peak-year comparison, the paragraph."""
    with reading_reports():
        return report.as_data(_annual(request, q))


@router.get("/annual.csv", response=ERRORS, openapi_extra=_file("text/csv", "年度统计表 (CSV)"))
def annual_csv(request, q: Query[AnnualQuery]):
    with reading_reports():
        return _csv(_annual(request, q))


@router.get("/annual.xlsx", response=ERRORS, openapi_extra=_file(excel.XLSX_TYPE, "年度统计表"))
def annual_xlsx(request, q: Query[AnnualQuery]):
    with reading_reports():
        return _xlsx(request, _annual(request, q))


@router.get("/monthly", response={200: s.ReportOut, **ERRORS})
def monthly(request, q: Query[MonthlyQuery]):
    """月度统计: the same figures for a month, with 环比."""
    with reading_reports():
        return report.as_data(_monthly(request, q))


@router.get("/monthly.csv", response=ERRORS, openapi_extra=_file("text/csv", "月度统计表 (CSV)"))
def monthly_csv(request, q: Query[MonthlyQuery]):
    with reading_reports():
        return _csv(_monthly(request, q))


@router.get("/monthly.xlsx", response=ERRORS, openapi_extra=_file(excel.XLSX_TYPE, "月报表和台账"))
def monthly_xlsx(request, q: Query[MonthlyQuery]):
    with reading_reports():
        return _xlsx(request, _monthly(request, q))


class CaseworkQuery(Schema):
    year: int = Field(ge=1990, le=2100)
    region: str = Field("", description="区划代码 (6 digits); default: the caller's whole scope")


class CaseworkOut(Schema):
    year: int
    region_name: str
    leaders: int = Field(description="有接访记录的领导人数")
    sitting_days: int = Field(description="坐班接访天次（开门接访、轮流坐班接访，领导+日期去重）")
    visiting_days: int = Field(description="下访天次（下访、处访，领导+日期去重）")
    appointment_persons: int = Field(description="约访人次")
    received_persons: int = Field(description="接待人次")
    cases: int = Field(description="包案件数（包案日期在本年度）")
    on_time: int = Field(description="如期办结件数")
    backlog: int = Field(description="积案件数")
    resolved: int = Field(description="已化解积案件数")
    remaining: int
    resolution_rate: str | None = Field(description="化解率（%，四舍五入一位小数）")
    aid_people: int
    aid_yuan: str
    aid_wan: str
    agreements: int = Field(description="通过救助协议息访件次")
    agreement_people: int
    text: str = Field(description="报告段落")
    rules: list[str] = Field(description="统计口径")


@router.get("/casework", response={200: CaseworkOut, **ERRORS})
def casework(request, q: Query[CaseworkQuery]):
    """领导接访包案报告: receptions, cases, backlog and aid for the year, and the paragraph."""
    with reading_reports():
        return leadership.figures(_scope(request.auth, q.region), q.year).as_data()
