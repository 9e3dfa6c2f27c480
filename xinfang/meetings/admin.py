"""Meetings are written through the pages (actions); the admin site lists them read-only,
only those the signed-in staff member may see."""

from __future__ import annotations

from django.contrib import admin

from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.meetings import queries
from xinfang.meetings.models import Meeting, SpecialGroup


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "kind", "topic", "region", "convener"]
    list_filter = ["kind"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(queries.visibility(request.user))


@admin.register(SpecialGroup)
class SpecialGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "content_class", "region", "lead_unit"]

    def get_queryset(self, request):
        return queries.visible_groups(request.user)
