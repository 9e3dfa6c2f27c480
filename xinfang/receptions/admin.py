"""Receptions are written through the pages (actions); the admin shows them read-only and
only within the signed-in staff member's reach."""

from __future__ import annotations

from django.contrib import admin

from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.receptions.models import Reception, Rota
from xinfang.receptions.queries import visible_receptions, visible_rotas


@admin.register(Reception)
class ReceptionAdmin(ReadOnlyAdmin):
    list_display = ["date", "leader", "form", "status", "region", "batches", "people"]
    list_filter = ["form", "status"]
    search_fields = ["leader__name", "place", "topics"]

    def get_queryset(self, request):
        return visible_receptions(request.user).select_related("leader", "region")


@admin.register(Rota)
class RotaAdmin(ReadOnlyAdmin):
    list_display = ["region", "starts_on", "ends_on", "place"]

    def get_queryset(self, request):
        return visible_rotas(request.user).select_related("region")
