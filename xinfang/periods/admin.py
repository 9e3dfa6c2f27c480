"""Periods are defined and reports sent on the 特护期 pages, through the actions; the admin
site only lists them."""

from django.contrib import admin

from xinfang.periods.models import DailyReport, SensitivePeriod


@admin.register(SensitivePeriod)
class SensitivePeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "report_deadline"]

    def has_add_permission(self, request):
        return False  # through the pages, whose actions check regions and thresholds

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DailyReport)
class DailyReportAdmin(admin.ModelAdmin):
    list_display = ["period", "region", "day", "is_zero_report", "submitted_by", "submitted_at"]
    list_filter = ["period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
