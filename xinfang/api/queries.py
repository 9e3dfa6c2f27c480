"""Reads for the API: who a token belongs to."""

from __future__ import annotations

from xinfang.api.actions import hash_token
from xinfang.api.models import ApiToken


def token_owner(plain: str) -> tuple[ApiToken, object] | None:
    """(token, user) for an active token of an active user, else None."""
    if not plain:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__unit__region", "user__region")
        .filter(key_hash=hash_token(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return (token, token.user) if token else None
