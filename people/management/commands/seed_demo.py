from django.core.management.base import BaseCommand

from people.demo import open_demo_window, seed_demo_people


class Command(BaseCommand):
    help = "載入示範學校、帳號與申請案件(可重複執行)。"

    def handle(self, *args, **options):
        seed_demo_people()
        open_demo_window()
        try:
            from communities.demo import seed_demo_applications
        except ImportError:
            seed_demo_applications = None
        if seed_demo_applications:
            seed_demo_applications()
        self.stdout.write(self.style.SUCCESS("示範資料已載入。帳號密碼皆為 demo-pass-109"))
