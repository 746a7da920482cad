"""Demo applications for trying the platform end to end, made through the real services.

teacher1: a complete type-1 cross-school community with a budget, 6 sessions and the signed PDFs,
送出 to the school. teacher2: a draft still being filled. teacher3: a submitted 初階學習社群.
Running it again changes nothing for a teacher who already has an application this year.
"""

import io
from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from people.models import School, User
from programs.models import CommunityType, ContentItem, Domain, Option, ProgramYear

from .budget import budget_entries_by_number, budget_save
from .documents import document_forms, document_upload
from .models import Application
from .services import application_save_draft, application_start, application_submit


def _demo_pdf(title: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned, signed form."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{title}.pdf", buffer.getvalue(), content_type="application/pdf")


def _option(program: ProgramYear, kind: str, label: str) -> Option:
    return Option.objects.get(program=program, kind=kind, label=label)


def _competency(program: ProgramYear, code: str) -> Option:
    return Option.objects.get(program=program, kind=Option.Kind.COMPETENCY, code=code)


def _sessions(program: ProgramYear, topics: list[tuple[str, str, str]], public: set[int]):
    """Sessions every three weeks from the first Wednesday after 9/15 of the academic year."""
    first = date(program.start_date.year, 9, 16)
    while first.weekday() != 2:
        first += timedelta(days=1)
    rows = []
    for index, (content, method, host) in enumerate(topics):
        rows.append(
            {
                "date": first + timedelta(weeks=3 * index),
                "start_time": time(13, 30),
                "end_time": time(15, 30),
                "content": content,
                "method": method,
                "host": host,
                "location": "公開授課班級" if index in public else "會議室",
                "is_public_lesson": index in public,
            }
        )
    return rows


def _budget(application: Application, amounts: dict[int, tuple[int, int]]) -> None:
    """Budget rows by item number: number → (quantity, unit price)."""
    budget_save(
        application=application,
        data=budget_entries_by_number(application=application, rows=amounts),
        by=application.convenor,
    )


def _upload_signed(application: Application) -> None:
    for form in document_forms(application=application):
        document_upload(
            application=application,
            form=form,
            upload=_demo_pdf(f"{application.name}-{form.label}-核章"),
            by=application.convenor,
        )


def _teacher1(program: ProgramYear, teacher: User) -> None:
    application = application_start(program=program, convenor=teacher)
    community_type = CommunityType.objects.get(program=program, number=1)
    partner = School.objects.get(code="214502")  # 市立麻豆國中, same 工作圈
    members = [
        {
            "id": m.pk,
            "name": m.name,
            "school": m.school,
            "position": "導師",
            "subject": "數學",
        }
        for m in application.members.all()
    ]
    members += [
        {"name": "林雅婷", "school": application.school, "position": "專任教師", "subject": "數學"},
        {"name": "陳志明", "school": application.school, "position": "導師", "subject": "數學"},
        {"name": "許淑芬", "school": partner, "position": "專任教師", "subject": "數學"},
        {"name": "蔡政宏", "school": partner, "position": "教學組長", "subject": "數學"},
    ]
    application = application_save_draft(
        application=application,
        data={
            "name": "下營麻豆數學素養共備社群",
            "community_type": community_type,
            "is_cross_school": True,
            "partner_schools": [partner],
            "is_continuation": False,
            "domain": Domain.objects.get(kind=Domain.Kind.DOMAIN, name="數學"),
            "stage": application.school.stage,
            "requests_budget": True,
            "invites_experts": True,
            "content_items": list(
                ContentItem.objects.filter(variant=community_type.content_variant).filter(
                    label__in=["學習診斷與學力促進", "備觀議課", "素養導向教學設計"]
                )
            ),
            "convenor_position": "導師",
            "convenor_subject": "數學",
            "convenor_trained": True,
            "convenor_email": teacher.email,
            "convenor_phone": "06-6891234#21",
            "options": [
                _competency(program, "A2"),
                _competency(program, "B1"),
                _option(program, Option.Kind.GOAL, "提升教師共同備課及課程發展與教學設計能力"),
                _option(
                    program, Option.Kind.GOAL, "透過專題探討與評量分析之結果，進行調整或修正教學"
                ),
                _option(program, Option.Kind.METHOD, "共同備課"),
                _option(program, Option.Kind.METHOD, "公開授課與專業回饋(觀課議課)"),
            ],
        },
        members=members,
        sessions=_sessions(
            program,
            [
                ("會考數學試題分析與學習診斷", "專題講座", "外聘講座"),
                ("素養導向教學設計：函數單元共同備課", "共同備課", "召集人"),
                ("公開授課：一次函數圖形", "公開授課與專業回饋", "召集人"),
                ("觀課後議課與教學調整", "同儕省思對話", "內聘講座"),
                ("差異化補救教學策略", "專題講座", "外聘講座"),
                ("學年成果分享與檢討", "校內外成果發表", "召集人"),
            ],
            public={2},
        ),
        by=teacher,
    )
    _budget(application, {1: (1, 1600), 2: (2, 800), 6: (1, 500), 7: (1, 1000)})
    _upload_signed(application)
    application_submit(application=application, by=teacher)


def _teacher2(program: ProgramYear, teacher: User) -> None:
    application = application_start(program=program, convenor=teacher)
    community_type = CommunityType.objects.get(program=program, number=1)
    application_save_draft(
        application=application,
        data={
            "name": "英語文閱讀理解社群",
            "community_type": community_type,
            "is_cross_school": False,
            "domain": Domain.objects.get(kind=Domain.Kind.DOMAIN, name="英語文"),
            "stage": application.school.stage,
            "content_items": list(
                ContentItem.objects.filter(variant=community_type.content_variant, required=True)
            ),
            "convenor_subject": "英語文",
        },
        members=[
            {"id": m.pk, "name": m.name, "school": m.school, "subject": "英語文"}
            for m in application.members.all()
        ],
        sessions=_sessions(
            program,
            [
                ("閱讀理解策略研讀", "專題探討(含專書、影帶)", "召集人"),
                ("分組閱讀教學設計", "共同備課", ""),
            ],
            public=set(),
        ),
        by=teacher,
    )


def _teacher3(program: ProgramYear, teacher: User) -> None:
    application = application_start(program=program, convenor=teacher)
    community_type = CommunityType.objects.get(program=program, number=2)
    members = [
        {"id": m.pk, "name": m.name, "school": m.school, "position": "導師", "subject": "國語文"}
        for m in application.members.all()
    ]
    members += [
        {"name": "周怡萱", "school": application.school, "position": "導師", "subject": "國語文"},
        {"name": "楊孟儒", "school": application.school, "position": "導師", "subject": "國語文"},
        {"name": "鄭雅文", "school": application.school, "position": "科任", "subject": "閱讀"},
    ]
    application = application_save_draft(
        application=application,
        data={
            "name": "三年級閱讀素養初階社群",
            "community_type": community_type,
            "is_cross_school": False,
            "is_continuation": False,
            "domain": Domain.objects.get(kind=Domain.Kind.GRADE, name="三年級"),
            "stage": application.school.stage,
            "requests_budget": True,
            "invites_experts": False,
            "content_items": list(
                ContentItem.objects.filter(variant=community_type.content_variant).filter(
                    required=True
                )
            ),
            "convenor_position": "導師",
            "convenor_subject": "國語文",
            "convenor_trained": False,
            "convenor_email": teacher.email,
            "convenor_phone": "06-5721234",
            "options": [
                _competency(program, "B1"),
                _option(program, Option.Kind.GOAL, "充實教師學/群科專業知能，精進教師教學技巧"),
                _option(program, Option.Kind.METHOD, "專題探討(含專書、影帶)"),
                _option(program, Option.Kind.METHOD, "共同備課"),
            ],
        },
        members=members,
        sessions=_sessions(
            program,
            [
                ("閱讀理解提問設計研讀", "專題探討(含專書、影帶)", "召集人"),
                ("三年級國語課共同備課", "共同備課", "召集人"),
                ("公開授課：摘要策略", "公開授課與專業回饋", "召集人"),
                ("議課與教學調整", "同儕省思對話", "召集人"),
                ("閱讀評量工具設計", "專題講座", "外聘講座"),
                ("成果分享", "校內外成果發表", "召集人"),
            ],
            public={2},
        ),
        by=teacher,
    )
    _budget(application, {1: (4, 1600), 6: (1, 400), 7: (1, 3000)})
    _upload_signed(application)
    application_submit(application=application, by=teacher)


DEMO = [("teacher1", _teacher1), ("teacher2", _teacher2), ("teacher3", _teacher3)]


def seed_demo_applications() -> None:
    """Create the demo applications of the year now open; teachers who have one are skipped."""
    program = ProgramYear.objects.current()
    if program is None:
        return
    for username, make in DEMO:
        teacher = User.objects.filter(username=username).first()
        if teacher is None:
            continue
        if Application.objects.filter(program=program, convenor=teacher).exists():
            continue
        make(program, teacher)
