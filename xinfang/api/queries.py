"""Reads for the API: who a token belongs to."""

from __future__ import annotations

from xinfang.api.actions import hash_token
from xinfang.api.models import ApiToken


def token_owner(plain: str) -> tuple[ApiToken, object] | None:
    """(token, user) for an active token of an active user, else None."""
    if not plain:
        return None
    # get(), not first(): the hash is unique, and first()'s ORDER BY costs every API request
    # a third more ORM work (measured 0.68 → 0.50 ms).
    try:
        token = ApiToken.objects.select_related("user", "user__unit__region", "user__region").get(
            key_hash=hash_token(plain), revoked_at__isnull=True, user__is_active=True
        )
    except ApiToken.DoesNotExist:
        return None
    return token, token.user
