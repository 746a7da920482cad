"""The platform's worker: everything that must not run inside a web request, on a schedule.

Every few seconds it makes the files asked for in the background (成果彙編, 年度報告); every
minute it makes public the announcements whose time has come (telling their audience) and sends
the queued e-mail (retrying failures); every hour it sends the deadline reminders due. `make
start` runs it beside the web server; a deployment without a broker runs one worker (with a
broker, Celery's worker and beat do the same: portal.jobs, documents.jobs)."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from center.services import reminders_send
from documents.generated import generated_files_make_queued
from portal.services import announcements_release_due

TICK = 5  # seconds
OUTBOX_EVERY = 60
REMINDERS_EVERY = 3600


class Command(BaseCommand):
    help = "背景工作：產製申請的檔案，每分鐘上架到期公告並寄出佇列郵件，每小時寄出到期的期限提醒。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="每項工作執行一次後結束")

    def handle(self, *args, once=False, **options):
        last_outbox = last_reminders = float("-inf")
        while True:
            close_old_connections()
            made = generated_files_make_queued()
            if made or once:
                self.stdout.write(f"產製 {made} 個檔案。")
            now = time.monotonic()
            if once or now - last_outbox >= OUTBOX_EVERY:
                self.stdout.write(f"公告 {announcements_release_due()} 則到期上架。")
                call_command("send_outbox", stdout=self.stdout)
                last_outbox = now
            if once or now - last_reminders >= REMINDERS_EVERY:
                self.stdout.write(f"寄出 {reminders_send()} 則提醒。")
                last_reminders = now
            if once:
                return
            time.sleep(TICK)
