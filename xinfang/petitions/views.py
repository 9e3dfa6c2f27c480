"""Staff pages for petitions: register, list, case page, personal data, attachments."""

from __future__ import annotations

import csv
import uuid
from urllib.parse import unquote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xinfang.casework import queries as casework
from xinfang.documents import content as documents
from xinfang.documents.views import portal_url
from xinfang.front.models import SavedSearch
from xinfang.insight.actions import dismiss_match
from xinfang.insight.forms import dismissed_ids
from xinfang.intake.actions import register_petition, void_petition, void_refusal
from xinfang.intake.corrections import may_correct
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid
from xinfang.petitions import actions, audit, exports, storage
from xinfang.petitions.forms import (
    AuditFilterForm,
    PetitionerFormSet,
    PetitionFilterForm,
    RegistrationForm,
    apply_errors,
    build_draft,
    people_errors,
)
from xinfang.petitions.models import Attachment, Channel, Matter, Petitioner
from xinfang.petitions.queries import (
    DEFAULT_SORT,
    SORTS,
    access_matter,
    access_petition,
    assignments_for,
    filter_petitions,
    in_scope,
    list_rows,
    masked_particulars,
    shown_facts,
    timeline_for,
    visible_petitions,
    voided_petitions,
)
from xinfang.receptions import actions as receptions
from xinfang.receptions.queries import access_reception
from xinfang.workflow.queries import case_context, oversees

PAGE_SIZE = 30
_TOKENS = "registration_tokens"


def _reception(request):
    """The leader reception the petition is registered at (?reception= / a hidden field):
    registering from a reception pre-fills the visit channel and links the petition."""
    raw = request.POST.get("reception") or request.GET.get("reception") or ""
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        raise Http404("没有找到该接访安排")
    return access_reception(request.user, int(raw))


@login_required
def register(request):
    if not request.user.may_register:
        raise Http404("没有找到该页面")
    reception = _reception(request)
    if request.method == "POST":
        token = request.POST.get("token", "")
        done = request.session.get(_TOKENS, {})
        if token and token in done:
            # A double click or a resent form: show the petition already registered.
            return redirect("petitions:detail", number=done[token])
        form = RegistrationForm(request.POST, request.FILES, user=request.user)
        formset = PetitionerFormSet(request.POST, prefix="petitioners")
        valid = form.is_valid() & formset.is_valid()  # both, for every field's errors
        if not valid:
            apply_errors(form, formset, people_errors(form, formset, timesource.today()))
        else:
            try:
                result = register_petition(request.user, build_draft(form, formset.forms))
            except Invalid as exc:
                apply_errors(form, formset, exc.errors)
            except DomainError as exc:  # not allowed, or storage/database unavailable
                form.add_error(None, exc.message)
            else:
                done[token] = result.petition.number
                if reception is not None:
                    _link_to_reception(request, reception, result.petition)
                _record_dismissals(request.user, result.petition, request.POST)
                request.session[_TOKENS] = dict(list(done.items())[-20:])
                request.session["new_query_code"] = [result.petition.number, result.query_code]
                for warning in result.warnings:
                    messages.warning(request, warning)
                return redirect("petitions:registered", number=result.petition.number)
    else:
        initial = {}
        if reception is not None:
            initial = {
                "channel": Channel.VISIT,
                "received_on": min(reception.date, timesource.today()),
            }
        form = RegistrationForm(user=request.user, initial=initial)
        formset = PetitionerFormSet(prefix="petitioners", initial=[{"is_main": True}])
    return render(
        request,
        "petitions/register.html",
        {
            "reception": reception,
            "form": form,
            "formset": formset,
            "token": request.POST.get("token") or uuid.uuid4().hex,
            "dismissed": sorted(dismissed_ids(request.POST)),
            # The fields to mend, named at the top: on a phone they are screens below.
            "error_count": len(form.errors) + formset.total_error_count() if form.is_bound else 0,
        },
    )


def _link_to_reception(request, reception, petition) -> None:
    try:
        receptions.link_petition(request.user, reception, petition)
    except DomainError as exc:
        messages.warning(request, f"信访件已登记，但未能关联到领导接访：{exc.message}")
    else:
        messages.success(
            request,
            f"已关联到{reception.leader.name}{reception.date:%m月%d日}的{reception.get_form_display()}",
        )


def _record_dismissals(user, petition, data) -> None:
    """Suggestions the registrar ruled out while typing stay ruled out for this petition."""
    matters = visible_petitions(user).filter(matter_id__in=dismissed_ids(data))
    for matter in Matter.objects.filter(pk__in=matters.values("matter_id")).exclude(
        pk=petition.matter_id
    ):
        dismiss_match(user, petition, matter)


@login_required
def registered(request, number: str):
    """The receipt (回执): shows the 查询码 once, right after registration."""
    petition = access_petition(request.user, number)
    code = None
    pending = request.session.pop("new_query_code", None)
    if pending and pending[0] == number:
        code = pending[1]
    paper = documents.receipt(petition, portal_url=portal_url(request), query_code=code)
    return render(
        request,
        "petitions/registered.html",
        {"petition": petition, "query_code": code, "receipt": paper},
    )


@login_required
def petition_list(request):
    form = PetitionFilterForm(request.GET or None)
    qs = filter_petitions(visible_petitions(request.user), form.to_filter())
    sort = request.GET.get("sort", DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    page = Paginator(list_rows(qs, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    owners = casework.owners_of(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    can_hand_over = casework.leader_of(request.user) is not None
    can_oversee = oversees(request.user)
    context = {
        "form": form, "page": page, "query": query.urlencode(), "owners": owners,
        "can_hand_over": can_hand_over, "can_oversee": can_oversee,
        "pick_form": "pick" if can_hand_over or can_oversee else "",
        "sort": sort, "unsorted": unsorted.urlencode(), "today": timesource.today(),
        "saved": SavedSearch.objects.filter(user=request.user),
    }  # fmt: skip
    template = (
        "petitions/_list_table.html" if request.headers.get("HX-Request") else "petitions/list.html"
    )
    return render(request, template, context)


EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", exports.as_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.as_xlsx),
}


@login_required
def export(request, file_format: str):
    """The filtered case list as a file: the screen's rows and masking, logged (查看记录)."""
    if file_format not in EXPORT_TYPES:
        raise Http404("没有找到该页面")
    form = PetitionFilterForm(request.GET or None)
    qs = exports.exportable(filter_petitions(visible_petitions(request.user), form.to_filter()))
    count = qs.count()
    query = request.GET.copy()
    query.pop("page", None)
    if count > exports.MAX_ROWS:
        messages.error(
            request, f"共 {count} 件，超过单次导出上限 {exports.MAX_ROWS} 件，请缩小筛选范围"
        )
        return redirect(f"{reverse('petitions:list')}?{query.urlencode()}")
    content_type, write = EXPORT_TYPES[file_format]
    actions.log_list_export(
        request.user, query=query.urlencode(), file_format=file_format, rows=count
    )
    response = HttpResponse(write(qs), content_type=content_type)
    name = f"petitions-{timesource.today():%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def detail(request, number: str):
    petition = access_petition(request.user, number)
    people = [_masked(p) for p in petition.petitioners.all()]
    # A 查询码 just reissued from this page is shown here, once.
    pending = request.session.pop("new_query_code", None)
    new_code = pending[1] if pending and pending[0] == number else None
    return render(
        request,
        "petitions/detail.html",
        {
            "petition": petition,
            "matter": shown_facts(request.user, petition.matter),
            "people": people,
            "attachments": petition.attachments.all(),
            "siblings": petition.matter.petitions.exclude(pk=petition.pk)
            .filter(pk__in=visible_petitions(request.user).values("pk"))
            .order_by("received_on"),
            "assignments": assignments_for(request.user, petition.matter),
            "events": timeline_for(request.user, petition.matter),
            "may_write": may_write(request.user, number),
            "may_void": not void_refusal(request.user, petition),
            "may_correct": may_correct(request.user, petition),
            "new_query_code": new_code,
            **case_context(request.user, petition.matter),
        },
    )


@login_required
def matter(request, number: str):
    """A matter opens at its earliest petition the user may see (a voided one last)."""
    found = access_matter(request.user, number)
    first = (
        in_scope(request.user)
        .filter(matter=found)
        .order_by(F("voided_at").asc(nulls_first=True), "received_on", "id")
        .first()
    )
    return redirect("petitions:detail", number=first.number)


def may_write(user, number: str) -> bool:
    try:
        access_petition(user, number, write=True)
    except Http404:
        return False
    return True


def _masked(person: Petitioner) -> dict:
    return {"person": person, **masked_particulars(person)}


@login_required
@require_POST
def reveal(request, number: str, petitioner_id: int, field: str):
    """Show one personal field unmasked; the look is logged on the timeline."""
    petition = access_petition(request.user, number)
    person = Petitioner.objects.filter(petition=petition, pk=petitioner_id).first()
    if person is None or field not in ("id_number", "phone", "address"):
        raise Http404("没有找到该信息")
    # htmx asks for the reason with hx-prompt and sends it in the HX-Prompt header,
    # percent-encoded (a header carries ASCII only).
    reason = unquote(request.headers.get("HX-Prompt", "")) or request.POST.get("reason", "")
    try:
        value = actions.reveal_personal_data(request.user, person, field, reason=reason)
    except Invalid as exc:
        masked = masked_particulars(person)[field]
        return render(request, "petitions/_revealed.html", {"masked": masked, "error": exc.message})
    return render(request, "petitions/_revealed.html", {"value": value})


@login_required
def personal_data_audit(request):
    """查看记录: who looked at which personal data and why, for supervisors (CSV with ?format=csv)."""
    if not audit.may_audit(request.user):
        raise Http404("没有找到该页面")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit.looks(
        request.user, actor=filters.get("actor", ""), since=filters.get("since"),
        until=filters.get("until"),
    )  # fmt: skip
    if request.GET.get("format") == "csv":
        return _audit_csv(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "petitions/audit.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _audit_csv(events) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="personal-data-audit.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(["时间", "查看人", "信访件", "事件", "内容", "原因"])
    for event in events.iterator(chunk_size=2000):
        writer.writerow([
            f"{event.created_at.astimezone(timesource.SHANGHAI):%Y-%m-%d %H:%M:%S}",
            event.actor.display_name if event.actor else "",
            event.petition.number if event.petition else "",
            event.get_kind_display(), event.summary, event.data.get("reason", ""),
        ])  # fmt: skip
    return response


@login_required
@require_POST
def reissue_code(request, number: str):
    petition = access_petition(request.user, number, write=True)
    code = actions.reissue_query_code(request.user, petition)
    request.session["new_query_code"] = [petition.number, code]
    messages.success(request, "已重置查询码，旧查询码即时失效")
    return redirect("petitions:detail", number=petition.number)


@login_required
@require_POST
def void(request, number: str):
    """作废 a petition registered by mistake, with the reason typed on the case page."""
    petition = access_petition(request.user, number)
    try:
        void_petition(request.user, petition, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已作废该信访件：它不再出现在列表、统计和报表中")
    return redirect("petitions:detail", number=number)


@login_required
def voided(request):
    """作废记录: the voided petitions the reader could see, with who voided them and why."""
    if not audit.may_audit(request.user):
        raise Http404("没有找到该页面")
    page = Paginator(voided_petitions(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "petitions/voided.html", {"page": page})


@login_required
def attachment(request, number: str, attachment_id: int):
    petition = access_petition(request.user, number)
    item = Attachment.objects.filter(petition=petition, pk=attachment_id).first()
    if item is None:
        raise Http404("没有找到该附件")
    path = storage.path_of(item.stored_name)
    if not path.exists():
        return HttpResponse(
            "附件文件缺失，请联系管理员", status=410, content_type="text/plain; charset=utf-8"
        )
    actions.log_attachment_download(request.user, item)
    # Always a download, never rendered inline: uploaded content must not run in our origin.
    handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it after sending
    response = FileResponse(handle, as_attachment=True, filename=item.original_name)
    response["Content-Type"] = item.content_type
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
