"""POST requests: an Open311 service request becomes a petition through the same
registration action as every other door, acting as the api_key's user."""

from __future__ import annotations

from xinfang.api import actions as api_actions
from xinfang.intake.actions import register_petition
from xinfang.lib import timesource
from xinfang.lib.errors import Invalid, NotAllowed
from xinfang.open311.models import ServiceRequest
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.petitions.models import Channel, IdType, PetitionerKind
from xinfang.regions.models import Region
from xinfang.regions.queries import region_by_code


def resolve_region(address_id: str, address_string: str) -> Region:
    """问题属地 from `address_id` (a GB/T 2260 code) or the most specific region named in
    `address_string` (e.g. "怀化市鹤城区迎丰路"). Coordinates alone cannot be placed: the
    region table has no boundaries."""
    if address_id:
        region = region_by_code(address_id.strip())
        if region is None:
            raise Invalid({"address_id": [f"address_id {address_id} is not a known region code"]})
        return region
    named = [r for r in Region.objects.all() if r.name and r.name in (address_string or "")]
    if named:
        return max(named, key=lambda r: r.path.count("/"))
    raise Invalid(
        {
            "address_id": [
                "address_id (a GB/T 2260 region code) or an address_string naming the region is required"
            ]
        }
    )


def _flag(value: str, name: str) -> bool:
    value = (value or "").strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no", ""):
        return False
    raise Invalid({f"attribute[{name}]": [f"attribute[{name}] must be true or false"]})


def post_request(
    user, service, data: dict, *, idempotency_key: str = ""
) -> tuple[ServiceRequest, bool]:
    """Register the request; (row, created). A retry with the same Idempotency-Key finds the
    first registration."""
    if not user.may_register or user.unit_id is None:
        raise NotAllowed("the api_key's user may not register petitions")
    attrs = data["attributes"]
    if "is_accusation" not in attrs:
        raise Invalid({"attribute[is_accusation]": ["attribute[is_accusation] is required"]})
    description = (data.get("description") or "").strip()
    if not description:
        raise Invalid({"description": ["description is required"]})
    region = resolve_region(data.get("address_id", ""), data.get("address_string", ""))
    people = attrs.get("people_concerned", "").strip()
    try:
        people_concerned = int(people) if people else None
    except ValueError:
        raise Invalid(
            {"attribute[people_concerned]": ["people_concerned must be a whole number"]}
        ) from None
    name = f"{data.get('last_name', '')}{data.get('first_name', '')}".strip()
    id_number = attrs.get("id_number", "").strip()
    organisation = len(id_number) == 18 and not id_number[:17].isdigit()
    person = PetitionerDraft(
        name=name, kind=PetitionerKind.ORGANISATION if organisation else PetitionerKind.PERSON,
        id_type=(IdType.CREDIT_CODE if organisation else IdType.RESIDENT_ID) if id_number else IdType.NONE,
        id_number=id_number, phone=data.get("phone", ""), is_main=True,
    )  # fmt: skip
    accusation = _flag(attrs.get("is_accusation"), "is_accusation")
    draft = PetitionDraft(
        channel=Channel.ONLINE, received_on=timesource.today(), level=user.unit.level, region=region,
        content_class=service, title=(attrs.get("title") or description[:30]).strip(),
        content=description, demands=attrs.get("demands", ""),
        purpose=attrs.get("purpose") or "request", people_concerned=people_concerned,
        is_accusation=accusation,
        consent_public=_flag(attrs.get("consent_public"), "consent_public") and not accusation,
        petitioners=[person] if name or data.get("phone") else [],
        lodged_with=f"{user.unit.name}（Open311）",
    )  # fmt: skip
    fingerprint = api_actions.request_fingerprint(data)

    def register(inside):
        def record_request(petition) -> None:
            ServiceRequest.objects.create(
                petition=petition, lat=data.get("lat"), long=data.get("long"),
                address_string=(data.get("address_string") or "")[:200],
                media_url=(data.get("media_url") or "")[:200], created_at=timesource.now(),
            )  # fmt: skip
            if inside is not None:
                inside(petition)

        return register_petition(user, draft, inside=record_request)

    petition, registration = api_actions.once(
        user, idempotency_key, fingerprint, register, scope="open311"
    )
    return ServiceRequest.objects.get(petition=petition), registration is not None
