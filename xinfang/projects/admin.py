"""Projects are written through the pages (actions); the admin site lists them read-only,
only those the signed-in staff member may see."""

from __future__ import annotations

from django.contrib import admin

from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.projects import queries
from xinfang.projects.models import Project


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["place", "kind", "planned", "done", "measure", "status", "unit", "region"]
    list_filter = ["kind", "status"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(queries.visibility(request.user))
