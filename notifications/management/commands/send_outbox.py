"""Send the queued e-mail that is due; run it every minute (scripts/start.sh, or cron)."""

from django.core.management.base import BaseCommand
from post_office.lockfile import FileLock, FileLocked, default_lockfile

from notifications.services import outbox_send


class Command(BaseCommand):
    help = "寄出佇列中到期的電子郵件；失敗者依次延長間隔重試，超過次數標為寄送失敗。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--lockfile",
            default=default_lockfile,
            help="同時只能有一個寄送程序：以此檔案加鎖（與 post_office 的 send_queued_mail 相同）",
        )

    def handle(self, *args, **options):
        try:
            # Shared with post_office's own send_queued_mail, so the two never send at once.
            with FileLock(options["lockfile"]):
                run = outbox_send()
        except FileLocked:
            self.stdout.write("另一個寄送程序正在執行，本次略過。")
            return
        self.stdout.write(
            f"寄出 {run.sent} 封；{run.requeued} 封稍後重試；{run.failed} 封寄送失敗。"
        )
