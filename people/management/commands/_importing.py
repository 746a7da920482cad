"""Shared by import_schools and import_accounts: run an import service on a file, report rows."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from people.models import User


class ImportCommand(BaseCommand):
    service = None  # set by the subclass

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8 或 Big5）或 Excel .xlsx 檔")
        parser.add_argument(
            "--by", metavar="帳號", help="記入異動紀錄的操作者帳號（中心承辦）", default=None
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到檔案：{path}")
        by = None
        if options["by"]:
            by = User.objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"查無帳號：{options['by']}")
        with path.open("rb") as file:
            result = type(self).service(file=file, filename=path.name, by=by)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"「{path.name}」有 {len(result.errors)} 個錯誤，未匯入任何資料。")
        self.stdout.write(
            self.style.SUCCESS(
                f"「{path.name}」匯入完成：新增 {result.created} 筆、更新 {result.updated} 筆。"
            )
        )
        for note in result.notes:
            self.stdout.write(note)
