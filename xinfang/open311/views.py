"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): discovery, services,
service definitions, requests (GET and POST), a request by id, tokens. JSON and XML."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from xinfang.api.queries import token_owner
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, NotAllowed
from xinfang.open311 import actions, queries
from xinfang.open311.models import ServiceRequest
from xinfang.open311.render import errors, respond

FIELDS = ("service_code", "lat", "long", "address_string", "address_id", "email", "device_id",
          "account_id", "first_name", "last_name", "phone", "description", "media_url")  # fmt: skip


def _bad(fmt: str, message: str) -> HttpResponse:
    return errors(fmt, 400, (400, message))


@require_GET
def discovery(request, fmt: str = "json"):
    url = (
        request.build_absolute_uri(reverse("open311:services", args=["json"])).rsplit("/", 1)[0]
        + "/"
    )
    data = {
        "changeset": "2026-03-01T00:00:00+08:00",
        "contact": "信访部门（见网上信访“联系我们”）",
        "key_service": "API 密钥由系统管理员用 `xinfang token create` 签发",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2", "url": url,
            "changeset": "2026-03-01T00:00:00+08:00", "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    }  # fmt: skip
    return respond(fmt, "discovery", data)


@require_GET
def services(request, fmt: str):
    return respond(fmt, "services", [queries.service_json(n) for n in queries.services()])


@require_GET
def service_definition(request, code: str, fmt: str):
    node = queries.service(code)
    if node is None:
        return errors(fmt, 404, (404, f"service_code {code} not found"))
    return respond(fmt, "service_definition", queries.definition(node))


def _w3c(value: str, name: str) -> dt.datetime:
    try:
        moment = parse_datetime(value.replace(" ", "+")) if value else None  # '+' may be ' '
    except ValueError:  # well-formed but impossible: month 13, offset +99:00
        moment = None
    if moment is None:
        raise Invalid({name: [f"{name} must be a W3C datetime, e.g. 2026-03-10T10:00:00+08:00"]})
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timesource.SHANGHAI)
    return moment


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_(request, fmt: str):
    try:
        if request.method == "POST":
            return _post(request, fmt)
        return _list(request, fmt)
    except Invalid as exc:
        return _bad(fmt, "; ".join(m for ms in exc.errors.values() for m in ms))
    except NotAllowed as exc:
        return errors(fmt, 403, (403, exc.message))
    except DomainError as exc:
        return _bad(fmt, exc.message)


def _list(request, fmt: str) -> HttpResponse:
    q = request.GET
    qs = queries.public_requests().select_related("matter", "region", "content_class")
    ids = [i.strip() for i in q.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        # Explicit ids ignore the other filters (GeoReport v2).
        rows = qs.filter(number__in=ids[: queries.MAX_ROWS])
        return respond(fmt, "service_requests", [queries.request_json(p) for p in rows])
    end = _w3c(q["end_date"], "end_date") if q.get("end_date") else timesource.now()
    start = (
        _w3c(q["start_date"], "start_date")
        if q.get("start_date")
        else end - dt.timedelta(days=queries.MAX_DAYS)
    )
    if start > end:
        raise Invalid({"start_date": ["start_date must be before end_date"]})
    if end - start > dt.timedelta(days=queries.MAX_DAYS):
        raise Invalid({"start_date": [f"the date range may span at most {queries.MAX_DAYS} days"]})
    qs = qs.filter(registered_at__gte=start, registered_at__lte=end)
    codes = [c.strip() for c in q.get("service_code", "").split(",") if c.strip()]
    if codes:
        qs = qs.filter(content_class__code__in=codes)
    statuses = [x.strip() for x in q.get("status", "").split(",") if x.strip()]
    if any(x not in ("open", "closed") for x in statuses):
        raise Invalid({"status": ["status must be open or closed"]})
    if statuses == ["open"]:
        qs = qs.filter(matter__status__in=queries.OPEN)
    elif statuses == ["closed"]:
        qs = qs.filter(matter__status__in=queries.CLOSED)
    rows = qs.order_by("-registered_at", "-id")[: queries.MAX_ROWS]
    return respond(fmt, "service_requests", [queries.request_json(p) for p in rows])


def _post(request, fmt: str) -> HttpResponse:
    p = request.POST
    found = token_owner(p.get("api_key", ""))
    if found is None:
        return errors(fmt, 403, (403, "a valid api_key is required"))
    user = found[1]
    code = p.get("service_code", "").strip()
    if not code:
        return _bad(fmt, "service_code is required")
    service = queries.service(code)
    if service is None:
        return errors(fmt, 404, (404, f"service_code {code} not found"))
    data = {name: p.get(name, "").strip() for name in FIELDS}
    data["long"] = data["long"] or p.get("lon", "").strip()  # both spellings are in the wild
    for axis, bound in (("lat", 90), ("long", 180)):
        if data[axis]:
            try:
                data[axis] = float(data[axis])
            except ValueError:
                return _bad(fmt, f"{axis} must be a number")
            if not -bound <= data[axis] <= bound:
                return _bad(fmt, f"{axis} is out of range")
        else:
            data[axis] = None
    if data["lat"] is None and not data["address_string"] and not data["address_id"]:
        return _bad(fmt, "a location is required: lat & long, address_string or address_id")
    data["attributes"] = {
        key[len("attribute[") : -1]: value.strip()
        for key, value in p.items()
        if key.startswith("attribute[") and key.endswith("]")
    }
    row, _ = actions.post_request(
        user, service, data, idempotency_key=request.headers.get("Idempotency-Key", "").strip()
    )
    body = [{"service_request_id": row.petition.number, "token": str(row.token),
             "service_notice": "已登记，请通过网上信访或信访部门查询办理进度", "account_id": data["account_id"]}]  # fmt: skip
    return respond(fmt, "service_requests", body)


@require_GET
def request_detail(request, number: str, fmt: str):
    petition = queries.findable(number)
    if petition is None:
        return errors(fmt, 404, (404, f"service_request_id {number} not found"))
    return respond(fmt, "service_requests", [queries.request_json(petition)])


@require_GET
def token(request, token: str, fmt: str):
    key = _uuid(token)
    row = (
        ServiceRequest.objects.select_related("petition").filter(token=key).first() if key else None
    )
    if row is None:
        return errors(fmt, 404, (404, f"token {token} not found"))
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": row.petition.number, "token": str(row.token)}],
    )


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
