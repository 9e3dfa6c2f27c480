"""Pages of the dispute ledger: the ledger with its filters, recording and editing, the dispute
page (measures, settling, 转入信访), the monthly reports and their Excel export, the import.

Each view fetches through one access function in `queries` and writes through one action.
Turning a dispute into a petition registers it through the intake layer (above this app's
domain modules, which is why it happens here) with the dispute marked inside the same
transaction.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xinfang.disputes import actions, export, queries
from xinfang.disputes.forms import ConvertForm, DisputeForm, FilterForm, ImportForm, MeasureForm
from xinfang.disputes.importing import import_disputes
from xinfang.disputes.machine import Move, allowed
from xinfang.disputes.models import Dispute, DisputeStatus
from xinfang.intake.actions import register_petition
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.lib.ledger import Ledger, LedgerError
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.petitions.models import COLLECTIVE_VISIT_MIN_PEOPLE, Channel, IdType, Purpose
from xinfang.regions.models import Region
from xinfang.regions.queries import regions_under

PAGE_ROWS = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope_roots(user) -> list[Region]:
    if user.region_id:
        return [user.region]
    return [user.unit.region] if user.unit_id else []


def _month(request, default: dt.date) -> dt.date:
    raw = (request.GET.get("month") or request.POST.get("month") or "").strip()
    if not raw:
        return default
    try:
        return dt.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        raise BadRequest(f"月份应为YYYY-MM，收到“{raw[:20]}”") from None


# -- the ledger ---------------------------------------------------------------------------


@login_required
def ledger(request):
    """矛盾纠纷排查台账: the disputes the user may see, filtered."""
    user = request.user
    form = FilterForm(request.GET or None, regions=regions_under(_scope_roots(user)))
    rows = queries.visible_disputes(user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["risk"]:
            rows = rows.filter(risk=data["risk"])
        if data["region"]:
            region = Region.objects.filter(pk=data["region"]).first()
            if region is not None:
                rows = rows.filter(region__path__startswith=region.path)
        if data["month"]:
            start = data["month"]
            rows = rows.filter(found_on__gte=start, found_on__lte=queries.month_end(start))
    page = Paginator(rows, PAGE_ROWS).get_page(request.GET.get("page"))
    full = queries.may_see_parties(user)
    writes = queries.may_write(user) and queries.reporting_units(user).exists()
    for dispute in page.object_list:
        dispute.shown_parties = dispute.parties if full else queries.masked_parties(dispute.parties)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "may_write": writes,
        "has_reports": queries.reports_home(user) is not None,
    }
    return render(request, "disputes/ledger.html", context)


def _form(request, dispute: Dispute | None = None):
    user = request.user
    units = list(queries.reporting_units(user))
    if dispute is not None and dispute.unit not in units:
        units.insert(0, dispute.unit)
    if not units:
        raise Http404("您没有可填报矛盾纠纷的单位")
    regions = regions_under({u.region for u in units})
    if dispute is not None:
        initial = {f: getattr(dispute, f) for f in DisputeForm.base_fields}
        initial.update(unit=dispute.unit_id, region=dispute.region_id)
    else:
        own = next((u for u in units if u.pk == user.unit_id), units[0])
        initial = {"unit": own.pk, "region": own.region_id, "found_on": timesource.today()}
    return DisputeForm(request.POST or None, units=units, regions=regions, initial=initial)


def _draft(data) -> actions.DisputeDraft:
    return actions.DisputeDraft(**data)


@login_required
def new(request):
    """登记矛盾纠纷."""
    if not queries.may_write(request.user):
        raise Http404("没有找到该页面")
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = actions.record_dispute(request.user, _draft(form.cleaned_data))
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已登记矛盾纠纷：{dispute.title}")
            return redirect(dispute)
    return render(request, "disputes/form.html", {"form": form, "dispute": None})


@login_required
def edit(request, pk: int):
    dispute = queries.access_dispute(request.user, pk, write=True)
    form = _form(request, dispute)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_dispute(request.user, dispute, _draft(form.cleaned_data))
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect(dispute)
    return render(request, "disputes/form.html", {"form": form, "dispute": dispute})


def _detail(request, dispute: Dispute, measure_form=None, status=200):
    user = request.user
    today = timesource.today()
    moves = allowed(dispute)
    writable = queries.may_write(user) and dispute.status != DisputeStatus.CONVERTED
    context = {
        "dispute": dispute,
        "history": dispute.history.select_related("recorded_by"),
        "may_write": writable,
        "measure_form": measure_form
        or MeasureForm(initial={"done_on": today, "done_by": user.display_name}),
        "may_resolve": writable and Move.RESOLVE in moves,
        "may_reopen": writable and Move.REOPEN in moves,
        "may_convert": writable and Move.CONVERT in moves and user.may_register,
    }
    return render(request, "disputes/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    return _detail(request, queries.access_dispute(request.user, pk))


@login_required
@require_POST
def step(request, pk: int, move: str):
    """Add a measure (措施), settle (化解) or reopen (重新化解): each a dated history row."""
    dispute = queries.access_dispute(request.user, pk, write=True)
    form = MeasureForm(request.POST)
    work = {"measure": actions.add_measure, "resolve": actions.resolve, "reopen": actions.reopen}
    if move not in work:
        raise Http404("没有找到该页面")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if move == "measure":
                actions.add_measure(request.user, dispute, **data)
            else:
                work[move](request.user, dispute, on=data["done_on"], text=data["text"],
                           done_by=data["done_by"])  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, {"measure": "已记录化解措施", "resolve": "已标记为已化解",
                                       "reopen": "已重新化解"}[move])  # fmt: skip
            return redirect(dispute)
    dispute.refresh_from_db()
    return _detail(request, dispute, measure_form=form, status=422)


# -- 转入信访 ------------------------------------------------------------------------------


def _convert_initial(dispute: Dispute) -> dict:
    channel = (
        Channel.COLLECTIVE_VISIT if dispute.people >= COLLECTIVE_VISIT_MIN_PEOPLE else Channel.VISIT
    )
    content = "\n".join(
        part for part in (
            dispute.details or dispute.title,
            f"当事人：{dispute.parties}",
            f"地点：{dispute.region.name}{dispute.place}",
            f"化解措施：{dispute.measures}" if dispute.measures else "",
        ) if part
    )  # fmt: skip
    first = dispute.parties.replace("，", "、").replace(",", "、").split("、")[0].strip()
    return {
        "channel": channel,
        "petitioner_count": min(dispute.people, 5) if channel == Channel.COLLECTIVE_VISIT else 1,
        "name": first[:40],
        "title": dispute.title,
        "content": content,
    }


@login_required
def convert(request, pk: int):
    """转入信访: register a petition from the dispute; the dispute is marked and its measures
    written onto the new matter's timeline in the same transaction (all or nothing)."""
    user = request.user
    dispute = queries.access_dispute(user, pk, write=True)
    if not user.may_register or user.unit_id is None or Move.CONVERT not in allowed(dispute):
        raise Http404("没有找到该页面")
    today = timesource.today()
    form = ConvertForm(request.POST or None, today=today, initial=_convert_initial(dispute))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = PetitionerDraft(
            name=data["name"], id_number=data["id_number"], phone=data["phone"], is_main=True,
            id_type=IdType.RESIDENT_ID if data["id_number"] else IdType.NONE,
        )  # fmt: skip
        draft = PetitionDraft(
            channel=data["channel"], received_on=today, level=user.unit.level,
            region=dispute.region, content_class=data["content_class"], title=data["title"],
            content=data["content"], purpose=Purpose.REQUEST,
            petitioner_count=data["petitioner_count"],
            people_concerned=max(dispute.people, data["petitioner_count"]),
            petitioners=[person],
        )  # fmt: skip
        try:
            registration = register_petition(
                user, draft, inside=lambda petition: actions.mark_converted(user, dispute, petition)
            )
        except DomainError as exc:  # the draft's fields are prefixed: petitioners-0-name
            show_on_form(form, exc, rename=lambda field: field.rsplit("-", 1)[-1])
        else:
            petition = registration.petition
            messages.success(request, f"已转入信访，信访件编号 {petition.number}")
            return redirect("petitions:detail", petition.number)
    return render(request, "disputes/convert.html", {"form": form, "dispute": dispute})


# -- the monthly report (月报表) ------------------------------------------------------------


@login_required
def reports(request):
    """月报表: a township's staff go to their township's report, the others to their region's."""
    home = queries.reports_home(request.user)
    if home is None:
        raise Http404("没有找到该页面")
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return redirect(reverse(home[0], args=[home[1]]) + query)


def _access_region(user, pk: int) -> Region:
    region = Region.objects.filter(pk=pk).first()
    if region is None or not user.region_id or not region.path.startswith(user.region.path):
        raise Http404("没有找到该地区")
    return region


def _months(today: dt.date, count: int = 12) -> list[dt.date]:
    months, month = [], queries.previous_month(today)
    for _ in range(count):
        months.append(month)
        month = queries.previous_month(month)
    return months


@login_required
def township_report(request, pk: int):
    """A township's report of a month: the preview from the ledger, or the figures as sent."""
    user = request.user
    unit = queries.access_township(user, pk)
    today = timesource.today()
    month = _month(request, queries.previous_month(today))
    sent = queries.report_of(unit, month)
    figures = sent.figures if sent else queries.figures(queries.unit_disputes(unit), month)
    context = {
        "unit": unit,
        "month": month,
        "months": _months(today),
        "report": sent,
        "figures": figures,
        "due": queries.due_date(month),
        "late": sent is None and today > queries.due_date(month),
        "ended": queries.month_end(month) < today,
        "may_submit": sent is None and queries.may_submit(user, unit),
        "county": unit.region
        if user.region_id and unit.region.path.startswith(user.region.path)
        else None,
    }
    return render(request, "disputes/township_report.html", context)


@login_required
@require_POST
def submit(request, pk: int):
    unit = queries.access_township(request.user, pk)
    month = _month(request, queries.previous_month(timesource.today()))
    try:
        actions.submit_report(request.user, unit, month)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已上报{month.year}年{month.month}月矛盾纠纷月报表")
    return redirect(reverse("disputes:township_report", args=[unit.pk]) + f"?month={month:%Y-%m}")


@login_required
def region_report(request, pk: int):
    """A county's (or the city's) report of a month: its townships' reports with those not
    sent by the due day flagged 未报, and the figures over its whole ledger."""
    user = request.user
    region = _access_region(user, pk)
    today = timesource.today()
    month = _month(request, queries.previous_month(today))
    townships = queries.township_reports(region, month, today)
    context = {
        "region": region,
        "month": month,
        "months": _months(today),
        "townships": townships,
        "late_count": sum(1 for t in townships if t.late),
        "sent_count": sum(1 for t in townships if t.report),
        "due": queries.due_date(month),
        "figures": queries.figures(queries.region_disputes(region), month),
        "children": region.children.order_by("code") if region.level != "county" else [],
    }
    return render(request, "disputes/region_report.html", context)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def township_export(request, pk: int):
    unit = queries.access_township(request.user, pk)
    month = _month(request, queries.previous_month(timesource.today()))
    sent = queries.report_of(unit, month)
    if sent is not None:
        content = export.workbook(
            sent.figures, unit_name=unit.name, month=month,
            filled_by=sent.submitted_by.display_name, filled_on=timesource.day_of(sent.submitted_at),
        )  # fmt: skip
    else:
        content = export.workbook(
            queries.figures(queries.unit_disputes(unit), month), unit_name=unit.name, month=month
        )
    return _xlsx(content, f"{export.title_of(unit.name)}{month:%Y-%m}.xlsx")


@login_required
def region_export(request, pk: int):
    region = _access_region(request.user, pk)
    month = _month(request, queries.previous_month(timesource.today()))
    content = export.workbook(
        queries.figures(queries.region_disputes(region), month), unit_name=region.name, month=month
    )
    return _xlsx(content, f"{export.title_of(region.name)}{month:%Y-%m}.xlsx")


# -- import ---------------------------------------------------------------------------------


@login_required
def upload(request):
    """导入台账: a CSV (UTF-8, UTF-8 with BOM, GBK) or xlsx ledger, all or nothing."""
    user = request.user
    if not queries.may_write(user) or not queries.reporting_units(user).exists():
        raise Http404("没有找到该页面")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"台账{suffix}"
            with open(path, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                book = Ledger(path, required=["排查日期", "纠纷概要", "纠纷类型"])
                own = user.unit if user.unit_id else None
                outcome = import_disputes(
                    book.rows(), book.headers, actor=user, unit=own,
                    dry_run=form.cleaned_data["dry_run"],
                )  # fmt: skip
            except LedgerError as exc:
                errors = [str(exc).replace(path.name, upload.name)]
            else:
                errors = outcome.errors
                if not errors:
                    if form.cleaned_data["dry_run"]:
                        messages.success(request, f"检查通过：共{outcome.rows}行，未导入")
                    else:
                        messages.success(request, f"已导入{outcome.imported}条矛盾纠纷")
                        return redirect("disputes:ledger")
    return render(request, "disputes/import.html", {"form": form, "errors": errors})
