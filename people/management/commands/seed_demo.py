from django.core.management.base import BaseCommand

from communities.demo import seed_demo_applications
from people.demo import DEMO_PASSWORD, open_demo_window, seed_demo_people
from portal.demo import seed_demo_announcements


class Command(BaseCommand):
    help = "載入示範學校、帳號與申請案件(可重複執行)。"

    def handle(self, *args, **options):
        seed_demo_people()
        open_demo_window()
        seed_demo_applications()
        seed_demo_announcements()
        self.stdout.write(self.style.SUCCESS(f"示範資料已載入。帳號密碼皆為 {DEMO_PASSWORD}"))
