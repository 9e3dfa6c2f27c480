from __future__ import annotations

from django.contrib import admin

from xinfang.assessment.models import Agreement, ScoringRule


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read-only: agreements are kept on the 目标考核 pages, through the actions."""

    list_display = ("year", "region", "unit", "title", "issuer_name", "signed_on")
    list_filter = ("year",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScoringRule)
class ScoringRuleAdmin(admin.ModelAdmin):
    list_display = ("year", "region", "indicator", "weight", "deduction", "is_veto")
    list_filter = ("year", "is_veto")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
