from __future__ import annotations

from django.contrib import admin

from xinfang.hotspots.models import Snapshot
from xinfang.lib.admin import ReadOnlyAdmin


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    """Computed by `xinfang hotspots refresh` and the daily tick; shown, never edited."""

    list_display = ("computed_at", "window_start", "window_end", "petitions_scanned", "seconds")
