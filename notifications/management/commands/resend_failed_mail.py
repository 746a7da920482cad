"""Queue the e-mails marked failed again (after the mail server or an address was fixed)."""

from django.core.management.base import BaseCommand

from notifications.services import outbox_resend


class Command(BaseCommand):
    help = "將寄送失敗的電子郵件重新排入寄送佇列，由 send_outbox 寄出。"

    def add_arguments(self, parser):
        parser.add_argument(
            "ids", nargs="*", type=int, help="只重新寄送這些郵件編號（預設：全部寄送失敗者）"
        )

    def handle(self, *args, **options):
        count = outbox_resend(pks=options["ids"] or None)
        self.stdout.write(f"已將 {count} 封郵件重新排入寄送佇列，下次執行 send_outbox 時寄出。")
