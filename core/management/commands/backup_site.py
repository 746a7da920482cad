from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "備份：資料庫與所有私人檔案（核章文件、公告附件）寫入一個 .tar.gz 檔。"

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            nargs="?",
            help="備份檔路徑（預設 var/backups/plc-時間.tar.gz）",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path("var") / "backups" / f"plc-{stamp}.tar.gz"
        try:
            summary = backup_create(output=Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已備份 {summary.engine} 資料庫與 {summary.files} 個檔案（{summary.bytes} 位元組）：{output}"
        )
