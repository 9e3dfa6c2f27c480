"""Prometheus metrics, computed from the database at each scrape (a few indexed counts), so
every worker process answers the same figures without shared counters."""

from __future__ import annotations

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from xinfang.events.models import Notification
from xinfang.lib import timesource
from xinfang.petitions.models import OPEN_STATUSES, Matter, Petition
from xinfang.workflow.models import Clock, ClockState


class CaseCollector(Collector):
    def collect(self):
        today = timesource.today()
        yield GaugeMetricFamily(
            "xinfang_petitions", "Registered petitions (信访件)", value=Petition.objects.count()
        )
        matters = GaugeMetricFamily(
            "xinfang_matters", "Matters (信访事项) by status", labels=["status"]
        )
        for row in Matter.objects.values("status").annotate(n=Count("pk")).order_by("status"):
            matters.add_metric([row["status"]], row["n"])
        yield matters
        yield GaugeMetricFamily(
            "xinfang_open_matters", "Matters not yet ended",
            value=Matter.objects.filter(status__in=OPEN_STATUSES).count(),
        )  # fmt: skip
        yield GaugeMetricFamily(
            "xinfang_clocks_overdue", "Running statutory clocks past their due date",
            value=Clock.objects.filter(state=ClockState.RUNNING, due_on__lt=today).count(),
        )  # fmt: skip
        yield GaugeMetricFamily(
            "xinfang_notifications_unread", "In-app notifications not yet read",
            value=Notification.objects.filter(read_at__isnull=True).count(),
        )  # fmt: skip
