"""Parse the registration form as it stands while the registrar types (not yet valid)."""

from __future__ import annotations

import datetime as dt

from xinfang.classes.models import ContentClass
from xinfang.lib import params, timesource
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.regions.models import Region

MAX_PEOPLE = 50
PERSON_FIELDS = ("name", "id_number", "phone", "address")


def partial_draft(data) -> PetitionDraft:
    """A draft from whatever the form holds now; missing or bad values are left empty."""
    region = _pk_of(Region, data.get("region"))
    try:
        total = min(int(data.get("petitioners-TOTAL_FORMS", 0)), MAX_PEOPLE)
    except ValueError:
        total = 0
    people = []
    for i in range(total):
        values = {f: (data.get(f"petitioners-{i}-{f}") or "")[:120] for f in PERSON_FIELDS}
        if any(values.values()):
            people.append(PetitionerDraft(**values))
    return PetitionDraft(
        channel=data.get("channel", ""),
        received_on=_date(data.get("received_on")),
        level=data.get("level", ""),
        region=region,
        content_class=_pk_of(ContentClass, data.get("content_class")),
        title=(data.get("title") or "")[:200],
        content=(data.get("content") or "")[:20000],
        accused_name=(data.get("accused_name") or "")[:60],
        petitioners=people,
    )


def _is_id(value: str) -> bool:
    """ASCII digits that fit a database key ('¹'.isdigit() is true, and int() refuses it)."""
    return value.isascii() and value.isdigit() and int(value) <= params.MAX_ID


def dismissed_ids(data) -> set[int]:
    return {int(v) for v in data.getlist("dismissed") if _is_id(v)}


def _pk_of(model, raw):
    if not raw or not _is_id(str(raw)):
        return None
    return model.objects.filter(pk=int(raw)).first()


def _date(raw) -> dt.date:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return timesource.today()
