"""Reads of the insight app: suggestions for a draft or a registered petition.

Candidates pass through `petitions.queries.visibility`, so a suggestion never reveals a
case the user could not open.
"""

from __future__ import annotations

from xinfang.insight import repeats
from xinfang.insight.fingerprint import Probe
from xinfang.insight.index import probe_of
from xinfang.insight.models import DismissedMatch


def probe_of_draft(draft) -> Probe:
    """The probe of a draft petition (petitions.drafts.PetitionDraft), not yet registered."""
    return probe_of(draft, draft.petitioners)


def similar_to_draft(user, draft, *, dismissed: set[int] = frozenset(), limit: int = 5):
    return repeats.find(user, probe_of_draft(draft), dismissed=dismissed, limit=limit)


def similar_to_petition(user, petition, *, limit: int = 5):
    """Other matters a registered petition may repeat, minus those a registrar ruled out."""
    dismissed = set(
        DismissedMatch.objects.filter(petition=petition).values_list("matter_id", flat=True)
    )
    probe = probe_of(petition, petition.petitioners.all())
    return repeats.find(
        user, probe, exclude_matter_id=petition.matter_id, dismissed=dismissed, limit=limit
    )
