"""The public portal (网上信访): no staff login. Submit, follow and rate a case, read the
public board, the contact card and how the procedure works."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from xinfang.classes.models import ContentClass
from xinfang.contacts.queries import card_for, card_places
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid
from xinfang.petitions import redaction
from xinfang.petitions.models import Petition
from xinfang.petitions.queries import access_petition
from xinfang.portal import actions, challenge, queries
from xinfang.portal.forms import (
    BoardFilterForm,
    BookForm,
    LookupForm,
    RateForm,
    ReviewForm,
    ScheduleFilterForm,
    SubmitForm,
    apply_errors,
)
from xinfang.portal.models import Publication
from xinfang.receptions import actions as receptions
from xinfang.receptions import queries as reception_queries
from xinfang.regions.models import Region
from xinfang.workflow.limits import limit_for
from xinfang.workflow.models import ClockKind

GRANTS = "portal_cases"  # session: petition number → unix time the look-up expires
GRANT_SECONDS = 30 * 60
BOOKINGS = "portal_bookings"  # session: nonce → booking id, to show the confirmation
RECEIPTS = "portal_receipts"  # session: nonce → (number, 查询码), to re-show after a resend
MAX_UPLOAD_BYTES = 60 * 1024 * 1024
LOOKUP_FAILURES = 3
GUIDE_CLOCKS = (
    ClockKind.DISPOSE, ClockKind.ACCEPT_NOTICE, ClockKind.HANDLE, ClockKind.EXTENSION,
    ClockKind.REVIEW_WINDOW, ClockKind.REVIEW, ClockKind.REREVIEW_WINDOW, ClockKind.REREVIEW,
)  # fmt: skip


def _ip(request) -> str:
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (never trust a client header).
    return request.META.get("REMOTE_ADDR", "")


def _too_many(request, message: str) -> HttpResponse:
    response = render(request, "portal/limited.html", {"message": message}, status=429)
    response["Retry-After"] = "600"
    return response


def home(request):
    return render(request, "portal/home.html")


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_BYTES:
            return _too_many(request, "提交的内容过大，附件总大小请不超过60MB")
        form = SubmitForm(request.POST, request.FILES)
        if form.is_valid():
            nonce, problem = challenge.check(
                form.cleaned_data["token"], form.cleaned_data["answer"]
            )
            receipts = request.session.get(RECEIPTS, {})
            if nonce and nonce in receipts:
                return redirect("portal:receipt")  # a double click: the same receipt again
            if problem:
                form.add_error("answer", problem)
            elif not actions.hit(
                "submit-ip", _ip(request), limit=settings.XINFANG_PORTAL_SUBMITS_PER_IP_PER_HOUR,
                window=dt.timedelta(hours=1),
            ) or not actions.hit(
                "submit-phone", form.cleaned_data["phone"][-11:],
                limit=settings.XINFANG_PORTAL_SUBMITS_PER_PHONE_PER_DAY, window=dt.timedelta(days=1),
            ):  # fmt: skip
                return _too_many(request, "提交过于频繁，请稍后再试，或拨打信访部门电话")
            else:
                try:
                    petition, code = actions.submit(nonce, form.draft())
                except Invalid as exc:
                    apply_errors(form, exc.errors)
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    receipts[nonce] = [petition.number, code]
                    request.session[RECEIPTS] = dict(list(receipts.items())[-5:])
                    request.session["portal_last_receipt"] = nonce
                    return redirect("portal:receipt")
        else:
            apply_errors(form, form.person_errors())
        quiz = challenge.issue()
        form.data = form.data.copy()
        form.data["token"], form.data["answer"] = quiz.token, ""
    else:
        quiz = challenge.issue()
        form = SubmitForm(initial={"token": quiz.token, "is_accusation": ""})
    return render(request, "portal/submit.html", {"form": form, "question": quiz.question})


@never_cache
def receipt(request):
    nonce = request.session.get("portal_last_receipt")
    number, code = request.session.get(RECEIPTS, {}).get(nonce, (None, None))
    if number is None:
        return redirect("portal:lookup")
    return render(request, "portal/receipt.html", {"number": number, "query_code": code})


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip, number = _ip(request), form.cleaned_data["number"].strip().upper()
        if not actions.hit(
            "lookup-ip", ip, limit=settings.XINFANG_PORTAL_LOOKUPS_PER_IP_PER_HOUR,
            window=dt.timedelta(hours=1),
        ):  # fmt: skip
            return _too_many(request, "查询过于频繁，请稍后再试")
        failures = actions.counter("lookup-number", number)
        if actions.is_locked(failures):
            return _too_many(request, "查询码连续输错，该编号的查询已暂时锁定，请稍后再试")
        petition = queries.find_case(
            number, form.cleaned_data["code"], form.cleaned_data["phone_last4"]
        )
        if petition is None:
            window = dt.timedelta(minutes=settings.XINFANG_PORTAL_LOOKUP_LOCK_MINUTES)
            if not actions.hit("lookup-number", number, limit=LOOKUP_FAILURES - 1, window=window):
                actions.lock("lookup-number", number, settings.XINFANG_PORTAL_LOOKUP_LOCK_MINUTES)
            # One message whatever was wrong, so a number's existence is not revealed.
            form.add_error(None, "编号、查询码或手机号码后4位不正确")
        else:
            if failures is not None:  # most look-ups have no failures to forget: no write
                actions.clear("lookup-number", number)
            grants = {
                k: v
                for k, v in request.session.get(GRANTS, {}).items()
                if v > timesource.now().timestamp()
            }
            grants[petition.number] = timesource.now().timestamp() + GRANT_SECONDS
            request.session[GRANTS] = grants
            request.session.cycle_key()
            return redirect("portal:case", number=petition.number)
    return render(request, "portal/lookup.html", {"form": form})


def _granted(request, number: str) -> Petition:
    """The petition the visitor looked up (number + 查询码) in this session, or 404."""
    if request.session.get(GRANTS, {}).get(number, 0) < timesource.now().timestamp():
        raise Http404("请先查询")
    petition = (
        Petition.objects.select_related("matter", "region", "content_class")
        .filter(number=number)
        .first()
    )
    if petition is None:
        raise Http404("请先查询")
    return petition


@never_cache
def case(request, number: str):
    petition = _granted(request, number)
    return render(
        request,
        "portal/case.html",
        {"view": queries.case_view(petition), "rate_form": RateForm(), "review_form": ReviewForm()},
    )


@never_cache
def document(request, number: str, step_id: int):
    petition = _granted(request, number)
    step = queries.document(petition, step_id)
    if step is None:
        raise Http404("没有该文书")
    return render(
        request,
        "portal/document.html",
        {"petition": petition, "step": step, "title": queries.DOCUMENT_KINDS[step.kind]},
    )


@require_POST
def rate(request, number: str):
    petition = _granted(request, number)
    form = RateForm(request.POST)
    view = queries.case_view(petition)
    if form.is_valid() and view.may_rate:
        try:
            actions.rate(petition, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("portal:case", number=number)
    elif form.is_valid():
        form.add_error(None, "本件当前不能评价")
    return render(
        request, "portal/case.html", {"view": view, "rate_form": form, "review_form": ReviewForm()},
        status=400,
    )  # fmt: skip


@require_POST
def review(request, number: str):
    petition = _granted(request, number)
    form = ReviewForm(request.POST)
    view = queries.case_view(petition)
    if form.is_valid() and view.may_request_review:
        try:
            actions.request_review(petition, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("portal:case", number=number)
    elif form.is_valid():
        form.add_error(None, "本件当前不能申请复查")
    return render(
        request, "portal/case.html", {"view": view, "rate_form": RateForm(), "review_form": form},
        status=400,
    )  # fmt: skip


def board(request):
    form = BoardFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    node = (
        ContentClass.objects.filter(pk=data.get("content_class")).first()
        if data.get("content_class")
        else None
    )
    region = Region.objects.filter(pk=data.get("region")).first() if data.get("region") else None
    qs = queries.board(content_class=node, region=region, text=data.get("q", ""))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    rows = [(p, p.publication.title) for p in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "portal/board.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )  # fmt: skip


def board_item(request, number: str):
    petition = (
        queries.public_petitions()
        .select_related("matter", "region", "content_class", "publication")
        .filter(number=number)
        .first()
    )
    if petition is None:
        raise Http404("没有该公开信件")
    answer = queries.public_answer(petition)
    return render(
        request,
        "portal/board_item.html",
        {
            "petition": petition,
            "title": petition.publication.title,
            "content": petition.publication.content,
            "demands": petition.publication.demands,
            "answer": answer,
            "answer_text": queries.redact(answer.text, petition) if answer else "",
        },
    )


def contact(request):
    """便民一卡通 on the portal: the same card as staff print, for a place (the city by default)."""
    places = card_places()
    code = request.GET.get("region", "")
    region = next((p for p in places if p.code == code), places[0] if places else None)
    card = card_for(region) if region is not None else None
    return render(
        request, "portal/contact.html",
        {"card": card, "places": places, "region": region, "units": queries.contact_units()},
    )  # fmt: skip


def guide(request):
    limits = {kind: limit_for(kind) for kind in GUIDE_CLOCKS}
    return render(request, "portal/guide.html", {"limits": limits})


@login_required
def publish(request, number: str):
    """Staff: review a consented petition's redacted text beside the registered one, then
    publish it (the stored redacted copy is all the board and Open311 ever show)."""
    petition = access_petition(request.user, number, write=True)
    known = redaction.particulars_of(petition)
    preview = {
        "title": redaction.redact(petition.title, known),
        "content": redaction.redact(petition.content, known),
        "demands": redaction.redact(petition.demands, known),
    }
    error = ""
    if request.method == "POST":
        try:
            actions.publish(request.user, petition)
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("portal:publish", number=petition.number)
    publication = Publication.objects.filter(petition=petition).first()
    return render(
        request,
        "portal/staff/publish.html",
        {"petition": petition, "preview": preview, "publication": publication, "error": error},
        status=400 if error else 200,
    )


# 领导接访: the published schedule and 约访 bookings.


def schedule(request):
    """The leaders' reception schedule, published at least two days ahead: what, when,
    where and who; nothing else of a reception leaves the staff side."""
    today = timesource.today()
    form = ScheduleFilterForm(request.GET or None)
    picked = form.cleaned_data.get("region") if form.is_valid() else None
    region = Region.objects.filter(pk=picked).first() if picked else None
    rows = [
        (r, reception_queries.slots_left(r) if r.takes_bookings and r.date > today else 0)
        for r in reception_queries.public_schedule(today, region)
    ]
    return render(request, "portal/receptions.html", {"rows": rows, "form": form, "region": region})


@never_cache
@require_http_methods(["GET", "POST"])
def book(request, pk: int):
    today = timesource.today()
    reception = reception_queries.public_reception(pk, today)
    if not reception.takes_bookings or reception.date <= today:
        raise Http404("该场接访不接受网上预约")
    if request.method == "POST":
        form = BookForm(request.POST)
        if form.is_valid():
            nonce, problem = challenge.check(
                form.cleaned_data["token"], form.cleaned_data["answer"]
            )
            booked = request.session.get(BOOKINGS, {})
            if nonce and nonce in booked:
                return redirect("portal:booked")  # a double click: the same confirmation
            if problem:
                form.add_error("answer", problem)
            elif not actions.hit(
                "book-ip", _ip(request), limit=settings.XINFANG_PORTAL_SUBMITS_PER_IP_PER_HOUR,
                window=dt.timedelta(hours=1),
            ) or not actions.hit(
                "book-phone", form.cleaned_data["phone"][-11:],
                limit=settings.XINFANG_PORTAL_SUBMITS_PER_PHONE_PER_DAY, window=dt.timedelta(days=1),
            ):  # fmt: skip
                return _too_many(request, "预约过于频繁，请稍后再试，或拨打信访部门电话")
            else:
                try:
                    booking = receptions.book(
                        nonce, reception, name=form.cleaned_data["name"],
                        phone=form.cleaned_data["phone"], topic=form.cleaned_data["topic"],
                    )  # fmt: skip
                except Invalid as exc:
                    apply_errors(form, exc.errors)
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    booked[nonce] = booking.pk
                    request.session[BOOKINGS] = dict(list(booked.items())[-5:])
                    request.session["portal_last_booking"] = nonce
                    return redirect("portal:booked")
        quiz = challenge.issue()
        form.data = form.data.copy()
        form.data["token"], form.data["answer"] = quiz.token, ""
    else:
        quiz = challenge.issue()
        form = BookForm(initial={"token": quiz.token})
    return render(
        request, "portal/book.html",
        {"form": form, "question": quiz.question, "reception": reception,
         "left": reception_queries.slots_left(reception)},
    )  # fmt: skip


@never_cache
def booked(request):
    """The confirmation: time, place and the booking code, for this browser's booking only."""
    nonce = request.session.get("portal_last_booking")
    pk = request.session.get(BOOKINGS, {}).get(nonce)
    booking = reception_queries.booking_for(pk) if pk else None
    if booking is None:
        return redirect("portal:schedule")
    return render(
        request, "portal/booked.html", {"booking": booking, "reception": booking.reception}
    )
