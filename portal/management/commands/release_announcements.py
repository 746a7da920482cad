"""Tell the audience of each scheduled announcement whose time has come; run it every minute
beside send_outbox (scripts/start.sh, or cron)."""

from django.core.management.base import BaseCommand

from portal.services import announcements_release_due


class Command(BaseCommand):
    help = "排程公告到時公開後，通知其通知對象（每則只通知一次）；並清除逾時的暫存上傳檔。"

    def handle(self, *args, **options):
        told = announcements_release_due()
        self.stdout.write(f"已通知 {told} 則到時公告的通知對象。")
