from django.contrib import admin

from xinfang.events.models import Event
from xinfang.lib.admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """Read-only: the log is evidence, nobody edits it."""

    list_display = ["created_at", "kind", "actor", "matter", "petition", "summary"]
    list_filter = ["kind"]
    search_fields = ["summary"]
