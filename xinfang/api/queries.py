"""Reads for the API: who a token belongs to."""

from __future__ import annotations

from xinfang.api.actions import hash_token
from xinfang.api.models import ApiToken
from xinfang.regions.queries import region_by_id, unit_by_id


def token_owner(plain: str) -> tuple[ApiToken, object] | None:
    """(token, user) for an active token of an active user, else None."""
    if not plain:
        return None
    # get(), not first(): the hash is unique, and first()'s ORDER BY costs every API request
    # a third more ORM work (measured 0.68 → 0.50 ms).
    try:
        token = ApiToken.objects.select_related("user").get(
            key_hash=hash_token(plain), revoked_at__isnull=True, user__is_active=True
        )
    except ApiToken.DoesNotExist:
        return None
    user = token.user
    # The unit and scope from memory (reference data) rather than three more joins; a row
    # missing from memory (never, short of a race with its deletion) is left to load lazily.
    unit = unit_by_id(user.unit_id) if user.unit_id else None
    region = region_by_id(user.region_id) if user.region_id else None
    if unit is not None:
        user.unit = unit
    if region is not None:
        user.region = region
    return token, user
