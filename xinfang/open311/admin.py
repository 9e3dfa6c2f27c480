from django.contrib import admin

from xinfang.open311.models import ServiceRequest
from xinfang.petitions.admin import WithinReach


@admin.register(ServiceRequest)
class ServiceRequestAdmin(WithinReach, admin.ModelAdmin):
    petition_path = "petition"
    list_display = ("token", "petition", "address_string", "created_at")
    readonly_fields = (
        "token",
        "petition",
        "lat",
        "long",
        "address_string",
        "media_url",
        "created_at",
    )

    def has_add_permission(self, request):
        return False
