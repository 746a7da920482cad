"""Demo content of the public pages, made through the portal's services as the center: an
announcement in every state (pinned and public, public with an attachment, scheduled, taken down,
withdrawn, and the 核定名單 draft from the demo's approved applications), 檔案下載 with a hidden
old form, and 操作教學 with a link and a hidden section with a file.

Running it again changes nothing: what exists (by title) is left as it is."""

import io
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from openpyxl import Workbook

from core.xlsx import append_row
from people.models import Role, User
from portal.models import Announcement, Download, Tutorial
from portal.services import (
    AnnouncementFields,
    announcement_save,
    announcement_withdraw,
    approved_list_announcement_create,
    download_save,
    shown_item_show,
    tutorial_save,
)
from printing.rendering import render_pdf
from programs.models import ProgramYear

Audience = Announcement.Audience

OPENING = (
    "109學年度教師專業學習社群線上申辦開始",
    "本學年度社群申辦採線上申請：召集人以個人帳號填寫社群申請書與經費概算表，列印核章後上傳 PDF "
    "並送出；學校帳號彙整申請總表與經費總表後送中心。\n"
    "補助類型與金額、學年領域學習社群申辦數量等規定，請見功能專區 → 社群 → 申請。",
)
CROSS_SCHOOL = (
    "鼓勵策略聯盟工作圈試辦跨校社群",
    "國中單一領域授課教師、國小單一學年教師（含代理）如為 2 人以下，可結合策略聯盟工作圈申辦跨校社群，"
    "跨校社群另有加給補助。各工作圈請至少試辦 1–3 個跨校社群，說明詳如附件。",
)
FIRST_REVIEW = (
    "109學年度社群初審結果公告",
    "初審結果將於本公告時間公布，請召集人至「社群計畫查詢」查看審查狀態與意見。",
)
LAST_YEAR = (
    "108學年度社群成果報告繳交提醒",
    "請 108 學年度各社群召集人於期限內完成成果報告書，並由學校彙整後送中心。",
)
BRIEFING = (
    "109學年度社群申辦說明會",
    "說明會訂於 9 月 5 日下午 2 時於教師研習中心舉行。",
)


def _pdf(title: str, lines: list[str]) -> bytes:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return render_pdf(
        f'<html lang="zh-Hant-TW"><body><h1 class="form-title">{escape(title)}</h1>'
        f"{paragraphs}</body></html>"
    )


def _budget_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "經費概算表"
    append_row(sheet, ["項目", "數量", "單位", "單價", "總價", "說明"])
    for row in [
        ["外聘講座鐘點費", 0, "節", 0, 0, "依講座鐘點費支給表"],
        ["內聘講座鐘點費", 0, "節", 0, 0, "可與外聘相互勻支"],
        ["外聘諮詢費", 0, "人次", 0, 0, "每次出席不逾2,500元"],
        ["印刷費", 0, "式", 0, 0, "每人以新臺幣100元為限"],
        ["教材教具費", 0, "式", 0, 0, ""],
    ]:
        append_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _file(name: str, content: bytes) -> ContentFile:
    return ContentFile(content, name=name)


def _announcements(center: User, now) -> None:
    existing = set(Announcement.objects.values_list("title", flat=True))

    def write(entry, *, publish=True, uploads=(), **fields):
        title, body = entry
        if title in existing:
            return None
        return announcement_save(
            announcement=None,
            fields=AnnouncementFields(title=title, body=body, **fields),
            by=center,
            uploads=list(uploads),
            publish=publish,
        )

    write(OPENING, is_pinned=True, audience=Audience.SCHOOL_ADMINS)
    write(
        CROSS_SCHOOL,
        uploads=[
            _file(
                "跨校社群試辦說明.pdf",
                _pdf(
                    "跨校社群試辦說明",
                    [
                        "一、對象：國中單一領域授課教師、國小單一學年教師（含代理）2 人以下者。",
                        "二、方式：結合策略聯盟工作圈，由主辦學校提出申請並列合作學校。",
                        "三、補助：依社群類型另有跨校加給。",
                    ],
                ),
            )
        ],
    )
    write(
        FIRST_REVIEW,
        publish_from=now + timedelta(days=14),
        audience=Audience.CONVENORS,
    )
    taken_down = write(LAST_YEAR)
    if taken_down is not None:
        # Shown for a month last year, then taken down (已下架).
        announcement_save(
            announcement=taken_down,
            fields=AnnouncementFields(
                title=taken_down.title,
                body=taken_down.body,
                publish_from=now - timedelta(days=60),
                publish_until=now - timedelta(days=30),
            ),
            by=center,
        )
    briefing = write(BRIEFING)
    if briefing is not None:
        announcement_withdraw(announcement=briefing, reason="場地異動，另行公告。", by=center)

    program = ProgramYear.objects.current()
    if program is not None:
        try:
            listing_title = f"{program.academic_year}學年度教師專業學習社群核定名單"
            if not Announcement.objects.filter(title__contains=listing_title).exists():
                approved_list_announcement_create(program=program, by=center)
        except ValidationError:
            pass  # no approved application in the demo year yet


def _downloads(center: User) -> None:
    existing = set(Download.objects.values_list("title", flat=True))
    items = [
        (
            "教師專業學習社群經費概算表（Excel 範本）",
            "可先在 Excel 試算，再於平台填寫經費概算表。",
            _file("經費概算表範本.xlsx", _budget_template()),
            True,
        ),
        (
            "109學年度教師專業學習社群實施計畫",
            "補助類型、金額、學年領域學習社群申辦數量與運作規定。",
            _file(
                "109學年度社群實施計畫.pdf",
                _pdf(
                    "109學年度教師專業學習社群實施計畫",
                    [
                        "一、依據：教育部補助辦理教師專業學習社群實施要點。",
                        "二、補助類型：學年領域學習社群、初階、進階、專業貢獻及校長專業社群。",
                        "三、申辦方式：線上申請，學校彙整後送中心審查。",
                    ],
                ),
            ),
            True,
        ),
        (
            "108學年度社群申請書（舊版）",
            "已停用，僅供查考。",
            _file("108學年度社群申請書.pdf", _pdf("108學年度社群申請書", ["舊版表單。"])),
            False,
        ),
    ]
    for title, description, upload, shown in items:
        if title in existing:
            continue
        item = download_save(
            item=None,
            title=title,
            description=description,
            is_shown=True,
            by=center,
            upload=upload,
        )
        if not shown:
            shown_item_show(item=item, shown=False, by=center)


def _tutorials(center: User) -> None:
    existing = set(Tutorial.objects.values_list("title", flat=True))
    if "線上申辦說明影片" not in existing:
        tutorial_save(
            item=None,
            title="線上申辦說明影片",
            body="教專中心錄製的線上申辦操作說明，約 15 分鐘。",
            link="https://www.example.gov.tw/plc/109-tutorial",
            link_text="觀看說明影片",
            is_shown=True,
            by=center,
        )
    if "審查委員操作說明" not in existing:
        item = tutorial_save(
            item=None,
            title="審查委員操作說明",
            body="審查委員登入後於「審查案件」填寫初審與複審意見。（編修中，尚未公開）",
            link="",
            link_text="",
            is_shown=True,
            by=center,
            upload=_file(
                "審查委員操作說明.pdf",
                _pdf("審查委員操作說明", ["1. 登入後進入「審查案件」。", "2. 填寫審查表並送出。"]),
            ),
        )
        shown_item_show(item=item, shown=False, by=center)


def seed_demo_announcements() -> None:
    center = User.objects.filter(role=Role.CENTER, is_active=True).order_by("pk").first()
    if center is None:
        return
    now = timezone.now()
    _announcements(center, now)
    _downloads(center)
    _tutorials(center)
