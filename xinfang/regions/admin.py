from django.contrib import admin

from xinfang.regions.models import Region, Unit


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "population", "is_standard"]
    list_filter = ["level", "is_standard"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "region", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name"]
