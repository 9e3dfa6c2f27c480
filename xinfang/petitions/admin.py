"""Petitions are written only through actions; the admin shows them read-only."""

from django.contrib import admin

from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.petitions.models import Matter, Petition


@admin.register(Matter)
class MatterAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "status", "region", "petition_count", "opened_on"]
    search_fields = ["number", "title"]


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "channel", "received_on", "region"]
    search_fields = ["number"]
    exclude = ["query_code_hash"]
