"""REST API v1 (django-ninja): the same access rules and actions as the staff pages.

Every endpoint authenticates a bearer token as its user, reads through petitions.queries
(anything out of scope is a 404) and writes through the petitions and workflow actions.
Errors are `{"errors": [{"field", "code", "message"}]}`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.db.models import Q
from django.http import Http404
from ninja import Field, Header, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from xinfang.api import actions, queries
from xinfang.api import schemas as s
from xinfang.classes.models import ContentClass
from xinfang.classes.queries import class_by_code, subtree_ids
from xinfang.insight import queries as insight
from xinfang.insight.classifier import is_unsure, suggest_class, unsure_below
from xinfang.intake import actions as intake
from xinfang.intake.actions import register_petition
from xinfang.lib.errors import DomainError, Invalid, NotAllowed, Unavailable
from xinfang.lib.identity import mask_id_number, mask_phone
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.petitions.models import Petition
from xinfang.petitions.queries import (
    PetitionFilter,
    access_matter,
    access_petition,
    assignments_for,
    filter_petitions,
    list_rows,
    timeline_for,
    visible_petitions,
    with_shown_facts,
)
from xinfang.regions.models import Region, Unit
from xinfang.regions.queries import region_by_code
from xinfang.workflow import actions as workflow
from xinfang.workflow.queries import allowed_actions, clocks_for


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = queries.token_owner(token)
        if found is None:
            return None
        row, user = found
        actions.touch(row)
        request.user = user
        return user


logger = logging.getLogger("xinfang.api")

api = NinjaAPI(
    title="信访业务系统 API",
    version="1",
    description="Petitions, matters and the statutory procedure. `Authorization: Bearer <token>` "
    "(create one with `xinfang token create USERNAME`).",
    urls_namespace="api",
    auth=BearerToken(),
)

ERRORS = {
    400: s.ErrorOut, 401: s.ErrorOut, 403: s.ErrorOut, 404: s.ErrorOut, 409: s.ErrorOut,
    422: s.ErrorOut,
}  # fmt: skip
READ_ERRORS = {400: s.ErrorOut, 401: s.ErrorOut, 404: s.ErrorOut, 422: s.ErrorOut}


def _errors(request, status: int, items: list[dict]):
    return api.create_response(request, {"errors": items}, status=status)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    if isinstance(exc, Invalid):
        items = [
            {"field": field, "code": "invalid", "message": message}
            for field, messages in exc.errors.items()
            for message in messages
        ]
        return _errors(request, 422, items)
    if isinstance(exc, Unavailable):
        response = _errors(
            request, 503, [{"field": exc.field, "code": exc.code, "message": exc.message}]
        )
        response["Retry-After"] = "30"
        return response
    status = 403 if isinstance(exc, NotAllowed) else 409
    return _errors(
        request, status, [{"field": exc.field, "code": exc.code, "message": exc.message}]
    )


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    items = []
    for error in exc.errors:
        loc = [
            str(p)
            for p in error.get("loc", ())
            if p not in ("body", "query", "path", "header", "payload")
        ]
        items.append(
            {
                "field": ".".join(loc),
                "code": error.get("type", "invalid"),
                "message": error.get("msg", ""),
            }
        )
    return _errors(request, 422, items)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _errors(
        request, 404, [{"field": "", "code": "not_found", "message": str(exc) or "没有找到"}]
    )


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = _errors(
        request,
        401,
        [{"field": "Authorization", "code": "unauthorised", "message": "需要有效的 Bearer 令牌"}],
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _errors(request, exc.status_code, [{"field": "", "code": "error", "message": str(exc)}])


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    message = f"请求体超过{limit}KB的上限"
    return _errors(request, 413, [{"field": "", "code": "payload_too_large", "message": message}])


@api.exception_handler(DatabaseError)
def _database_unavailable(request, exc):
    """A read-only, full or locked database is a temporary fault: say so, and when to retry.
    Nothing was written: every write runs in one transaction."""
    logger.exception("API request failed on the database")
    response = _errors(
        request,
        503,
        [{"field": "", "code": "unavailable", "message": "数据库暂时无法写入，请稍后重试"}],
    )
    response["Retry-After"] = "30"
    return response


@api.exception_handler(Exception)
def _server_error(request, exc):
    """Anything unforeseen still answers in the API's error shape (and is logged)."""
    logger.exception("API request failed")
    return _errors(
        request, 500, [{"field": "", "code": "server_error", "message": "服务器内部错误，已记录"}]
    )


# ---- petitions ----------------------------------------------------------------------------


def _ref(obj) -> dict:
    return {"code": obj.code, "name": obj.name}


def _summary(p: Petition) -> dict:
    return {
        "number": p.number, "matter_number": p.matter.number, "status": p.matter.status,
        "channel": p.channel, "received_on": p.received_on, "region": _ref(p.region),
        "content_class": _ref(p.content_class), "title": p.title, "is_repeat": p.is_repeat,
    }  # fmt: skip


def _detail(p: Petition, *, query_code=None, warnings=(), petitioners=None) -> dict:
    """`petitioners`: the rows when the caller has them (a registration), else read."""
    people = [
        {"kind": x.kind, "name": x.name, "id_type": x.id_type, "is_main": x.is_main,
         "id_number": mask_id_number(x.id_number) if x.id_number else "",
         "phone": mask_phone(x.phone) if x.phone else ""}
        for x in (p.petitioners.all() if petitioners is None else petitioners)
    ]  # fmt: skip
    return {
        **_summary(p), "level": p.level, "registering_unit": p.registering_unit.name,
        "content": p.content, "demands": p.demands, "purpose": p.purpose,
        "petitioner_count": p.petitioner_count, "people_concerned": p.people_concerned,
        "flags": p.flag_labels(), "petitioners": people, "registered_at": p.registered_at,
        "query_code": query_code, "warnings": list(warnings), "voided": p.is_voided,
        "void_reason": p.void_reason, "voided_at": p.voided_at,
    }  # fmt: skip


def _by_code(find, code: str, field: str):
    found = find(code)
    if found is None:
        raise Invalid({field: [f"代码 {code} 不存在"]})
    return found


def _draft(user, data: s.PetitionIn) -> PetitionDraft:
    from xinfang.lib import timesource

    repeat_of = None
    if data.repeat_of:
        try:
            repeat_of = access_matter(user, data.repeat_of.strip().upper())
        except Http404:
            raise Invalid({"repeat_of": ["没有找到该信访事项，或您无权查看"]}) from None
    fields = data.dict(
        exclude={"petitioners", "region", "content_class", "repeat_of", "received_on", "level"}
    )
    return PetitionDraft(
        **fields,
        received_on=data.received_on or timesource.today(),
        level=data.level or (user.unit.level if user.unit_id else ""),
        region=_by_code(region_by_code, data.region, "region"),
        # With its ancestors: the count tables file it under its first-level class.
        content_class=_by_code(class_by_code, data.content_class, "content_class"),
        repeat_of=repeat_of,
        petitioners=[PetitionerDraft(**p.dict()) for p in data.petitioners],
    )


@api.post(
    "/petitions", response={200: s.PetitionOut, 201: s.PetitionOut, **ERRORS}, tags=["petitions"]
)
def create_petition(
    request, payload: s.PetitionIn, idempotency_key: str = Header("", alias="Idempotency-Key")
):
    """Register a petition (登记). Send an `Idempotency-Key` so a retried request never
    registers twice: a replay answers 200 with the same petition and no 查询码."""
    user = request.auth
    if not user.may_register:
        raise NotAllowed("您没有登记信访件的权限")
    fingerprint = actions.request_fingerprint(payload.dict())
    petition, registration = actions.once(
        user, idempotency_key.strip(), fingerprint,
        lambda inside: register_petition(
            user, _draft(user, payload), inside=inside
        ),
    )  # fmt: skip
    if registration is None:
        return Status(200, _detail(access_petition(user, petition.number)))
    detail = _detail(
        petition, query_code=registration.query_code, warnings=registration.warnings,
        petitioners=registration.petitioners,
    )  # fmt: skip
    return Status(201, detail)


@api.get("/petitions/{number}", response={200: s.PetitionOut, **READ_ERRORS}, tags=["petitions"])
def get_petition(request, number: str):
    return _detail(access_petition(request.auth, number))


@api.post("/petitions/{number}/void", response={200: s.PetitionOut, **ERRORS}, tags=["petitions"])
def void_petition(request, number: str, payload: s.VoidIn):
    """作废 a petition registered by mistake, with the reason: its registrar within
    XINFANG_VOID_WINDOW_HOURS, a supervisor after. It leaves every list and count; the answer
    (and any later GET) shows `"voided": true`."""
    petition = access_petition(request.auth, number)
    voided = intake.void_petition(request.auth, petition, reason=payload.reason)
    return _detail(access_petition(request.auth, voided.number))


class PetitionQuery(Schema):
    q: str = ""
    channel: s.ChannelCode | None = None
    status: s.StatusCode | None = None
    content_class: str = ""
    region: str = ""
    unit: s.UnitId | None = None
    received_from: str = Field("", pattern=s.DATE_PATTERN)
    received_to: str = Field("", pattern=s.DATE_PATTERN)
    flags: list[str] = []
    repeat: str = ""
    cursor: str = ""
    limit: int = 50


def _date(value: str, field: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise Invalid({field: ["日期格式应为 YYYY-MM-DD"]}) from None


def _cursor(row: Petition) -> str:
    return base64.urlsafe_b64encode(f"{row.received_on.isoformat()}|{row.pk}".encode()).decode()


def _after(cursor: str) -> Q:
    try:
        day, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        day, pk = dt.date.fromisoformat(day), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Invalid({"cursor": ["无效的游标"]}) from None
    return Q(received_on__lt=day) | Q(received_on=day, pk__lt=pk)


@api.get("/petitions", response={200: s.PetitionPage, **READ_ERRORS}, tags=["petitions"])
def list_petitions(request, filters: Query[PetitionQuery]):
    """The case list with the UI's filters, newest first, paged by an opaque cursor."""
    if not 1 <= filters.limit <= 200:
        raise Invalid({"limit": ["limit 应在1至200之间"]})
    node = class_by_code(filters.content_class) if filters.content_class else None
    region = region_by_code(filters.region) if filters.region else None
    f = PetitionFilter(
        channel=filters.channel or "", status=filters.status or "",
        content_class_ids=subtree_ids(node) if node else ([-1] if filters.content_class else None),
        region=region, unit_id=filters.unit, received_from=_date(filters.received_from, "received_from"),
        received_to=_date(filters.received_to, "received_to"), flags=tuple(filters.flags), text=filters.q,
        repeat=filters.repeat,
    )  # fmt: skip
    qs = list_rows(filter_petitions(visible_petitions(request.auth), f))
    if filters.region and region is None:
        qs = qs.none()
    if filters.cursor:
        qs = qs.filter(_after(filters.cursor))
    rows = list(qs[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {
        "items": [_summary(p) for p in rows],
        "next_cursor": _cursor(rows[-1]) if more else None,
    }


# ---- repeat suggestions (insight) ---------------------------------------------------------


def _similar(found) -> list[dict]:
    return [
        {"petition_number": c.petition.number, "matter_number": c.matter.number,
         "score": c.score, "likely": c.is_likely, "reasons": c.reasons, "shared": c.shared,
         "matched": [{"key": m.key, "label": m.label, "value": m.value} for m in c.matches],
         "title": c.petition.title, "received_on": c.petition.received_on,
         "status": c.matter.status}
        for c in found
    ]  # fmt: skip


@api.post("/similar", response={200: list[s.SimilarOut], **READ_ERRORS}, tags=["insight"])
def similar_to_draft(request, payload: s.PetitionIn):
    """Earlier matters a draft petition (the create payload, not registered) may repeat,
    best first, with the reasons; only what the token's user may see."""
    draft = _draft(request.auth, payload)
    return _similar(insight.similar_to_draft(request.auth, draft))


@api.get(
    "/petitions/{number}/similar",
    response={200: list[s.SimilarOut], **READ_ERRORS},
    tags=["insight"],
)
def similar_to_petition(request, number: str):
    """Other matters a registered petition may repeat (dismissed suggestions left out)."""
    petition = access_petition(request.auth, number)
    return _similar(insight.similar_to_petition(request.auth, petition))


@api.post("/classify", response={200: s.ClassifyOut, **READ_ERRORS}, tags=["insight"])
def classify(request, payload: s.ClassifyIn):
    """Content-class suggestions for a text being registered (nothing is stored), as the
    registration page shows them; `unsure` when the model should not be trusted to choose."""
    found = suggest_class(payload.title, payload.content, on=payload.received_on)
    return {
        "unsure": is_unsure(found),
        "floor": unsure_below(),
        "suggestions": [
            {"code": k.code, "path": k.path, "first_level": k.first_level.code,
             "confidence": k.confidence, "class_confidence": k.class_confidence,
             "words": list(k.words)}
            for k in found
        ],
    }  # fmt: skip


# ---- matters and the procedure ------------------------------------------------------------


def _matter(user, matter) -> dict:
    matter = (
        with_shown_facts(user, type(matter).objects.filter(pk=matter.pk))
        .select_related("region", "content_class")
        .get()
    )
    return {
        "number": matter.number, "title": matter.shown_title, "status": matter.status,
        "status_label": matter.get_status_display(), "region": _ref(matter.region),
        "content_class": _ref(matter.content_class), "opened_on": matter.opened_on,
        "answered_on": matter.answered_on, "closed_on": matter.closed_on,
        "next_due_on": matter.next_due_on, "petition_count": matter.shown_petition_count,
        "units": [{"unit_id": a.unit_id, "unit": a.unit.name, "role": a.role}
                  for a in assignments_for(user, matter)],
        "clocks": [{"kind": c.kind, "due_on": c.due_on, "state": c.state, "provisional": c.provisional}
                   for c in clocks_for(user, matter)],
        "allowed_actions": allowed_actions(user, matter),
    }  # fmt: skip


@api.get("/matters/{number}", response={200: s.MatterOut, **READ_ERRORS}, tags=["matters"])
def get_matter(request, number: str):
    return _matter(request.auth, access_matter(request.auth, number))


@api.get(
    "/matters/{number}/timeline", response={200: list[s.EventOut], **READ_ERRORS}, tags=["matters"]
)
def get_timeline(request, number: str):
    matter = access_matter(request.auth, number)
    return [
        {"at": e.created_at, "kind": e.kind, "summary": e.summary,
         "actor": e.actor.display_name if e.actor else None}
        for e in timeline_for(request.auth, matter)
    ]  # fmt: skip


def _unit(pk: int, field: str) -> Unit:
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise Invalid({field: ["单位不存在"]})
    return unit


def _step(request, number: str, run):
    matter = access_matter(request.auth, number)
    run(request.auth, matter)  # IllegalStep (409), NotAllowed (403), Invalid (422)
    return _matter(request.auth, matter)


MOVE = {200: s.MatterOut, **ERRORS}


@api.post("/matters/{number}/forward", response=MOVE, tags=["procedure"])
def forward(request, number: str, payload: s.ForwardIn):
    """转送 (or 交办 with `assign`) to the lead unit, with assisting units (第22条)."""

    def run(user, matter):
        unit = _unit(payload.unit, "unit")
        assisting = [_unit(pk, "assisting") for pk in payload.assisting]
        workflow.forward(
            user, matter, unit, assign=payload.assign, assisting=assisting, note=payload.note
        )

    return _step(request, number, run)


@api.post("/matters/{number}/accept", response=MOVE, tags=["procedure"])
def accept(request, number: str, payload: s.AcceptIn):
    """受理 with the written notice (受理告知书, 第23条)."""
    return _step(request, number, lambda u, m: workflow.accept(u, m, **payload.dict()))


@api.post("/matters/{number}/extend", response=MOVE, tags=["procedure"])
def extend(request, number: str, payload: s.ExtendIn):
    """延期: once, at most 30日 (第34条)."""
    return _step(request, number, lambda u, m: workflow.extend(u, m, **payload.dict()))


@api.post("/matters/{number}/answer", response=MOVE, tags=["procedure"])
def answer(request, number: str, payload: s.AnswerIn):
    """信访处理意见书 by the lead unit (第32、34条)."""
    return _step(request, number, lambda u, m: workflow.answer(u, m, **payload.dict()))


@api.post("/matters/{number}/rate", response=MOVE, tags=["procedure"])
def rate(request, number: str, payload: s.RateIn):
    """The petitioner's rating, recorded by staff (phone, in person)."""
    return _step(request, number, lambda u, m: workflow.rate(u, m, **payload.dict()))


@api.post("/matters/{number}/request-review", response=MOVE, tags=["procedure"])
def request_review(request, number: str, payload: s.ReviewIn):
    """复查 requested by the petitioner within 30日 of the answer (第35条)."""

    def run(user, matter):
        unit = _unit(payload.reviewing_unit, "reviewing_unit")
        workflow.request_review(
            user, matter, reviewing_unit=unit, reason=payload.reason,
            requested_on=payload.requested_on,
        )  # fmt: skip

    return _step(request, number, run)


# ---- reference data -----------------------------------------------------------------------


@api.get("/regions", response={200: list[s.RegionOut], 401: s.ErrorOut}, tags=["reference"])
def regions(request):
    rows = Region.objects.select_related("parent").order_by("path")
    return [{"code": r.code, "name": r.name, "level": r.level,
                  "parent": r.parent.code if r.parent else None} for r in rows]  # fmt: skip


@api.get("/units", response={200: list[s.UnitOut], 401: s.ErrorOut}, tags=["reference"])
def units(request):
    rows = Unit.objects.filter(is_active=True).select_related("region")
    return [{"id": u.pk, "name": u.name, "kind": u.kind, "level": u.level,
                  "region": u.region.code} for u in rows]  # fmt: skip


@api.get("/classes", response={200: list[s.ClassOut], 401: s.ErrorOut}, tags=["reference"])
def classes(request):
    rows = ContentClass.objects.select_related("parent")
    return [{"code": c.code, "name": c.name, "level": c.level,
                  "parent": c.parent.code if c.parent else None,
                  "valid_from": c.valid_from, "valid_to": c.valid_to} for c in rows]  # fmt: skip


# ---- statistics ---------------------------------------------------------------------------

api.add_router("/statistics", "xinfang.api.statistics.router")
