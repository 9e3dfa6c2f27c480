"""Routing rules are the bureau's own table; index rows and dismissals are evidence only."""

from django.contrib import admin

from xinfang.insight.models import AttentionWord, DismissedMatch, RoutingRule
from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.petitions.admin import WithinReach


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["content_class", "region", "unit", "is_active", "note"]
    list_filter = ["is_active"]
    list_editable = ["is_active"]
    search_fields = ["unit__name", "content_class__name", "region__name"]


@admin.register(DismissedMatch)
class DismissedMatchAdmin(WithinReach, ReadOnlyAdmin):
    petition_path = "petition"
    matter_path = "matter"
    list_display = ["petition", "matter", "dismissed_by", "dismissed_at"]


@admin.register(AttentionWord)
class AttentionWordAdmin(admin.ModelAdmin):
    list_display = ["word", "category", "level", "is_active"]
    list_filter = ["category", "level", "is_active"]
    list_editable = ["level", "is_active"]
    search_fields = ["word"]
