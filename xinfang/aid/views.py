"""Pages of aid (救助帮扶): the list (names and amounts masked), recording aid, the record's
page (shown unmasked to holders of the personal-data right, each look logged), approval,
the 息访协议 file, and the totals per year, source and region."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.aid import actions, queries
from xinfang.aid.forms import AgreementForm, AidForm, DecideForm, FilterForm
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.petitions import storage
from xinfang.petitions.models import Matter
from xinfang.petitions.queries import visible_petitions
from xinfang.regions.models import Region

LIST_ROWS = 200


def _worker(request) -> None:
    if not queries.works_aid(request.user):
        raise Http404("没有找到该页面")


def _year(form) -> int:
    if form.is_valid() and form.cleaned_data.get("year"):
        return form.cleaned_data["year"]
    return timesource.today().year


@login_required
def aid_list(request):
    """救助帮扶 list: names and amounts masked for everyone; open a record to see them."""
    _worker(request)
    form = FilterForm(request.GET or None)
    year = _year(form)
    rows = queries.visible_aid(request.user).filter(given_on__year=year)
    if form.is_valid() and form.cleaned_data.get("status"):
        rows = rows.filter(status=form.cleaned_data["status"])
    rows = rows.select_related("matter", "region").order_by("-given_on", "-pk")
    return render(
        request,
        "aid/list.html",
        {"form": form, "year": year, "rows": queries.list_rows(rows[:LIST_ROWS]),
         "total": rows.count(), "may_record": queries.may_record_aid(request.user)},
    )  # fmt: skip


def _regions(user):
    if user.region_id is None:
        return Region.objects.none()
    return Region.objects.filter(path__startswith=user.region.path).order_by("code")


@login_required
def new(request):
    """Record aid (waiting for approval)."""
    if not queries.may_record_aid(request.user):
        raise Http404("没有找到该页面")
    initial = {"matter": request.GET.get("matter", "")[:32], "given_on": timesource.today()}
    form = AidForm(
        request.POST or None, request.FILES or None, regions=_regions(request.user),
        initial=initial,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("matter").strip()
        matter = None
        if number:
            visible = visible_petitions(request.user).values("matter_id")
            matter = Matter.objects.filter(number=number, pk__in=visible).first()
            if matter is None:
                form.add_error("matter", "没有找到该事项编号")
        if not form.errors:
            try:
                aid = actions.record_aid(request.user, matter=matter, **data)
            except DomainError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, "已登记救助，等待审批")
                return redirect("aid:detail", pk=aid.pk)
    return render(request, "aid/form.html", {"form": form, "threshold": queries.leader_threshold()})


def _detail(request, aid, decide_form=None, agreement_form=None):
    user = request.user
    unmasked = queries.may_see_particulars(user)
    if unmasked:
        actions.record_look(user, aid, "受助人姓名和金额")
    refusal = queries.approval_refusal(user, aid)
    return render(
        request,
        "aid/detail.html",
        {
            "aid": aid,
            "unmasked": unmasked,
            "name": aid.recipient_name if unmasked else queries.masked_name(aid),
            "amount": f"{aid.amount:,.2f}元" if unmasked else queries.MASKED_AMOUNT,
            "needs_leader": queries.needs_leader(aid),
            "threshold": queries.leader_threshold(),
            "may_decide": refusal == "",
            "refusal": refusal if aid.status == "pending" else "",
            "decide_form": decide_form or DecideForm(),
            "may_attach": queries.may_record_aid(user) and not aid.has_file,
            "agreement_form": agreement_form or AgreementForm(),
        },
    )


@login_required
def detail(request, pk: int):
    return _detail(request, queries.access_aid(request.user, pk))


@login_required
@require_POST
def decide(request, pk: int):
    aid = queries.access_aid(request.user, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_aid(
                request.user, aid, approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已审批")
            return redirect("aid:detail", pk=aid.pk)
    return _detail(request, aid, decide_form=form)


@login_required
@require_POST
def attach(request, pk: int):
    aid = queries.access_aid(request.user, pk)
    form = AgreementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.attach_agreement(request.user, aid, form.cleaned_data["agreement"])
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已上传息访协议")
            return redirect("aid:detail", pk=aid.pk)
    return _detail(request, aid, agreement_form=form)


@login_required
def agreement(request, pk: int):
    """Download the 息访协议 (as an attachment, never rendered); the download is logged."""
    aid = queries.access_aid(request.user, pk)
    if not aid.has_file or not queries.may_see_particulars(request.user):
        raise Http404("没有找到该文件")
    path = storage.path_of(aid.agreement_stored)
    if not path.exists():
        raise Http404("没有找到该文件")
    actions.record_look(request.user, aid, "息访协议文件")
    return FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        as_attachment=True,
        filename=aid.agreement_name,
        content_type=aid.agreement_type,
    )


@login_required
def totals(request):
    """救助帮扶统计: approved aid per year, source and region; 积案 ended by 救助息访."""
    _worker(request)
    form = FilterForm(request.GET or None)
    year = _year(form)
    found = queries.totals(request.user, year)
    return render(
        request,
        "aid/totals.html",
        {"form": form, "year": year, "totals": found,
         "closed": queries.closed_by_aid(request.user, year)[:100]},
    )  # fmt: skip
