from django.contrib import admin

from xinfang.documents.models import Document, NumberPattern
from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.petitions.admin import WithinReach


@admin.register(NumberPattern)
class NumberPatternAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "pattern", "updated_at", "updated_by"]
    list_filter = ["kind"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        """Through the action, which checks the pattern (the staff page is 文号格式)."""
        from django.contrib import messages

        from xinfang.documents import actions
        from xinfang.lib.errors import DomainError

        try:
            actions.set_pattern(request.user, obj.kind, obj.pattern, unit=obj.unit)
        except DomainError as exc:
            messages.error(request, exc.message)


@admin.register(Document)
class DocumentAdmin(WithinReach, ReadOnlyAdmin):
    """Issued documents, read-only, of the cases the user may see."""

    list_display = ["number", "kind", "petition", "unit", "issued_at", "issued_by"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "petition__number"]
    petition_path = "petition"
