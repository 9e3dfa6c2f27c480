"""A petition as submitted, before registration, and the rules it must satisfy.

Every intake path (staff form, API, importer, portal, demo) builds a `PetitionDraft` and
hands it to `actions.register_petition`, which runs `validate` first: one set of rules,
whatever the door.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from xinfang.lib.identity import IdentityError, check_credit_code, check_phone, check_resident_id
from xinfang.petitions.models import (
    COLLECTIVE_VISIT_MIN_PEOPLE,
    VISIT_CHANNELS,
    Channel,
    IdType,
    Petitioner,
    PetitionerKind,
    Purpose,
)
from xinfang.regions.models import Level

TITLE_MAX = 120
CONTENT_MAX = 20000
DEMANDS_MAX = 5000
MAX_ATTACHMENTS = 10
EARLIEST_RECEIPT = dt.date(1990, 1, 1)
# Choices as sets, built once: an enum's `.values` builds a new list on every use, which was
# a tenth of the ledger import's validation (bench/imports.py).
CHANNELS, LEVELS, PURPOSES, ID_TYPES = (
    frozenset(choices.values) for choices in (Channel, Level, Purpose, IdType)
)

# Extension → (content type, magic prefixes). Content is checked, not just the name, and
# every download is sent as an attachment, so nothing uploaded is ever rendered or run.
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "txt": ("text/plain", ()),
}


@dataclass
class PetitionerDraft:
    name: str
    kind: str = PetitionerKind.PERSON
    sex: str = ""
    id_type: str = IdType.RESIDENT_ID
    id_number: str = ""
    phone: str = ""
    household_place: str = ""
    residence_place: str = ""
    address: str = ""
    occupation: str = ""
    is_main: bool = False


@dataclass
class PetitionDraft:
    channel: str
    received_on: dt.date
    level: str
    region: object  # regions.Region
    content_class: object  # classes.ContentClass
    title: str
    content: str
    purpose: str = Purpose.REQUEST
    demands: str = ""
    lodged_with: str = ""
    petitioner_count: int = 1
    people_concerned: int | None = None
    accused_name: str = ""
    accused_unit_name: str = ""
    accused_level: str = ""
    accused_unit: object | None = None  # regions.Unit
    is_overlevel: bool = False
    is_abnormal: bool = False
    is_urgent: bool = False
    is_law_related: bool = False
    is_accusation: bool = False
    is_anonymous: bool = False
    is_joint: bool = False
    consent_public: bool = False
    petitioners: list[PetitionerDraft] = field(default_factory=list)
    repeat_of: object | None = None  # petitions.Matter
    attachments: list[UploadedFile] = field(default_factory=list)


class _Errors(dict):
    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)


class Checked(NamedTuple):
    """A draft's verdict, and the draft as it would be registered: texts trimmed, identity
    numbers and phones in their normal forms, sex read from the ID number, 涉及人数
    defaulting to 信访人数, the only petitioner marked main."""

    draft: PetitionDraft
    errors: dict[str, list[str]]
    warnings: list[str]


def check(draft: PetitionDraft, *, today: dt.date, historical: bool = False) -> Checked:
    """Check a draft without changing it; the normalised copy comes back in the result.

    Errors are by field name; petitioner fields are named `petitioners-<index>-<field>`, as
    the registration form's formset names them.
    `historical`: a petition from a past ledger (历史台账). The contact rules (an ID number
    for a visit, a phone for a call, an address for a letter) are what the counter must ask
    of the person in front of it; a ledger written years ago holds what it holds, and the
    documented import format makes 信访人, 证件号码 and 联系电话 optional.
    """
    normal = _copied(draft)
    normal.petitioners = [_copied(p) for p in draft.petitioners]
    errors = _Errors()
    warnings: list[str] = []
    _check_case(normal, errors, today)
    _check_people(normal, errors, warnings, today, historical)
    _check_attachments(normal, errors)
    return Checked(normal, dict(errors), warnings)


def check_people(
    petitioners: list[PetitionerDraft], *, channel: str, today: dt.date, is_anonymous: bool = False
) -> dict[str, list[str]]:
    """The petitioners' own errors (ID numbers, phones, a way to answer for the `channel`),
    for a form whose case part is not valid yet: the clerk is shown every mistake in one
    pass, not the people's after the title's."""
    people = PetitionDraft(
        channel=channel, received_on=today, level="", region=None, content_class=None,
        title="", content="", is_anonymous=is_anonymous,
        petitioners=[_copied(p) for p in petitioners],
    )  # fmt: skip
    errors = _Errors()
    _check_people(people, errors, [], today, False)
    return {key: found for key, found in errors.items() if key.startswith("petitioners-")}


def _copied(draft):
    """A shallow copy of a draft: what `dataclasses.replace` makes, in a seventh of the time
    (it calls `__init__` with every field by name: 11.5 µs a ledger row, bench/imports.py)."""
    copy = object.__new__(type(draft))
    copy.__dict__.update(draft.__dict__)
    return copy


def validate(
    draft: PetitionDraft, *, today: dt.date, historical: bool = False
) -> tuple[dict[str, list[str]], list[str]]:
    """(errors, warnings) of `check`, for callers that need only the verdict (the importer)."""
    checked = check(draft, today=today, historical=historical)
    return checked.errors, checked.warnings


def _check_case(draft: PetitionDraft, errors: _Errors, today: dt.date) -> None:
    if draft.channel not in CHANNELS:
        errors.add("channel", "请选择信访形式")
    if draft.level not in LEVELS:
        errors.add("level", "请选择登记层级")
    if draft.purpose not in PURPOSES:
        errors.add("purpose", "请选择信访目的")
    if draft.received_on > today:
        errors.add("received_on", "收到日期不能晚于今天")
    elif draft.received_on < EARLIEST_RECEIPT:
        errors.add("received_on", "收到日期不能早于1990年")
    if draft.region is None:
        errors.add("region", "请选择问题属地")
    if draft.content_class is None:
        errors.add("content_class", "请选择内容分类")
    elif not draft.content_class.is_valid_on(draft.received_on):
        errors.add("content_class", f"内容分类“{draft.content_class.name}”在收到日期不在有效期内")
    draft.title = (draft.title or "").strip()
    draft.content = (draft.content or "").strip()
    draft.demands = (draft.demands or "").strip()
    if not draft.title:
        errors.add("title", "请填写标题")
    elif len(draft.title) > TITLE_MAX:
        errors.add("title", f"标题不能超过{TITLE_MAX}字")
    if not draft.content:
        errors.add("content", "请填写反映内容")
    elif len(draft.content) > CONTENT_MAX:
        errors.add("content", f"反映内容不能超过{CONTENT_MAX}字")
    if len(draft.demands) > DEMANDS_MAX:
        errors.add("demands", f"诉求不能超过{DEMANDS_MAX}字")
    if draft.petitioner_count is None or draft.petitioner_count < 1:
        errors.add("petitioner_count", "信访人数至少为1")
    elif (
        draft.channel == Channel.COLLECTIVE_VISIT
        and draft.petitioner_count < COLLECTIVE_VISIT_MIN_PEOPLE
    ):
        errors.add("petitioner_count", f"集体访人数应不少于{COLLECTIVE_VISIT_MIN_PEOPLE}人")
    if draft.people_concerned is None:
        draft.people_concerned = draft.petitioner_count
    elif draft.people_concerned < 1:
        errors.add("people_concerned", "涉及人数至少为1")
    elif draft.petitioner_count and draft.people_concerned < draft.petitioner_count:
        errors.add("people_concerned", "涉及人数不能少于信访人数")
    if draft.is_anonymous and draft.channel in VISIT_CHANNELS:
        errors.add("is_anonymous", "来访须登记信访人身份，不能匿名")


@functools.cache
def _text_limits() -> dict[str, int]:
    """A petitioner's free-text fields and their lengths, read from the model once (looking
    them up for every person was a hundredth of a ledger import's preparing)."""
    return {n: Petitioner._meta.get_field(n).max_length for n in (
        "name", "household_place", "residence_place", "address", "occupation")}  # fmt: skip


def _check_people(
    draft: PetitionDraft, errors: _Errors, warnings: list[str], today: dt.date, historical: bool
) -> None:
    people = draft.petitioners
    if draft.is_anonymous:
        return
    if not people:
        errors.add("petitioners", "请至少登记一名信访人（匿名件请勾选“匿名”）")
        return
    mains = sum(1 for p in people if p.is_main)
    if mains == 0 and len(people) == 1:
        people[0].is_main = True
    elif mains != 1:
        errors.add("petitioners", "请标记一名（且仅一名）主信访人")
    if draft.is_joint and len(people) < 2:
        errors.add("is_joint", "联名信访须登记至少两名信访人")
    if draft.petitioner_count and len(people) > draft.petitioner_count:
        errors.add("petitioner_count", f"信访人数不能少于已登记的信访人（{len(people)}人）")
    seen_ids: dict[str, int] = {}
    for index, person in enumerate(people):
        _check_person(draft, index, person, errors, warnings, today, historical)
        if person.id_number and person.id_number in seen_ids:
            errors.add(f"petitioners-{index}-id_number", "同一证件号码重复登记")
        elif person.id_number:
            seen_ids[person.id_number] = index


def _check_person(
    draft: PetitionDraft,
    index: int,
    person: PetitionerDraft,
    errors: _Errors,
    warnings: list[str],
    today: dt.date,
    historical: bool = False,
) -> None:
    name = f"petitioners-{index}-"
    person.name = (person.name or "").strip()
    for attr, limit in _text_limits().items():
        value = (getattr(person, attr) or "").strip()
        setattr(person, attr, value)
        if len(value) > limit:
            errors.add(name + attr, f"不能超过{limit}字")
    if not person.name:
        errors.add(name + "name", "请填写信访人姓名或名称")
    if person.id_type not in ID_TYPES:
        errors.add(name + "id_type", "请选择证件类型")
    number = (person.id_number or "").strip()
    if person.id_type == IdType.RESIDENT_ID and number:
        try:
            checked = check_resident_id(number, today=today)
        except IdentityError as exc:
            errors.add(name + "id_number", str(exc))
        else:
            person.id_number = checked.number
            warnings.extend(f"{person.name}：{w}" for w in checked.warnings)
            if person.sex and person.sex != checked.sex:
                errors.add(name + "sex", "性别与身份证号码不符")
            person.sex = checked.sex
    elif person.id_type == IdType.CREDIT_CODE and number:
        try:
            person.id_number = check_credit_code(number)
        except IdentityError as exc:
            errors.add(name + "id_number", str(exc))
    elif person.id_type == IdType.NONE:
        person.id_number = ""
    else:
        person.id_number = number[:32]
    if person.kind == PetitionerKind.ORGANISATION and person.id_type == IdType.RESIDENT_ID:
        errors.add(name + "id_type", "法人或其他组织请使用统一社会信用代码")
    if person.kind == PetitionerKind.PERSON and person.id_type == IdType.CREDIT_CODE:
        errors.add(name + "id_type", "自然人不能使用统一社会信用代码")
    if person.phone:
        try:
            person.phone = check_phone(person.phone)
        except IdentityError as exc:
            errors.add(name + "phone", str(exc))
    if person.is_main and not historical:
        _check_contact(draft, name, person, number, errors)


def _check_contact(
    draft: PetitionDraft, name: str, person: PetitionerDraft, number: str, errors: _Errors
) -> None:
    """Registration must leave a way to answer: a visit is checked in person, a call or an
    online message comes with a number; the main petitioner of a letter needs an address
    or a phone."""
    if draft.channel in VISIT_CHANNELS and person.kind == PetitionerKind.PERSON and not number:
        errors.add(name + "id_number", "来访登记须填写主信访人证件号码")
    if draft.channel in (Channel.PHONE, Channel.ONLINE) and not person.phone:
        errors.add(name + "phone", "来电、网上信访须填写联系电话")
    if draft.channel in (Channel.LETTER, Channel.FAX) and not (person.phone or person.address):
        errors.add(name + "address", "来信须填写住址或联系电话，以便答复")


def _check_attachments(draft: PetitionDraft, errors: _Errors) -> None:
    if len(draft.attachments) > MAX_ATTACHMENTS:
        errors.add("attachments", f"附件不能超过{MAX_ATTACHMENTS}个")
        return
    limit = settings.ATTACHMENT_MAX_BYTES
    for upload in draft.attachments:
        label = upload.name or "附件"
        extension = label.rsplit(".", 1)[-1].lower() if "." in label else ""
        if extension not in ATTACHMENT_TYPES:
            allowed = "、".join(sorted(ATTACHMENT_TYPES))
            errors.add("attachments", f"{label}：不支持的文件类型（允许 {allowed}）")
            continue
        if upload.size > limit:
            errors.add("attachments", f"{label}：文件超过{limit // (1024 * 1024)}MB")
            continue
        if upload.size == 0:
            errors.add("attachments", f"{label}：文件为空")
            continue
        if not _content_matches(upload, extension):
            errors.add("attachments", f"{label}：文件内容与扩展名不符")


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    magics = ATTACHMENT_TYPES[extension][1]
    if magics:
        return any(head.startswith(m) for m in magics)
    # Plain text: must decode and must not smuggle markup a browser would sniff as HTML.
    try:
        # Incremental, so a character cut at the 4 KiB boundary is not an error.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        try:
            text = head.decode("gb18030")
        except UnicodeDecodeError:
            return False
    return "\x00" not in text and "<html" not in text.lower() and "<script" not in text.lower()
