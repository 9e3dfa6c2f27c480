from __future__ import annotations

from django.contrib import admin

from xinfang.stats.actions import set_target
from xinfang.stats.models import FillState, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = (
        "year",
        "region",
        "unit",
        "indicator",
        "comparator",
        "value",
        "set_by",
        "set_at",
    )
    list_filter = ("year", "indicator")
    fields = ("year", "region", "unit", "indicator", "comparator", "value", "monthly", "note")
    autocomplete_fields = ()

    def save_model(self, request, obj, form, change):
        # Through the action, so the same checks apply as everywhere else.
        saved = set_target(
            request.user,
            year=obj.year,
            region=obj.region,
            unit=obj.unit,
            indicator=obj.indicator,
            comparator=obj.comparator,
            value=obj.value,
            monthly=obj.monthly,
            note=obj.note,
        )
        obj.pk = saved.pk


@admin.register(FillState)
class FillStateAdmin(admin.ModelAdmin):
    list_display = ("property", "end_day", "state", "last_modified")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
