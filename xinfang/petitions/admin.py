"""Petitions are written only through actions; the admin shows them read-only, and only
those the signed-in staff member may see by the case list's own rule (检举控告 included)."""

from __future__ import annotations

from django.contrib import admin

from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.petitions.models import Matter, Petition
from xinfang.petitions.queries import within_reach


class WithinReach:
    """An admin mixin: list and open only records of cases the user may see.

    Set `petition_path` and/or `matter_path` to the record's lookup to its Petition or
    Matter. Every admin over case records uses it (petitions.tests.test_admin checks).
    """

    petition_path = ""
    matter_path = ""

    def get_queryset(self, request):
        return within_reach(
            request.user,
            super().get_queryset(request),
            petition=self.petition_path,
            matter=self.matter_path,
        )


@admin.register(Matter)
class MatterAdmin(WithinReach, ReadOnlyAdmin):
    list_display = ["number", "title", "status", "region", "petition_count", "opened_on"]
    search_fields = ["number", "title"]
    matter_path = "pk"


@admin.register(Petition)
class PetitionAdmin(WithinReach, ReadOnlyAdmin):
    list_display = ["number", "title", "channel", "received_on", "region"]
    search_fields = ["number"]
    exclude = ["query_code_hash"]
    petition_path = "pk"
