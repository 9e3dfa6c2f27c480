"""Every write the API makes of its own: tokens and idempotency records. Petitions and
matters change only through the petitions and workflow actions."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable

from django.db import DatabaseError, IntegrityError

from xinfang.api.models import ApiToken, IdempotencyKey
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError

TOKEN_PREFIX = "xf_"

logger = logging.getLogger("xinfang.api")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def create_token(user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; the plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name[:80], prefix=plain[:11], key_hash=hash_token(plain),
        created_at=timesource.now(),
    )  # fmt: skip
    return row, plain


def revoke_tokens(tokens) -> int:
    """Revoke the given tokens (a queryset); returns how many were still active."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timesource.now())


def touch(token: ApiToken) -> None:
    """Note the token's use, at most once a minute (cheap under load)."""
    now = timesource.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        try:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        except DatabaseError:
            # A note, not the request's purpose: a read (or a retry answered from its key)
            # still works while the database refuses writes.
            logger.warning("could not note the use of API token %s", token.prefix)


def request_fingerprint(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class IdempotencyConflict(DomainError):
    code = "idempotency_conflict"


def once(user, key: str, fingerprint: str, create: Callable, *, scope: str = "petitions"):
    """Run `create(inside)` (which registers and returns a Registration) once per (user,
    scope, key).

    Returns (petition, registration or None): None when the key was used before with the
    same request, whose petition is returned instead. `create` must run `inside(petition)`
    in its registration's transaction: it inserts the key's row there, so of two concurrent
    retries the second one's insert fails on the unique key (PostgreSQL makes it wait for
    the first to commit) and takes its registration back with it.
    """
    if not key:
        registration = create(None)
        return registration.petition, registration
    if len(key) > 100:
        raise DomainError("Idempotency-Key 不能超过100个字符", field="Idempotency-Key")
    # A retry of a request already registered is answered from its key, without writing, so
    # it gets the first answer even while the database cannot take writes (a full disk).
    row = IdempotencyKey.objects.filter(user=user, scope=scope, key=key).first()
    if row is not None and row.petition_id is not None:
        return _answer_again(row, fingerprint), None

    def remember(petition) -> None:
        IdempotencyKey.objects.create(
            user=user, scope=scope, key=key, request_hash=fingerprint, petition=petition,
            created_at=timesource.now(),
        )  # fmt: skip

    try:
        registration = create(remember)
    except IntegrityError:
        row = IdempotencyKey.objects.filter(user=user, scope=scope, key=key).first()
        if row is None or row.petition_id is None:
            raise IdempotencyConflict(
                "该 Idempotency-Key 的请求正在处理", field="Idempotency-Key"
            ) from None
        return _answer_again(row, fingerprint), None
    return registration.petition, registration


def _answer_again(row: IdempotencyKey, fingerprint: str):
    if row.request_hash != fingerprint:
        raise IdempotencyConflict("该 Idempotency-Key 已用于另一个请求", field="Idempotency-Key")
    return row.petition
