"""积案, follow-ups and campaigns are case records: shown read-only, and only for the cases
the signed-in staff member may see; every write goes through the actions and their pages."""

from __future__ import annotations

from django.contrib import admin

from xinfang.backlog.models import Backlog, Campaign, CampaignCase, FollowUp
from xinfang.lib.admin import ReadOnlyAdmin
from xinfang.petitions.admin import WithinReach


@admin.register(Backlog)
class BacklogAdmin(WithinReach, ReadOnlyAdmin):
    list_display = ["matter", "marked_on", "ending", "ended_on"]
    list_filter = ["ending"]
    matter_path = "matter"


@admin.register(FollowUp)
class FollowUpAdmin(WithinReach, ReadOnlyAdmin):
    list_display = ["backlog", "kind", "due_on", "done_on"]
    matter_path = "backlog__matter"


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "region", "starts_on", "ends_on"]


@admin.register(CampaignCase)
class CampaignCaseAdmin(WithinReach, ReadOnlyAdmin):
    list_display = ["campaign", "backlog", "owner"]
    matter_path = "backlog__matter"
