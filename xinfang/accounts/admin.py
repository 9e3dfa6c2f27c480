from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from xinfang.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "unit", "region", "is_active"]
    list_filter = ["role", "is_active", "may_handle_accusations"]
    search_fields = ["username", "full_name"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            "信访系统",
            {"fields": ["full_name", "phone", "role", "unit", "region", "may_handle_accusations"]},
        ),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (
            "信访系统",
            {"fields": ["full_name", "phone", "role", "unit", "region", "may_handle_accusations"]},
        ),
    ]
