"""Leaders are kept here too (writes through actions); owned cases and instructions are case
records, shown read-only and only for the cases the signed-in staff member may see."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError

from xinfang.casework import actions
from xinfang.casework.models import Instruction, Leader, Ownership
from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.lib.errors import Invalid
from xinfang.petitions.admin import WithinReach


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "post", "level", "region", "user", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "post"]
    fields = ["name", "post", "level", "region", "user", "is_active"]
    autocomplete_fields = []

    def has_delete_permission(self, request, obj=None):
        return False  # owned cases and instructions point at the leader: mark not 在任 instead

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        actor, leader = request.user, obj

        class Checked(form):
            def clean(self):
                data = super().clean()
                try:
                    # Validate only: the save below goes through the same action.
                    actions.check_leader(actor, leader, **_values(data))
                except Invalid as exc:
                    raise ValidationError(
                        {f: texts for f, texts in exc.errors.items() if f in self.fields}
                        or exc.message
                    ) from exc
                return data

        return Checked

    def save_model(self, request, obj, form, change):
        saved = actions.save_leader(
            request.user, obj if change else None, **_values(form.cleaned_data)
        )
        obj.pk = saved.pk


def _values(data: dict) -> dict:
    keys = ("name", "post", "level", "region", "user", "is_active")
    return {key: data.get(key) for key in keys}


@admin.register(Ownership)
class OwnershipAdmin(WithinReach, ReadOnlyAdmin):
    list_display = ["matter", "leader", "unit", "started_on", "target_on", "ended_at"]
    list_filter = ["leader__level"]
    matter_path = "matter"


@admin.register(Instruction)
class InstructionAdmin(WithinReach, ReadOnlyAdmin):
    list_display = ["matter", "leader", "written_at", "answer_by", "answered_at"]
    matter_path = "matter"
