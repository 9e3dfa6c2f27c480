from django.contrib import admin, messages

from xinfang.events.actions import retry_messages
from xinfang.events.models import Event, OutboxMessage
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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """The outbox: what the worker sent, is still trying, or gave up on (发送失败).

    Rows are written by notify and moved by the worker; the one change made here is to
    queue failed messages again once the mail server or SMS gateway is fixed.
    """

    list_display = [
        "created_at", "backend", "address", "state", "attempts", "next_attempt_at", "sent_at",
        "last_error",
    ]  # fmt: skip
    list_filter = ["state", "backend"]
    search_fields = ["address"]
    list_select_related = ["notification"]
    actions = ["retry"]

    @admin.action(description="重新发送所选的失败消息")
    def retry(self, request, queryset):
        count = retry_messages(request.user, list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"已重新排队{count}条消息", messages.SUCCESS)
