"""Demo 成果報告書 at every step, made through the real services: teacher3's is a draft being
filled in; teacher13's was sent (成果報告審核中); teacher14's was forwarded by school2 to the center;
teacher15's was returned by school2 with a reason; teacher16's was closed by the center
(結案_可彙整), its last session held in January 2021, so its premium is at the rate of each date.
"""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from communities.models import Application, BudgetLine
from outcomes.services import (
    evidence_upload,
    report_decide,
    report_save,
    report_start,
    report_submit,
)
from people.models import Role, User


def _photo(title: str) -> SimpleUploadedFile:
    """A small JPEG standing in for a photo of the session."""
    image = Image.new("RGB", (320, 200), (228, 236, 246))
    ImageDraw.Draw(image).rectangle((20, 20, 300, 180), outline=(11, 83, 148), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return SimpleUploadedFile(f"{title}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _fill(application: Application, *, held: int | None = None, moved: dict | None = None):
    """The convenor records the sessions as held (the first ``held``, or all) with every member
    present but one at the second session, a photo each, the public lesson, the reflections and
    the fees paid: the approved 講座鐘點費 rows at the first session."""
    convenor = application.convenor
    report = report_start(application=application, by=convenor)
    members = list(application.members.order_by("order", "id"))
    sessions = list(report.sessions.order_by("number"))
    held = len(sessions) if held is None else held
    rows = {}
    for index, session in enumerate(sessions[:held]):
        rows[session.pk] = {
            "held": True,
            "notes": f"成員分享{session.content}的實施心得，並討論下次的分工。",
            "attendees": members if index != 1 else members[:-1],
            **(moved or {}).get(index, {}),
        }
        if session.is_public_lesson:
            rows[session.pk].update(
                lesson_teacher=convenor.name,
                lesson_theme=session.content.replace("公開授課：", ""),
                lesson_relation="以社群共同設計的教案授課，觀課重點為學生的提問與討論。",
            )
    lines = list(BudgetLine.objects.filter(application=application).select_related("item"))
    fees = {line.item_id: line.total for line in lines if line.item.premium_base}
    # The other rows cost a little less than estimated: a balance (結餘) remains.
    spending = {
        line.item_id: line.total * 9 // 10
        for line in lines
        if not line.item.premium_base and line.item.kind != "premium"
    }
    first, last = sessions[0], sessions[held - 1]
    if len(fees) > 1 and last is not first:
        # One lecturer at the first session, the other at the last one.
        (item_a, fee_a), (item_b, fee_b) = list(fees.items())[:2]
        session_fees = {first.pk: {item_a: fee_a}, last.pk: {item_b: fee_b}}
    else:
        session_fees = {first.pk: fees}
    report_save(
        application=application,
        reflections=(
            "成員透過共同備課與公開授課，建立了觀課議課的習慣；"
            "學生在提問與討論上更為主動。下學年將把評量工具的設計列為重點。"
        )
        if held == len(sessions)
        else "",
        sessions=rows,
        fees=session_fees,
        spending=spending,
        by=convenor,
    )
    for session in sessions[:held]:
        evidence_upload(session=session, upload=_photo(f"第{session.number}場照片"), by=convenor)
    return report


def seed_demo_reports(applications: dict[str, Application]) -> None:
    school_admin = User.objects.filter(
        role=Role.SCHOOL_ADMIN, school=applications["teacher13"].school
    ).order_by("pk")[0]
    center = User.objects.get(username="center")

    _fill(applications["teacher3"], held=3)

    for teacher in ("teacher13", "teacher14", "teacher15", "teacher16"):
        application = applications[teacher]
        moved = {5: {"date": date(2021, 1, 6)}} if teacher == "teacher16" else None
        _fill(application, moved=moved)
        report_submit(application=application, by=application.convenor)

    report_decide(
        application=applications["teacher14"], action="report_forward", comment="", by=school_admin
    )
    report_decide(
        application=applications["teacher15"],
        action="report_school_return",
        comment="第2場的紀要請補上討論的結論，照片請附上觀課的情形。",
        by=school_admin,
    )
    report_decide(
        application=applications["teacher16"], action="report_forward", comment="", by=school_admin
    )
    report_decide(
        application=applications["teacher16"],
        action="close",
        comment="資料齊全，准予結案。",
        by=center,
    )
