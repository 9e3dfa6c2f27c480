"""`xinfang tick`: run the deadline tick once (warn, 催办, 督办, lapse windows, urgency), then
send the outbox (the e-mail and SMS of its notifications and of the day's steps) and drop
messages sent long ago."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from xinfang.events.outbox import purge_sent, send_due
from xinfang.workflow.tick import run_tick


class Command(BaseCommand):
    help = (
        "巡检一次：到期预警、超期催办、严重超期督办、申请期限届满办结、刷新紧迫程度；并发送待发消息"
    )

    def handle(self, *args, **options):
        self.stdout.write(str(run_tick()))
        self.stdout.write(str(send_due()))
        purge_sent()
