from django.contrib import admin

from xinfang.classes.models import ContentClass


@admin.register(ContentClass)
class ContentClassAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["code", "name", "keywords"]
    ordering = ["code"]
