"""The API's request and response shapes (pydantic, through django-ninja)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, Strict

from xinfang.petitions.models import Channel, IdType, MatterStatus, PetitionerKind, Purpose
from xinfang.regions.models import Level
from xinfang.workflow.models import Delivery, Outcome, Satisfaction

ChannelCode = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
PurposeCode = Literal[tuple(Purpose.values)]  # type: ignore[valid-type]
LevelCode = Literal[tuple(Level.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(MatterStatus.values)]  # type: ignore[valid-type]
KindCode = Literal[tuple(PetitionerKind.values)]  # type: ignore[valid-type]
IdTypeCode = Literal[tuple(IdType.values)]  # type: ignore[valid-type]
OutcomeCode = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]
DeliveryCode = Literal[tuple(Delivery.values)]  # type: ignore[valid-type]
SatisfactionCode = Literal[tuple(Satisfaction.values)]  # type: ignore[valid-type]


def _iso_date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


# An ISO date and nothing else (pydantic's lax mode would also take 0 or 1.5 as a date).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), Strict()]
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# A unit's database key: a 20-digit number is a 422, not an overflow deep in the database.
UnitId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class In(Schema):
    """Request bodies are strict: a string is not a number, 1 is not true."""

    model_config = ConfigDict(strict=True, extra="forbid")


class ErrorItem(Schema):
    field: str = Field(description="the input field, or empty for the request as a whole")
    code: str
    message: str


class ErrorOut(Schema):
    errors: list[ErrorItem]


class Ref(Schema):
    code: str
    name: str


class PetitionerIn(In):
    name: str = Field(max_length=80)
    kind: KindCode = "person"
    id_type: IdTypeCode = "resident_id"
    id_number: str = Field("", max_length=32)
    phone: str = Field("", max_length=30)
    address: str = Field("", max_length=120)
    household_place: str = Field("", max_length=80)
    residence_place: str = Field("", max_length=80)
    occupation: str = Field("", max_length=40)
    is_main: bool = False


class PetitionIn(In):
    channel: ChannelCode
    received_on: IsoDate | None = Field(None, description="defaults to today (Asia/Shanghai)")
    level: LevelCode | None = Field(None, description="defaults to the registering unit's level")
    region: str = Field(max_length=12, description="问题属地, a GB/T 2260 code")
    content_class: str = Field(max_length=12, description="content class code")
    title: str = Field(max_length=120)
    content: str = Field(max_length=20000)
    demands: str = Field("", max_length=5000)
    purpose: PurposeCode = "request"
    petitioner_count: int = Field(1, ge=1, le=100000)
    people_concerned: int | None = Field(None, ge=1, le=10000000)
    accused_name: str = Field("", max_length=60)
    accused_unit_name: str = Field("", max_length=80)
    accused_level: str = Field("", max_length=20)
    is_overlevel: bool = False
    is_abnormal: bool = False
    is_urgent: bool = False
    is_law_related: bool = False
    is_accusation: bool = False
    is_anonymous: bool = False
    is_joint: bool = False
    consent_public: bool = False
    repeat_of: str = Field("", max_length=32, description="a matter number: register as a repeat")
    petitioners: list[PetitionerIn] = Field(default_factory=list, max_length=50)


class PetitionerOut(Schema):
    kind: str
    name: str
    id_type: str
    id_number: str = Field(description="masked")
    phone: str = Field(description="masked")
    is_main: bool


class PetitionSummary(Schema):
    number: str
    matter_number: str
    status: str
    channel: str
    received_on: dt.date
    region: Ref
    content_class: Ref
    title: str
    is_repeat: bool


class PetitionOut(PetitionSummary):
    level: str
    registering_unit: str
    content: str
    demands: str
    purpose: str
    petitioner_count: int
    people_concerned: int
    flags: list[str]
    petitioners: list[PetitionerOut]
    registered_at: dt.datetime
    query_code: str | None = Field(
        None, description="only in the answer that registered the petition; never again"
    )
    warnings: list[str] = Field(default_factory=list)
    voided: bool = Field(False, description="作废: registered by mistake, in no list or count")
    void_reason: str = ""
    voided_at: dt.datetime | None = None


class VoidIn(In):
    reason: str = Field(max_length=200)


class PetitionPage(Schema):
    items: list[PetitionSummary]
    next_cursor: str | None


class AssignmentOut(Schema):
    unit_id: int
    unit: str
    role: str


class ClockOut(Schema):
    kind: str
    due_on: dt.date
    state: str
    provisional: bool


class MatterOut(Schema):
    number: str
    title: str
    status: str
    status_label: str
    region: Ref
    content_class: Ref
    opened_on: dt.date
    answered_on: dt.date | None
    closed_on: dt.date | None
    next_due_on: dt.date | None
    petition_count: int
    units: list[AssignmentOut]
    clocks: list[ClockOut]
    allowed_actions: list[str]


class EventOut(Schema):
    at: dt.datetime
    kind: str
    summary: str
    actor: str | None


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    region: str


class ClassOut(Schema):
    code: str
    name: str
    level: int
    parent: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class ForwardIn(In):
    unit: UnitId = Field(description="the lead unit's id")
    assisting: list[UnitId] = Field(default_factory=list, max_length=20)
    assign: bool = Field(False, description="交办 instead of 转送")
    note: str = Field("", max_length=5000)


class AcceptIn(In):
    notice: str = Field(max_length=5000)
    delivery: DeliveryCode = "post"
    fast_track: bool = False


class ExtendIn(In):
    days: int = Field(ge=1, le=30)
    reason: str = Field(max_length=5000)
    approver: str = Field(max_length=40)


class AnswerIn(In):
    outcome: OutcomeCode
    text: str = Field(max_length=5000)
    facts: str = Field("", max_length=5000)
    legal_basis: str = Field("", max_length=5000)
    delivery: DeliveryCode = "post"
    delivered_on: IsoDate | None = None
    reaction: str = Field("", max_length=200)


class RateIn(In):
    bureau: SatisfactionCode
    unit: SatisfactionCode
    reason: str = Field("", max_length=300)


class ReviewIn(In):
    reviewing_unit: UnitId
    reason: str = Field(max_length=5000)
    requested_on: IsoDate | None = None


class MatchOut(Schema):
    key: str = Field(
        description="what matched: id_number, phone, name, name_sound, name_one_off, address, "
        "accused, content"
    )
    label: str = Field(description="the same in words, as `reasons` has it")
    value: str = Field(
        description="what it matched on, as the earlier petition has it (ID and phone masked)"
    )


class SimilarOut(Schema):
    petition_number: str
    matter_number: str
    score: float = Field(description="0–1; from 0.6 a likely repeat (重信重访)")
    likely: bool
    reasons: list[str] = Field(description="what matched, in words (证件号码相同, 内容相似度72% …)")
    shared: list[str] = Field(description="the longest passages both texts contain")
    matched: list[MatchOut] = Field(description="the keys that matched, with their values")
    title: str
    received_on: dt.date
    status: StatusCode


class ClassifyIn(In):
    title: str = Field(max_length=120)
    content: str = Field(max_length=20000)
    received_on: IsoDate | None = Field(None, description="classes valid on this day (today)")


class ClassSuggestionOut(Schema):
    code: str
    path: str = Field(description="一级 / 二级 / 三级 names")
    first_level: str = Field(description="the first-level class's code")
    confidence: float = Field(description="0–1, that the first level is right (calibrated)")
    class_confidence: float = Field(description="0–1, that the class itself is right")
    words: list[str] = Field(description="the text's words that pushed toward it")


class ClassifyOut(Schema):
    unsure: bool = Field(
        description="even the first is below `floor`: the model is unsure, the suggestions are "
        "hints for a person to choose from (the staff page says 模型把握不大，请人工选择)"
    )
    floor: float = Field(description="XINFANG_CLASS_SUGGESTION_FLOOR as 0–1")
    suggestions: list[ClassSuggestionOut] = Field(
        description="best first: one when at least 0.8 sure, else up to three"
    )


class ReportPeriod(Schema):
    start: dt.date
    end: dt.date


class ReportRegion(Schema):
    code: str
    name: str
    population: int | None = None


class ReportOut(Schema):
    """An annual or monthly report: the paragraph and every figure with its definition."""

    title: str
    region: ReportRegion
    period: ReportPeriod
    peak_since: int | None = None
    text: str
    figures: dict[str, dict[str, Any]]
    by_region: list[dict[str, Any]]
    by_class: list[dict[str, Any]]
    targets: list[dict[str, Any]]
