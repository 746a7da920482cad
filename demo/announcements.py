"""Demo notices on the 公告平台."""

from datetime import timedelta

from django.utils import timezone

from portal.models import Announcement

ANNOUNCEMENTS = [
    (
        "109學年度教師專業學習社群線上申辦開始",
        "本學年度社群申辦採線上申請：召集人以個人帳號填寫社群申請書與經費概算表，列印核章後上傳 PDF "
        "並送出；學校帳號彙整申請總表與經費總表後送中心。\n"
        "補助類型與金額、學年領域學習社群申辦數量等規定，請見功能專區 → 社群 → 申請。",
    ),
    (
        "鼓勵策略聯盟工作圈試辦跨校社群",
        "國中單一領域授課教師、國小單一學年教師（含代理）如為 2 人以下，可結合策略聯盟工作圈申辦跨校社群，"
        "跨校社群另有加給補助。",
    ),
]


def seed_demo_announcements() -> None:
    now = timezone.now()
    for minutes, (title, body) in enumerate(ANNOUNCEMENTS):
        Announcement.objects.get_or_create(
            title=title,
            defaults={"body": body, "published_at": now - timedelta(minutes=minutes)},
        )
