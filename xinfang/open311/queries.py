"""Reads for Open311: services are content classes, requests are petitions, and only
public facts are told (no petitioner data; 检举控告 never listed)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, QuerySet

from xinfang.classes.models import ContentClass
from xinfang.classes.queries import valid_on
from xinfang.events.models import Event
from xinfang.lib import timesource
from xinfang.open311.models import ServiceRequest
from xinfang.open311.render import w3c
from xinfang.petitions.models import MatterStatus as S
from xinfang.petitions.models import Petition, Purpose
from xinfang.portal.queries import public_petitions
from xinfang.workflow.models import Clock, ClockState, Step

OPEN = (S.REGISTERED, S.FORWARDED, S.ACCEPTED, S.REVIEWING, S.REREVIEWING)
# Closed = answered (办结) or otherwise ended; a 复查 or 复核 under way opens it again.
CLOSED = tuple(v for v in S.values if v not in OPEN)
DUE_CLOCKS = (
    "dispose",
    "accept_notice",
    "handle",
    "handle_fast",
    "extension",
    "review",
    "rereview",
)
MAX_DAYS = 90
MAX_ROWS = 1000


def services() -> QuerySet[ContentClass]:
    """The content classes in use: valid today, first and second level (the leaves are
    too fine for a client's menu; a request may still name any valid class)."""
    return valid_on(timesource.today()).filter(level__lte=2).select_related("parent")


def service(code: str) -> ContentClass | None:
    return valid_on(timesource.today()).filter(code=code).select_related("parent").first()


def service_json(node: ContentClass) -> dict:
    group = node.parent.name if node.parent_id else node.name
    return {
        "service_code": node.code, "service_name": node.name,
        "description": node.path_name, "metadata": True, "type": "realtime",
        "keywords": ",".join(node.keywords.split()), "group": group,
    }  # fmt: skip


def _choice(key: str, name: str, order: int, description: str, values, required=False) -> dict:
    return {
        "variable": True, "code": key, "datatype": "singlevaluelist", "required": required,
        "datatype_description": "", "order": order, "description": description,
        "values": [{"key": k, "name": v} for k, v in values],
    }  # fmt: skip


def _field(key, datatype, order, description, required=False, hint="") -> dict:
    return {
        "variable": True, "code": key, "datatype": datatype, "required": required,
        "datatype_description": hint, "order": order, "description": description,
    }  # fmt: skip


YES_NO = [("false", "否"), ("true", "是")]


def definition(node: ContentClass) -> dict:
    return {
        "service_code": node.code,
        "attributes": [
            _field("title", "string", 1, "标题", hint="不填则取反映内容的前30字"),
            _field("demands", "text", 2, "诉求"),
            _choice("purpose", "信访目的", 3, "信访目的", Purpose.choices),
            _field("people_concerned", "number", 4, "涉及人数", hint="正整数"),
            _choice(
                "is_accusation", "检举控告", 5, "是否为检举控告（依法保密，不公开）", YES_NO, True
            ),
            _choice("consent_public", "同意公开", 6, "是否同意公开（不含个人信息）", YES_NO),
            _field("id_number", "string", 7, "证件号码（身份证或统一社会信用代码）"),
        ],
    }


def public_requests() -> QuerySet[Petition]:
    """What GET requests answers: the petitions published on the board (a staff-reviewed,
    redacted copy of a consented petition), never a 检举控告 one."""
    return public_petitions().select_related("publication")


def findable(number: str) -> Petition | None:
    """A single request by id: only a published one. Any other number, unpublished or
    confidential or unknown, is answered exactly as a missing one (no oracle)."""
    return (
        public_requests()
        .select_related("matter", "region", "content_class")
        .filter(number=number)
        .first()
    )


def status_of(petition: Petition) -> str:
    return "open" if petition.matter.status in OPEN else "closed"


def request_json(petition: Petition) -> dict:
    """One service request as the standard names it, with public facts only."""
    matter = petition.matter
    if petition.is_accusation or matter.is_accusation:
        # 检举控告 (第30条): status only.
        return {"service_request_id": petition.number, "status": status_of(petition)}
    lead = matter.lead_assignment()
    due = (
        Clock.objects.filter(
            matter=matter, kind__in=DUE_CLOCKS, state__in=(ClockState.RUNNING, ClockState.LATE)
        )
        .order_by("due_on")
        .first()
    )
    step = (
        Step.objects.filter(matter=matter)
        .select_related("unit")
        .order_by("-created_at", "-id")
        .first()
    )
    updated = Event.objects.filter(matter=matter).aggregate(at=Max("created_at"))["at"]
    extra = ServiceRequest.objects.filter(petition=petition).first()
    published = getattr(petition, "publication", None)
    description = f"{published.title}\n{published.content}" if published else ""
    return {
        "service_request_id": petition.number,
        "status": status_of(petition),
        "status_notes": f"{step.get_kind_display()}（{step.unit.name if step.unit else matter.registering_unit.name}）"
        if step
        else matter.get_status_display(),
        "service_name": petition.content_class.name,
        "service_code": petition.content_class.code,
        "description": description,
        "agency_responsible": lead.unit.name if lead else matter.registering_unit.name,
        "service_notice": "",
        "requested_datetime": w3c(petition.registered_at),
        "updated_datetime": w3c(updated or petition.registered_at),
        "expected_datetime": w3c(_end_of(due.due_on)) if due else None,
        "address": extra.address_string if extra and extra.address_string else petition.region.name,
        "address_id": petition.region.code,
        "zipcode": "",
        "lat": extra.lat if extra else None,
        "long": extra.long if extra else None,
        "media_url": extra.media_url if extra else "",
    }


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=timesource.SHANGHAI)
