"""Time limits are edited here (a province may set its own); the rest is read-only evidence."""

from django.contrib import admin

from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.petitions.admin import WithinReach
from xinfang.workflow.models import Clock, Step, SupervisionNotice, TimeLimit


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ["kind", "amount", "measure", "warn_days", "serious_days"]
    list_editable = ["amount", "measure", "warn_days", "serious_days"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Clock)
class ClockAdmin(WithinReach, ReadOnlyAdmin):
    matter_path = "matter"
    list_display = ["matter", "kind", "unit", "started_on", "due_on", "state", "provisional"]
    list_filter = ["kind", "state", "provisional"]
    search_fields = ["matter__number"]


@admin.register(Step)
class StepAdmin(WithinReach, ReadOnlyAdmin):
    matter_path = "matter"
    list_display = ["matter", "kind", "unit", "on", "actor", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["matter__number"]


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(WithinReach, ReadOnlyAdmin):
    matter_path = "matter"
    list_display = ["matter", "unit", "issued_at", "replied_at"]
    search_fields = ["matter__number"]
