"""The contact card for staff: pick a place, print it (A6) or download the PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from xinfang.contacts import pdf, queries
from xinfang.regions.models import Region


def _place(request) -> Region:
    code = request.GET.get("region", "")
    places = queries.card_places()
    if not code:
        return request.user.region if request.user.region in places else places[0]
    found = next((p for p in places if p.code == code), None)
    if found is None:
        raise Http404("没有找到该地区")
    return found


@login_required
def card(request):
    region = _place(request)
    return render(
        request,
        "contacts/card.html",
        {"card": queries.card_for(region), "places": queries.card_places(), "region": region},
    )


@login_required
def card_pdf(request):
    region = _place(request)
    try:
        body = pdf.card_pdf(queries.card_for(region))
    except pdf.NoFont as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="card-{region.code}.pdf"'
    return response
