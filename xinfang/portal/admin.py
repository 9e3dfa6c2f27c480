from django.contrib import admin

from xinfang.petitions.admin import WithinReach
from xinfang.portal.models import Submission, Throttle


@admin.register(Throttle)
class ThrottleAdmin(admin.ModelAdmin):
    """Locks can be lifted here (delete the row) when a petitioner calls the bureau."""

    list_display = ("scope", "count", "window_started_at", "locked_until")
    list_filter = ("scope",)
    readonly_fields = ("key", "scope", "window_started_at", "count")


@admin.register(Submission)
class SubmissionAdmin(WithinReach, admin.ModelAdmin):
    petition_path = "petition"
    list_display = ("nonce", "petition", "created_at")
    readonly_fields = ("nonce", "petition", "created_at")

    def has_add_permission(self, request):
        return False
