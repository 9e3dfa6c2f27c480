"""Disputes and reports are written through the pages (actions); the admin site shows them
read-only, and only those the signed-in staff member may see."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from xinfang.disputes import queries
from xinfang.disputes.models import Dispute, MonthlyReport
from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.petitions.admin import WithinReach


@admin.register(Dispute)
class DisputeAdmin(WithinReach, ReadOnlyAdmin):
    # A dispute turned into a petition is listed only to who may see that petition too.
    petition_path = "petition"
    matter_path = "petition__matter"
    list_display = ["found_on", "title", "unit", "region", "kind", "risk", "status"]
    list_filter = ["status", "kind", "risk"]
    search_fields = ["title"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(queries.visibility(request.user))


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ["unit", "month", "submitted_by", "submitted_at"]

    def get_queryset(self, request):
        user = request.user
        mine = Q(unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
        if user.region_id:
            mine |= Q(unit__in=queries.townships_of(user.region).order_by().values("pk"))
        return super().get_queryset(request).filter(mine)
