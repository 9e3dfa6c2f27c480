"""Pages of the bureau's documents: the case page's 文书 panel, issuing (the 文号), the
print page and the Word file of each document and of the counter receipt, and a unit's
文号 patterns. Every page fetches through queries.access_* (404 for anyone who may not
see the petition) and writes through one action."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from xinfang.documents import actions, content, docx, queries
from xinfang.documents.forms import PatternForm
from xinfang.documents.models import DocumentKind
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, show_on_form
from xinfang.petitions.numbering import hash_query_code
from xinfang.petitions.queries import access_petition

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def portal_url(request) -> str:
    """The portal's address as printed (XINFANG_PORTAL_URL, else this server's /portal/)."""
    return settings.XINFANG_PORTAL_URL or request.build_absolute_uri(reverse("portal:home"))


@login_required
def panel(request, number: str):
    """The case page's 文书 panel, loaded by htmx."""
    petition = access_petition(request.user, number)
    return render(
        request,
        "documents/_panel.html",
        {"petition": petition, "items": queries.available(request.user, petition)},
    )


@login_required
@require_POST
def issue(request, number: str, step_id: int):
    petition = access_petition(request.user, number)
    step = queries.access_step(request.user, petition, step_id)
    try:
        document = actions.issue(request.user, step, petition)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("petitions:detail", number=petition.number)
    return redirect("documents:print", pk=document.pk)


@login_required
def print_page(request, pk: int):
    document = queries.access_document(request.user, pk)
    paper = content.paper_for(document, portal_url=portal_url(request))
    actions.log_download(
        request.user, document.petition, title=paper.title, file_format="html", document=document
    )
    return render(
        request,
        "documents/print.html",
        {
            "paper": paper,
            "petition": document.petition,
            "docx_url": reverse("documents:docx", args=[document.pk]),
        },
    )


@login_required
def download(request, pk: int):
    document = queries.access_document(request.user, pk)
    paper = content.paper_for(document, portal_url=portal_url(request))
    actions.log_download(
        request.user, document.petition, title=paper.title, file_format="docx", document=document
    )
    name = f"{document.get_kind_display()}-{document.petition.number}.docx"
    return _word(paper, name)


def _word(paper, name: str) -> HttpResponse:
    response = HttpResponse(docx.render(paper), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _just_issued_code(request, petition) -> str | None:
    """The 查询码 posted back from the registration receipt, if it is the petition's
    current one (only its hash is kept: a code typed later cannot be made up)."""
    code = (request.POST.get("query_code") or "").strip().upper()
    if code and hmac.compare_digest(hash_query_code(code), petition.query_code_hash):
        return code
    return None


@login_required
def receipt(request, number: str):
    """The counter receipt printed again from the case page: without the 查询码."""
    petition = access_petition(request.user, number)
    paper = content.receipt(petition, portal_url=portal_url(request), query_code=None)
    actions.log_download(request.user, petition, title=paper.title, file_format="html")
    return render(
        request,
        "documents/print.html",
        {
            "paper": paper,
            "petition": petition,
            "docx_url": reverse("documents:receipt_docx", args=[petition.number]),
        },
    )


@login_required
def receipt_docx(request, number: str):
    """The receipt as a Word file; posted from the registration page it carries the code
    just issued, fetched later it does not."""
    petition = access_petition(request.user, number)
    code = _just_issued_code(request, petition) if request.method == "POST" else None
    paper = content.receipt(petition, portal_url=portal_url(request), query_code=code)
    actions.log_download(request.user, petition, title=paper.title, file_format="docx")
    return _word(paper, f"登记回执-{petition.number}.docx")


@login_required
def patterns(request):
    """The user's unit's 文号 patterns, one per kind, with the next number each would give."""
    if not queries.may_edit_patterns(request.user):
        raise Http404("没有找到该页面")
    unit = request.user.unit
    form = PatternForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_pattern(
                request.user, form.cleaned_data["kind"], form.cleaned_data["pattern"]
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "文号格式已保存，此后出具的文书按新格式编号")
            return redirect("documents:patterns")
    year = timesource.today().year
    rows = []
    for kind in DocumentKind:
        pattern = queries.pattern_for(unit, kind)
        rows.append(
            {
                "kind": kind,
                "pattern": pattern,
                "next": queries.render_number(pattern, year, queries.next_seq(unit, kind, year)),
            }
        )
    return render(
        request,
        "documents/patterns.html",
        {"unit": unit, "rows": rows, "form": form, "year": year},
    )
