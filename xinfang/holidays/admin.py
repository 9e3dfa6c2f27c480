"""Administrators enter next year's notice and local holidays here; writes go through actions."""

from django.contrib import admin

from xinfang.holidays import actions
from xinfang.holidays.calendar import package_years
from xinfang.holidays.models import DayOverride, OfficialYear


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    """A day's date is fixed once entered: to move it, delete the row and enter the new day."""

    list_display = ["date", "weekday", "is_workday", "note", "created_at"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["note"]
    fields = ["date", "is_workday", "note"]

    @admin.display(description="星期", ordering="date")
    def weekday(self, obj: DayOverride) -> str:
        return obj.weekday_name

    def get_readonly_fields(self, request, obj=None):
        return ["date"] if obj else []

    def save_model(self, request, obj, form, change):
        saved = actions.set_day(obj.date, obj.is_workday, obj.note)
        obj.pk, obj.created_at = saved.pk, saved.created_at

    def delete_model(self, request, obj):
        actions.clear_day(obj.date)

    def delete_queryset(self, request, queryset):
        for day in queryset.values_list("date", flat=True):
            actions.clear_day(day)


@admin.register(OfficialYear)
class OfficialYearAdmin(admin.ModelAdmin):
    """Create a year here once its whole notice is entered as day overrides."""

    list_display = ["year", "override_count", "note", "created_at"]
    fields = ["year", "note"]

    @admin.display(description="已录入天数")
    def override_count(self, obj: OfficialYear) -> int:
        # A query per listed year: there are only ever a handful of rows.
        return DayOverride.objects.filter(date__year=obj.year).count()

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj else []

    def changelist_view(self, request, extra_context=None):
        years = package_years()
        extra_context = {
            **(extra_context or {}),
            "title": f"已录入全年安排的年份（内置日历已含{years.start}–{years.stop - 1}年）",
        }
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        saved = actions.set_official_year(obj.year, obj.note)
        obj.pk, obj.created_at = saved.pk, saved.created_at

    def delete_model(self, request, obj):
        actions.clear_official_year(obj.year)

    def delete_queryset(self, request, queryset):
        for year in queryset.values_list("year", flat=True):
            actions.clear_official_year(year)
