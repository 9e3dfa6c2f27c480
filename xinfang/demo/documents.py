"""The demo's documents (文书): the city bureau numbers its 转送单 and 交办单 by its own
patterns (怀信转 / 怀信交); every unit has issued the documents of the records it made in the
last weeks before the cutoff, in the order they were made, so each unit's 文号 run from 1 and
the case pages show issued documents beside ones still waiting.

Written through the documents actions, like everything else the demo builds.
"""

from __future__ import annotations

import datetime as dt

from xinfang.accounts.models import User
from xinfang.documents import actions, queries
from xinfang.documents.models import DocumentKind
from xinfang.petitions.models import Petition
from xinfang.workflow.models import Step

DAYS = 45  # documents issued for the records of the last 45 days
CITY_PATTERNS = {
    DocumentKind.FORWARD: "怀信转〔{year}〕{seq}号",
    DocumentKind.ASSIGN: "怀信交〔{year}〕{seq}号",
}


def build_documents(cutoff: dt.datetime) -> int:
    """Issue the recent documents; returns how many were issued."""
    registrar = User.objects.filter(username="city-registrar").first()
    if registrar is not None:
        for kind, pattern in CITY_PATTERNS.items():
            actions.set_pattern(registrar, kind, pattern, at=cutoff - dt.timedelta(days=DAYS + 1))
    since = cutoff.date() - dt.timedelta(days=DAYS)
    steps = (
        Step.objects.filter(
            kind__in=list(queries.STEP_KINDS),
            on__gte=since,
            actor__unit__isnull=False,
            actor__is_active=True,
        )
        .select_related("actor__unit__region", "matter__registering_unit", "unit")
        .order_by("on", "created_at", "pk")
    )
    first_petition = {}
    issued = 0
    for step in steps:
        petition = first_petition.get(step.matter_id)
        if petition is None:
            petition = (
                Petition.objects.filter(matter_id=step.matter_id, voided_at__isnull=True)
                .order_by("received_on", "pk")
                .first()
            )
            first_petition[step.matter_id] = petition
        if petition is None:
            continue
        actions.issue(step.actor, step, petition, at=step.created_at)
        issued += 1
    return issued
