from django.contrib import admin

from xinfang.api.models import ApiToken, IdempotencyKey
from xinfang.petitions.admin import WithinReach


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `xinfang token create`; here they can only be seen and revoked."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request):
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(WithinReach, admin.ModelAdmin):
    petition_path = "petition"

    list_display = ("key", "user", "scope", "petition", "created_at")
    readonly_fields = ("user", "key", "scope", "request_hash", "petition", "created_at")
