from django.core.management.base import BaseCommand

from demo.announcements import seed_demo_announcements
from demo.applications import seed_demo_applications
from demo.files import seed_demo_generated_files
from demo.people import DEMO_PASSWORD, open_demo_window, seed_demo_people
from demo.rollover import seed_demo_next_year
from demo.second_factor import DEMO_TOTP_SECRET, seed_demo_second_factor


class Command(BaseCommand):
    help = "載入示範學校、帳號與各流程狀態的申請案件(可重複執行)。"

    def handle(self, *args, **options):
        seed_demo_people()
        open_demo_window()
        seed_demo_applications()
        seed_demo_announcements()
        seed_demo_next_year()
        seed_demo_second_factor()
        seed_demo_generated_files()
        self.stdout.write(self.style.SUCCESS(f"示範資料已載入。帳號密碼皆為 {DEMO_PASSWORD}"))
        self.stdout.write(
            f"中心承辦與審查委員的兩步驟驗證金鑰（加入驗證器 App）：{DEMO_TOTP_SECRET}"
        )
