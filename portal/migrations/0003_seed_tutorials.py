"""The 操作教學 text the page had before the center kept it as rows, so nothing is lost. The
upload-limit sentence keeps reading the year's rule through the {上傳限制} placeholder
(portal.models.UPLOAD_LIMIT_PLACEHOLDER), replaced when the page is shown."""

from django.db import migrations

TUTORIALS = [
    (
        "個人(召集人)申請",
        "1. 登入後進入 功能專區 → 社群 → 申請，開啟「社群 - 流程進度」。\n"
        "2. 填寫「教師專業學習社群申請表」；如申請經費，再填寫「教師專業學習社群經費概算表」。"
        "未完成前可隨時按「儲存」。\n"
        "3. 按「列印」印出表單，完成核章後掃描為 PDF（{上傳限制}），於「上傳核章完成文件」上傳。\n"
        "4. 確認無誤後按「送出」，系統會逐項檢查並列出需要修正之處。\n"
        "5. 於「社群計畫查詢」查看審查狀態。",
    ),
    (
        "學校帳號彙整",
        "1. 於「申請總表」檢視全校申請，逐案審核通過或退回修正。\n"
        "2. 確認規則檢核（學年領域學習社群數量、會考待加強領域）皆通過，列印申請總表與經費總表核章後上傳。\n"
        "3. 按「送中心」完成彙整；於「案件查詢」依學年度查詢各案狀態。",
    ),
]


def seed(apps, schema_editor):
    Tutorial = apps.get_model("portal", "Tutorial")
    for order, (title, body) in enumerate(TUTORIALS, start=1):
        Tutorial.objects.get_or_create(title=title, defaults={"body": body, "order": order})


def unseed(apps, schema_editor):
    Tutorial = apps.get_model("portal", "Tutorial")
    Tutorial.objects.filter(title__in=[title for title, _body in TUTORIALS]).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_announcement_platform")]

    operations = [migrations.RunPython(seed, unseed)]
