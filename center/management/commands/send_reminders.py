"""Send the deadline reminders due today (the worker runs it; cron can too)."""

from django.core.management.base import BaseCommand

from center.services import reminders_send


class Command(BaseCommand):
    help = "寄出今天到期的期限提醒（草稿未送出、學校未送中心、審查未送出）；同一期限不重複提醒。"

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"寄出 {count} 則提醒。")
