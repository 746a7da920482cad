"""The platform's worker: everything that must not run inside a web request, on a schedule.

Every minute it makes public the announcements whose time has come (telling their audience) and
sends the queued e-mail (retrying failures); every hour it sends the deadline reminders due. `make start` runs it beside the web server; a deployment runs one worker."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from center.services import reminders_send
from portal.services import announcements_release_due

OUTBOX_EVERY = 60  # seconds
REMINDERS_EVERY = 3600


class Command(BaseCommand):
    help = "背景工作：每分鐘上架到期公告並寄出佇列郵件，每小時寄出到期的期限提醒。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="每項工作執行一次後結束")

    def handle(self, *args, once=False, **options):
        last_reminders = 0.0
        while True:
            close_old_connections()
            self.stdout.write(f"公告 {announcements_release_due()} 則到期上架。")
            call_command("send_outbox", stdout=self.stdout)
            if once or time.monotonic() - last_reminders >= REMINDERS_EVERY:
                self.stdout.write(f"寄出 {reminders_send()} 則提醒。")
                last_reminders = time.monotonic()
            if once:
                return
            time.sleep(OUTBOX_EVERY)
