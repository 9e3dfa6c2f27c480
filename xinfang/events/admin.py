from django.contrib import admin

from xinfang.events.models import Event
from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.petitions.admin import WithinReach


@admin.register(Event)
class EventAdmin(WithinReach, ReadOnlyAdmin):
    """Read-only: the log is evidence, nobody edits it."""

    petition_path = "petition"
    matter_path = "matter"

    list_display = ["created_at", "kind", "actor", "matter", "petition", "summary"]
    list_filter = ["kind"]
    search_fields = ["summary"]
