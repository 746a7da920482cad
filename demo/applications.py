"""Demo applications in every state of the flow, made through the real services, so that each has
its history rows and a newcomer can walk the whole year from any account.

市立下營國中 (school1) is one step from 送中心: teacher1's cross-school community waits for the
school's review; with it the school meets its 學年領域學習社群 quota (4–8). teacher2 is still filling
a draft, teacher4's was returned for correction, teacher5–7's were accepted.

市立麻豆國小 (school2) has sent its package. The center has not yet assigned reviewers to
teacher8's; reviewer1 and reviewer2 review the others: teacher9's is under review, teacher10's
passed the first review, teacher11's was returned for correction at the first review, teacher12's
was not approved, and teacher3's was approved (核定) with an amount. Each reviewer declares no
conflict of interest and fills the 審查表 (a score per criterion, an opinion, a recommendation);
the center records each stage's result. reviewer3 was assigned to teacher9's too and declared a
conflict (the center was told); reviewer3 is assigned teacher10's 複審 and has not yet opened it.
teacher13–16's were approved too, and their 成果報告書 reached each step (demo.outcomes).

Running it again changes nothing: a year that already has demo applications is left as it is.
"""

import io
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pypdf import PdfWriter

from communities import workflow
from communities.budget import budget_entries_by_number, budget_save, budget_total
from communities.documents import document_forms, document_upload
from communities.models import Application
from communities.services import application_save_draft, application_start, application_submit
from people.models import Role, School, User
from printing.rendering import render_pdf
from printing.selectors import school_printout
from printing.services import print_record_create
from programs.models import CommunityType, ContentItem, Domain, Option, ProgramYear
from reviews.selectors import criteria_for, recommendation_options
from reviews.services import review_assign, review_decide, review_declare, review_save
from summaries.printed import SCHOOL_APPLICATIONS
from summaries.services import package_submit, package_upload, school_review

from .outcomes import seed_demo_reports

# Session topics: (實施內容, 實施方式, 主持人/講座)
MATH_TOPICS = [
    ("會考數學試題分析與學習診斷", "專題講座", "外聘講座"),
    ("素養導向教學設計：函數單元共同備課", "共同備課", "召集人"),
    ("公開授課：一次函數圖形", "公開授課與專業回饋", "召集人"),
    ("觀課後議課與教學調整", "同儕省思對話", "內聘講座"),
    ("差異化補救教學策略", "專題講座", "外聘講座"),
    ("學年成果分享與檢討", "校內外成果發表", "召集人"),
]
READING_TOPICS = [
    ("閱讀理解提問設計研讀", "專題探討(含專書、影帶)", "召集人"),
    ("共同備課：摘要策略", "共同備課", "召集人"),
    ("公開授課：摘要策略", "公開授課與專業回饋", "召集人"),
    ("議課與教學調整", "同儕省思對話", "召集人"),
    ("閱讀評量工具設計", "專題講座", "外聘講座"),
    ("成果分享", "校內外成果發表", "召集人"),
]
SCIENCE_TOPICS = [
    ("探究與實作課程研讀", "專題探討(含專書、影帶)", "召集人"),
    ("共同備課：探究實驗設計", "共同備課", "內聘講座"),
    ("公開授課：簡單電路", "公開授課與專業回饋", "召集人"),
    ("議課與評量規準修正", "同儕省思對話", "召集人"),
    ("素養導向評量工具設計", "專題講座", "外聘講座"),
    ("學年成果分享", "校內外成果發表", "召集人"),
]


@dataclass
class Community:
    """One demo community: what its convenor fills in."""

    teacher: str
    name: str
    type_number: int
    domain: str  # a 領域 name, or a grade (一年級 …) for 國小 學年社群
    topics: list[tuple[str, str, str]]
    members: list[tuple[str, str, str]]  # (name, 職任, 教授科目) of the lead school
    subject: str
    partner_code: str = ""  # a 跨校 community's partner school (one member from it)
    budget: dict[int, tuple[int, int]] = field(default_factory=dict)  # item number → (數量, 單價)
    invites_experts: bool = False
    competencies: tuple[str, ...] = ("A2", "B1")
    goals: tuple[str, ...] = ("提升教師共同備課及課程發展與教學設計能力",)
    methods: tuple[str, ...] = ("共同備課", "公開授課與專業回饋(觀課議課)")


XIAYING = [
    Community(
        teacher="teacher1",
        name="下營麻豆數學素養共備社群",
        type_number=1,
        domain="數學",
        topics=MATH_TOPICS,
        members=[("林雅婷", "專任教師", "數學"), ("陳志明", "導師", "數學")],
        subject="數學",
        partner_code="214502",
        budget={1: (1, 1600), 2: (2, 800), 6: (1, 400), 7: (1, 1000)},
        invites_experts=True,
        goals=(
            "提升教師共同備課及課程發展與教學設計能力",
            "透過專題探討與評量分析之結果，進行調整或修正教學",
        ),
    ),
    Community(
        teacher="teacher4",
        name="八年級社會領域探究社群",
        type_number=1,
        domain="社會",
        topics=SCIENCE_TOPICS,
        members=[("蘇美玲", "專任教師", "社會"), ("何俊賢", "導師", "社會")],
        subject="社會",
        budget={2: (2, 800), 7: (1, 1200)},
    ),
    Community(
        teacher="teacher5",
        name="自然科學探究與實作社群",
        type_number=1,
        domain="自然科學",
        topics=SCIENCE_TOPICS,
        members=[("黃柏翰", "專任教師", "理化"), ("吳欣怡", "導師", "生物")],
        subject="自然科學",
        budget={1: (1, 1600), 7: (1, 1100)},
    ),
    Community(
        teacher="teacher6",
        name="國語文閱讀素養學年社群",
        type_number=1,
        domain="國語文",
        topics=READING_TOPICS,
        members=[("劉怡君", "導師", "國文"), ("楊志強", "專任教師", "國文")],
        subject="國語文",
        budget={2: (3, 800), 6: (1, 300)},
    ),
    Community(
        teacher="teacher7",
        name="英語文差異化教學學年社群",
        type_number=1,
        domain="英語文",
        topics=READING_TOPICS,
        members=[("謝佳穎", "專任教師", "英語"), ("賴冠宇", "導師", "英語")],
        subject="英語文",
        budget={2: (2, 800), 7: (1, 900)},
    ),
]

MADOU = [
    Community(
        teacher="teacher3",
        name="三年級閱讀素養初階社群",
        type_number=2,
        domain="三年級",
        topics=READING_TOPICS,
        members=[
            ("周怡萱", "導師", "國語文"),
            ("楊孟儒", "導師", "國語文"),
            ("鄭雅文", "科任", "閱讀"),
        ],
        subject="國語文",
        budget={1: (4, 1600), 6: (1, 400), 7: (1, 3000)},
        competencies=("B1",),
        goals=("充實教師學/群科專業知能，精進教師教學技巧",),
        methods=("專題探討(含專書、影帶)", "共同備課"),
    ),
    Community(
        teacher="teacher8",
        name="一年級注音符號學年社群",
        type_number=1,
        domain="一年級",
        topics=READING_TOPICS,
        members=[("高淑芬", "導師", "國語文"), ("江明哲", "導師", "國語文")],
        subject="國語文",
        budget={2: (2, 800), 7: (1, 1000)},
    ),
    Community(
        teacher="teacher9",
        name="二年級數感學年社群",
        type_number=1,
        domain="二年級",
        topics=MATH_TOPICS,
        members=[("簡秀娟", "導師", "數學"), ("洪志偉", "導師", "數學")],
        subject="數學",
        budget={2: (2, 800), 6: (1, 300)},
    ),
    Community(
        teacher="teacher10",
        name="四年級自然探究學年社群",
        type_number=1,
        domain="四年級",
        topics=SCIENCE_TOPICS,
        members=[("羅雅芳", "導師", "自然"), ("施文彬", "科任", "自然")],
        subject="自然",
        budget={1: (1, 1600), 7: (1, 1200)},
    ),
    Community(
        teacher="teacher11",
        name="五年級閱讀理解學年社群",
        type_number=1,
        domain="五年級",
        topics=READING_TOPICS,
        members=[("曾淑華", "導師", "國語文"), ("邱建良", "導師", "國語文")],
        subject="國語文",
        budget={2: (2, 800), 7: (1, 1000)},
    ),
    Community(
        teacher="teacher12",
        name="六年級跨領域專題進階社群",
        type_number=3,
        domain="六年級",
        topics=SCIENCE_TOPICS,
        members=[
            ("潘怡伶", "導師", "社會"),
            ("廖國榮", "科任", "自然"),
            ("石佳蓉", "導師", "國語文"),
        ],
        subject="社會",
        budget={1: (6, 1600), 2: (6, 800), 7: (1, 4000)},
    ),
]

# Approved communities of 市立麻豆國小 whose 成果報告書 reached each step (demo.outcomes).
REPORTED = [
    Community(
        teacher=teacher,
        name=name,
        type_number=2,
        domain=domain,
        topics=topics,
        members=members,
        subject=subject,
        budget=budget,
    )
    for teacher, name, domain, topics, members, subject, budget in [
        (
            "teacher13",
            "數學繪本共讀初階社群",
            "數學",
            MATH_TOPICS,
            [("何佩君", "導師", "數學"), ("莊文傑", "導師", "數學")],
            "數學",
            {2: (2, 800), 7: (1, 1500)},
        ),
        (
            "teacher14",
            "自然戶外探究初階社群",
            "自然科學",
            SCIENCE_TOPICS,
            [("沈怡婷", "科任", "自然"), ("葉俊宏", "導師", "自然")],
            "自然",
            {2: (2, 800), 6: (1, 300)},
        ),
        (
            "teacher15",
            "英語繪本教學初階社群",
            "英語文",
            READING_TOPICS,
            [("蔡佳玲", "科任", "英語"), ("王俊明", "導師", "英語")],
            "英語文",
            {2: (2, 800), 7: (1, 1000)},
        ),
        (
            "teacher16",
            "閱讀策略教學初階社群",
            "國語文",
            READING_TOPICS,
            [("林美慧", "導師", "國語文"), ("陳冠霖", "導師", "國語文")],
            "國語文",
            {1: (2, 1600), 2: (2, 800), 6: (1, 300)},
        ),
    ]
]

# Not filled in completely: a draft being written.
DRAFT = Community(
    teacher="teacher2",
    name="英語文閱讀理解社群",
    type_number=1,
    domain="英語文",
    topics=READING_TOPICS[:2],
    members=[],
    subject="英語文",
)


def _demo_pdf(title: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned, signed form."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{title}.pdf", buffer.getvalue(), content_type="application/pdf")


def _sessions(program: ProgramYear, topics) -> list[dict]:
    """Sessions every three weeks from the first Wednesday after 9/15 of the academic year; the
    one whose method is 公開授課 is the public lesson."""
    first = date(program.start_date.year, 9, 16)
    while first.weekday() != 2:
        first += timedelta(days=1)
    return [
        {
            "date": first + timedelta(weeks=3 * index),
            "start_time": time(13, 30),
            "end_time": time(15, 30),
            "content": content,
            "method": method,
            "host": host,
            "location": "公開授課班級" if method.startswith("公開授課") else "會議室",
            "is_public_lesson": method.startswith("公開授課"),
        }
        for index, (content, method, host) in enumerate(topics)
    ]


def _domain(name: str) -> Domain:
    return Domain.objects.filter(name=name).order_by("kind").first()


def _options(program: ProgramYear, spec: Community) -> list[Option]:
    options = list(
        Option.objects.filter(
            program=program, kind=Option.Kind.COMPETENCY, code__in=spec.competencies
        )
    )
    options += list(
        Option.objects.filter(program=program, kind=Option.Kind.GOAL, label__in=spec.goals)
    )
    options += list(
        Option.objects.filter(program=program, kind=Option.Kind.METHOD, label__in=spec.methods)
    )
    return options


def _file(program: ProgramYear, spec: Community, *, complete: bool = True) -> Application:
    """The convenor starts the application and fills it in: plan, budget, signed PDFs."""
    teacher = User.objects.get(username=spec.teacher)
    application = application_start(program=program, convenor=teacher)
    community_type = CommunityType.objects.get(program=program, number=spec.type_number)
    school = application.school
    partner = School.objects.get(code=spec.partner_code) if spec.partner_code else None
    members = [
        {
            "id": m.pk,
            "name": m.name,
            "school": m.school,
            "position": "導師",
            "subject": spec.subject,
        }
        for m in application.members.all()
    ]
    members += [
        {"name": name, "school": school, "position": position, "subject": subject}
        for name, position, subject in spec.members
    ]
    if partner is not None:
        members.append(
            {"name": "許淑芬", "school": partner, "position": "專任教師", "subject": spec.subject}
        )
    required = ContentItem.objects.filter(variant=community_type.content_variant, required=True)
    data = {
        "name": spec.name,
        "community_type": community_type,
        "domain": _domain(spec.domain),
        "stage": school.stage,
        "content_items": list(required),
        "convenor_subject": spec.subject,
    }
    if complete:
        data.update(
            {
                "is_cross_school": partner is not None,
                "partner_schools": [partner] if partner else [],
                "is_continuation": False,
                "requests_budget": bool(spec.budget),
                "invites_experts": spec.invites_experts,
                "convenor_position": "導師",
                "convenor_trained": True,
                "convenor_email": teacher.email,
                "convenor_phone": "06-5721234",
                "options": _options(program, spec),
            }
        )
    application = application_save_draft(
        application=application,
        data=data,
        members=members,
        sessions=_sessions(program, spec.topics),
        by=teacher,
    )
    if complete:
        if spec.budget:
            budget_save(
                application=application,
                data=budget_entries_by_number(application=application, rows=spec.budget),
                by=teacher,
            )
        for form in document_forms(application=application):
            document_upload(
                application=application,
                form=form,
                upload=_demo_pdf(f"{application.name}-{form.label}-核章"),
                by=teacher,
            )
    return application


def _submitted(program: ProgramYear, spec: Community) -> Application:
    application = _file(program, spec)
    return application_submit(application=application, by=application.convenor)


def _school_admin(school: School) -> User:
    return User.objects.filter(role=Role.SCHOOL_ADMIN, school=school).order_by("pk").first()


def _send_package(school: School, program: ProgramYear) -> None:
    """The admin prints the 申請總表, has it signed and uploads it, then 送中心."""
    admin = _school_admin(school)
    printout = school_printout(school=school, program=program, form=SCHOOL_APPLICATIONS)
    print_record_create(printout=printout, school=school, program=program, by=admin)
    signed = SimpleUploadedFile(
        f"{program.academic_year}申請總表核章.pdf",
        render_pdf(printout.html()),
        content_type="application/pdf",
    )
    package_upload(school=school, program=program, upload=signed, by=admin)
    package_submit(school=school, program=program, by=admin)


def _xiaying(program: ProgramYear) -> None:
    """市立下營國中: one review away from 送中心."""
    _file(program, DRAFT, complete=False)
    teacher1, returned, *accepted = (_submitted(program, spec) for spec in XIAYING)
    admin = _school_admin(teacher1.school)
    school_review(
        application=returned,
        accept=False,
        comment="進度規劃的實施內容請寫明與社會領域探究主題的關係，公開授課請註明授課班級。",
        by=admin,
    )
    for application in accepted:
        school_review(application=application, accept=True, comment="", by=admin)


def _madou(program: ProgramYear) -> dict[str, Application]:
    """市立麻豆國小: sent to the center, and its applications reviewed to every result."""
    applications = {spec.teacher: _submitted(program, spec) for spec in [*MADOU, *REPORTED]}
    school = applications["teacher3"].school
    admin = _school_admin(school)
    for application in applications.values():
        school_review(application=application, accept=True, comment="", by=admin)
    _send_package(school, program)

    center = User.objects.get(username="center")
    reviewer1, reviewer2, reviewer3 = User.objects.filter(
        username__in=["reviewer1", "reviewer2", "reviewer3"]
    ).order_by("username")
    reviewed = [
        applications[t] for t in ("teacher3", "teacher9", "teacher10", "teacher11", "teacher12")
    ] + [applications[spec.teacher] for spec in REPORTED]
    review_assign(applications=reviewed, reviewers=[reviewer1, reviewer2], by=center)
    review_assign(applications=[applications["teacher9"]], reviewers=[reviewer3], by=center)
    review_declare(
        application=applications["teacher9"],
        reviewer=reviewer3,
        has_conflict=True,
        reason="召集人蔡宜蓁為本人配偶的妹妹（二親等姻親），依規定迴避。",
    )

    def review(
        teacher: str,
        reviewer: User,
        recommendation: str,
        opinion: str,
        scores: tuple[int, ...],
        amount: int | None = None,
        submit: bool = True,
    ):
        """The reviewer declares no conflict (once) and fills the 審查表: ``scores`` in the order
        of the year's criteria, the 審查建議 by its label."""
        application = Application.objects.get(pk=applications[teacher].pk)
        if not application.conflict_declarations.filter(reviewer=reviewer).exists():
            review_declare(application=application, reviewer=reviewer, has_conflict=False)
        stage = workflow.WORKFLOW[application.status].review_stage
        criteria = criteria_for(program=application.program, stage=stage)
        options = {o.label: o for o in recommendation_options(program=program, stage=stage)}
        review_save(
            application=application,
            reviewer=reviewer,
            scores={c.pk: score for c, score in zip(criteria, scores, strict=False)},
            recommendation=options.get(recommendation),
            opinion=opinion,
            recommended_amount=amount,
            submit=submit,
        )

    def decide(teacher: str, action: str, comment: str, amount: int | None = None):
        review_decide(
            application=applications[teacher],
            action=action,
            comment=comment,
            approved_amount=amount,
            by=center,
        )

    # teacher9: one review in, one still a draft (two criteria scored): under way.
    review("teacher9", reviewer1, "建議通過", "數感活動設計具體，建議增加評量工具。", (8, 8, 7, 8))
    review("teacher9", reviewer2, "建議通過", "（草稿）", (9, 7), submit=False)

    review(
        "teacher10", reviewer1, "建議通過", "目標明確，探究主題與學年課程結合良好。", (9, 8, 8, 9)
    )
    review("teacher10", reviewer2, "建議通過", "進度規劃完整，公開授課安排合宜。", (8, 9, 8, 8))
    decide("teacher10", "first_pass", "兩位委員均建議通過。")
    review_assign(applications=[applications["teacher10"]], reviewers=[reviewer3], by=center)

    review("teacher11", reviewer1, "建議通過", "大致完整。", (7, 7, 8, 7))
    review(
        "teacher11",
        reviewer2,
        "建議修正後再審",
        "公開授課場次的內容與社群主題關聯不足，請修正進度規劃後再送出。",
        (7, 4, 7, 6),
    )
    decide("teacher11", "first_return", "請依委員意見修正公開授課場次的實施內容後再送出。")

    review(
        "teacher12",
        reviewer1,
        "建議不通過",
        "經費編列超出進階社群運作所需，且缺少成員分工說明。",
        (5, 4, 2, 5),
    )
    review("teacher12", reviewer2, "建議不通過", "計畫目標與六年級課程連結不足。", (4, 5, 4, 4))
    decide("teacher12", "reject", "經費編列與運作規劃不符進階社群要求，本年度不予補助。")

    review("teacher3", reviewer1, "建議通過", "計畫完整，閱讀策略循序漸進。", (9, 9, 8, 9))
    review("teacher3", reviewer2, "建議通過", "成員分工明確。", (8, 8, 9, 8))
    decide("teacher3", "first_pass", "初審通過，請委員進行複審。")
    review_assign(applications=[applications["teacher3"]], reviewers=[reviewer2], by=center)
    review(
        "teacher3",
        reviewer2,
        "建議核定",
        "同意核定，印刷費請核實支用。",
        (9, 9, 7, 9),
        amount=9000,
    )
    decide("teacher3", "approve", "核定補助 9,000 元。", amount=9000)

    for spec in REPORTED:
        review(spec.teacher, reviewer1, "建議通過", "規劃完整。", (8, 8, 8, 8))
        review(spec.teacher, reviewer2, "建議通過", "成員分工明確。", (8, 9, 8, 8))
        decide(spec.teacher, "first_pass", "初審通過，請委員進行複審。")
        review_assign(applications=[applications[spec.teacher]], reviewers=[reviewer2], by=center)
        requested = budget_total(application=applications[spec.teacher])
        review(spec.teacher, reviewer2, "建議核定", "同意核定。", (9, 8, 8, 8), amount=requested)
        decide(
            spec.teacher,
            "approve",
            f"核定補助 {requested:,} 元。",
            amount=requested,
        )
    return applications


@transaction.atomic
def seed_demo_applications() -> None:
    """The demo applications of the year now open; a year that has them is left as it is."""
    program = ProgramYear.objects.current()
    if program is None:
        return
    teachers = [spec.teacher for spec in [DRAFT, *XIAYING, *MADOU, *REPORTED]]
    if Application.objects.filter(program=program, convenor__username__in=teachers).exists():
        return
    _xiaying(program)
    applications = _madou(program)
    seed_demo_reports(applications)
