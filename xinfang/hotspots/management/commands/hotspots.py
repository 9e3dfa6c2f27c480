"""`xinfang hotspots refresh`: recompute the hot issues (the daily tick does it too)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from xinfang.hotspots import actions


class Command(BaseCommand):
    help = "热点问题：按近30日信访件重新聚类（每日巡检也会自动计算）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="recompute and replace the snapshot")
        refresh.add_argument("--date", help="the window's last day (YYYY-MM-DD), default today")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date 应为 YYYY-MM-DD") from exc
        snapshot = actions.refresh_hot_issues(today)
        flagged = snapshot.issues.exclude(
            is_fast_growing=False, is_collective=False, is_multi_place=False
        ).count()
        self.stdout.write(
            f"window={snapshot.window_start:%Y-%m-%d}..{snapshot.window_end:%Y-%m-%d} "
            f"petitions={snapshot.petitions_scanned} clusters={snapshot.issues.count()} "
            f"flagged={flagged} seconds={snapshot.seconds:.2f}"
        )
