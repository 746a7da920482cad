from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "還原：把 backup_site 的備份檔還原到設定的（空的）資料庫與私人檔案儲存區。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup_site 產生的 .tar.gz 檔")
        parser.add_argument(
            "--force", action="store_true", help="資料庫或儲存區不是空的也覆蓋（小心使用）"
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            summary = backup_restore(archive_path=Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已還原 {summary.engine} 資料庫與 {summary.files} 個檔案（{summary.bytes} 位元組）。"
        )
