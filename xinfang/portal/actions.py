"""Every write the public portal makes: counting requests, registering, rating, 复查.

Registration always goes through `intake.actions.register_petition`, acting as the
receiving bureau's portal intake account (see `intake_account`).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, connection, transaction

from xinfang.accounts.models import Role, User
from xinfang.intake.actions import register_petition
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid
from xinfang.petitions import redaction
from xinfang.petitions.drafts import PetitionDraft
from xinfang.petitions.models import Channel, Petition
from xinfang.portal.models import Publication, Submission, Throttle
from xinfang.regions.models import Unit
from xinfang.regions.queries import receiving_bureau
from xinfang.workflow import actions as workflow_actions
from xinfang.workflow import queries as workflow_queries

# ---- rate limits ------------------------------------------------------------------------


def _key(scope: str, value: str) -> str:
    # Hashed with the secret key so the table holds no phone, IP or number in clear.
    raw = f"{settings.SECRET_KEY}|{scope}|{value}".encode()
    return hashlib.sha256(raw).hexdigest()


def hit(scope: str, value: str, *, limit: int, window: dt.timedelta) -> bool:
    """Count one request for (scope, value); False once more than `limit` fell in `window`.

    One INSERT … ON CONFLICT DO UPDATE … RETURNING (SQLite and PostgreSQL) starts, restarts
    or bumps the window's counter atomically, so concurrent workers never lose a hit; every
    portal look-up and submission passes here.
    """
    now = timesource.now()
    ops = connection.ops
    table = ops.quote_name(Throttle._meta.db_table)
    key, count, started = (ops.quote_name(c) for c in ("key", "count", "window_started_at"))
    stamp = ops.adapt_datetimefield_value
    expired = f"{table}.{started} < %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, scope, {started}, {count}) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT ({key}) DO UPDATE SET "
            f"{count} = CASE WHEN {expired} THEN 1 ELSE {table}.{count} + 1 END, "
            f"{started} = CASE WHEN {expired} THEN excluded.{started} ELSE {table}.{started} END "
            f"RETURNING {count}",
            [_key(scope, value), scope, stamp(now), stamp(now - window), stamp(now - window)],
        )
        (count,) = cursor.fetchone()
    return count <= limit


def counter(scope: str, value: str) -> Throttle | None:
    """The counter of (scope, value), if any: its lock and whether there is one to clear."""
    try:
        return Throttle.objects.get(key=_key(scope, value))
    except Throttle.DoesNotExist:
        return None


def is_locked(row: Throttle | None) -> bool:
    return row is not None and row.locked_until is not None and row.locked_until > timesource.now()


def lock(scope: str, value: str, minutes: int) -> None:
    Throttle.objects.filter(key=_key(scope, value)).update(
        locked_until=timesource.now() + dt.timedelta(minutes=minutes), count=0
    )


def clear(scope: str, value: str) -> None:
    Throttle.objects.filter(key=_key(scope, value)).delete()


# ---- the intake account -----------------------------------------------------------------


def intake_account(bureau: Unit) -> User:
    """The bureau's portal service account (`portal-<region code>`): a registrar of that bureau
    that cannot log in (inactive, no usable password) and so never sees or hears anything; it
    only signs the registrations, ratings and 复查 requests petitioners make online."""
    user, created = User.objects.get_or_create(
        username=f"portal-{bureau.region.code}",
        defaults={
            "full_name": f"网上信访（{bureau.name}）",
            "role": Role.REGISTRAR,
            "unit": bureau,
            "region": bureau.region,
            "is_active": False,
            "password": make_password(None),
        },
    )
    if not created and user.unit_id != bureau.pk:
        User.objects.filter(pk=user.pk).update(unit=bureau)
        user.unit = bureau
    return user


# ---- submission -------------------------------------------------------------------------


def submit(nonce: str, draft: PetitionDraft) -> tuple[Petition, str | None]:
    """Register a petition sent through the portal, once per form nonce.

    Returns (petition, query code); the code is None when this nonce was already used (the
    petition registered the first time is returned).
    """
    draft.channel = Channel.ONLINE
    draft.received_on = timesource.today()
    if draft.region is None:
        raise Invalid({"region": ["请选择问题属地"]})
    bureau = receiving_bureau(draft.region)
    draft.level = bureau.level
    draft.lodged_with = f"{bureau.name}（网上信访）"
    try:
        with transaction.atomic():
            claim = Submission.objects.create(nonce=nonce, created_at=timesource.now())
            result = register_petition(intake_account(bureau), draft)
            Submission.objects.filter(pk=claim.pk).update(petition=result.petition)
    except IntegrityError:
        done = Submission.objects.filter(nonce=nonce).exclude(petition=None).first()
        if done is None:
            raise DomainError("该表单已提交，请勿重复提交", code="duplicate") from None
        return done.petition, None
    return result.petition, result.query_code


# ---- the petitioner's steps -------------------------------------------------------------


def rate(petition: Petition, *, bureau: str, unit: str, reason: str = ""):
    """The petitioner rates the bureau and the unit online (no staff actor)."""
    return workflow_actions.rate(None, petition.matter, bureau=bureau, unit=unit, reason=reason)


def reviewing_body(petition: Petition) -> Unit:
    """Where the petitioner's 复查 request is recorded (see workflow.queries.reviewing_body)."""
    return workflow_queries.reviewing_body(petition.matter)


def request_review(petition: Petition, *, reason: str):
    """The petitioner asks for 复查 online, within the window (第35条)."""
    clerk = intake_account(petition.matter.registering_unit)
    return workflow_actions.request_review(
        None, petition.matter, reviewing_unit=reviewing_body(petition), reason=reason, clerk=clerk
    )


def publish(actor, petition: Petition, *, at: dt.datetime | None = None) -> Publication:
    """Publish (or publish again, after a correction) a consented petition on the board and
    through Open311: its title, content and demands after redaction, stored as published at
    `at` (by default now).

    `actor` is the staff member who reviewed the redacted text (the publish page shows it
    beside the registered text); they must be able to change the registration.
    """
    from xinfang.petitions.queries import access_petition

    access_petition(actor, petition.number, write=True)  # 404 for anyone else
    if not petition.consent_public:
        raise DomainError("信访人未同意公开，不能公开", field="petition")
    if petition.is_accusation or petition.matter.is_accusation:
        raise DomainError("检举控告件不得公开", field="petition")
    known = redaction.particulars_of(petition)
    publication, _ = Publication.objects.update_or_create(
        petition=petition,
        defaults={
            "title": redaction.redact(petition.title, known)[:120],
            "content": redaction.redact(petition.content, known),
            "demands": redaction.redact(petition.demands, known),
            "published_at": at or timesource.now(),
            "published_by": actor,
        },
    )
    return publication
