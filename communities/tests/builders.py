"""A realistic application to print: all fields filled, members, sessions and a budget."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from communities import workflow
from communities.budget import BudgetEntry, budget_save
from communities.documents import document_forms, document_upload
from communities.models import Application, Member, Session
from communities.tests.factories import ApplicationFactory
from programs.models import BudgetItem, CommunityType, ContentItem, Domain, Option, Stage
from testsupport.flow import advance, budget_allowed
from testsupport.pdfs import pdf_bytes

SESSION_TOPICS = [
    ("學習診斷：閱讀理解前測分析", "專題探討", "內聘講座 王美玲老師", "圖書館會議室"),
    ("共同備課：說明文摘要策略", "共同備課", "召集人", "國文科辦公室"),
    (
        "公開授課：八年級說明文閱讀",
        "公開授課與專業回饋(觀課議課)",
        "外聘講座 陳志明教授",
        "802教室",
    ),
    ("議課：學生提問紀錄回饋", "同儕省思對話", "外聘講座 陳志明教授", "國文科辦公室"),
    ("素養導向評量工具設計", "專題講座", "外聘講座 林淑芬校長", "視聽教室"),
    ("評量結果分析與教學調整", "專題探討", "召集人", "國文科辦公室"),
    ("跨領域閱讀教學分享", "主題經驗分享", "內聘講座 李建宏老師", "圖書館會議室"),
    ("成果整理與校內發表", "校內外成果發表", "召集人", "視聽教室"),
]

BUDGET = {  # item number: (quantity, unit price)
    1: (Decimal("2"), 1600),
    2: (Decimal("6"), 800),
    3: (Decimal("1"), 2500),
    5: (Decimal("2"), 500),
    6: (Decimal("1"), 500),
    7: (Decimal("1"), 1200),
}


def realistic_application(
    *, sessions: int = 8, members: int = 5, long_text: bool = False, **kwargs
) -> Application:
    """The application as its convenor filled it in; with ``status``, its signed PDFs uploaded
    and taken there along the workflow (testsupport.flow)."""
    program_type = CommunityType.objects.get(program__academic_year=109, number=2)
    defaults = dict(
        name="國語文素養導向閱讀教學社群",
        community_type=program_type,
        is_cross_school=False,
        is_continuation=True,
        continuation_year=2,
        domain=Domain.objects.get(kind="domain", name="國語文"),
        stage=Stage.objects.get(code="junior"),
        requests_budget=True,
        invites_experts=True,
        convenor_position="教師兼導師",
        convenor_subject="國文",
        convenor_trained=True,
        convenor_email="convenor@example.tw",
        convenor_phone="06-5711234#301",
        content_other_text="",
        goal_other_text="建立校本閱讀評量題庫",
        method_other_text="",
    )
    defaults.update(kwargs)
    status = defaults.pop("status", workflow.DRAFT)
    application = ApplicationFactory(**defaults)
    variant = application.community_type.content_variant
    items = list(ContentItem.objects.filter(variant=variant))
    application.content_items.set([i for i in items if i.required] + items[2:4])
    options = Option.objects.filter(program=application.program)
    chosen = [
        *options.filter(kind="competency", code__in=["A2", "B1", "C2"]),
        *options.filter(kind="goal", order__in=[0, 1, 8, 13]),
        *options.filter(kind="method", order__in=[0, 1, 5, 10]),
    ]
    application.options.set(chosen)
    school = application.school
    names = ["林怡君", "陳柏翰", "張雅婷", "黃志豪", "吳佩珊", "蔡明哲", "鄭淑惠", "許家銘"]
    for index in range(members):
        Member.objects.create(
            application=application,
            order=index + 1,
            name=names[index % len(names)],
            school=school,
            position="專任教師" if index % 2 else "教師兼組長",
            subject="國文",
        )
    first_day = date(2020, 9, 15)
    for index in range(sessions):
        topic, method, host, location = SESSION_TOPICS[index % len(SESSION_TOPICS)]
        if long_text:
            topic = topic + "：" + "運用提問策略引導學生理解文本結構並進行摘要與評論，" * 3
        Session.objects.create(
            application=application,
            number=index + 1,
            date=first_day + timedelta(days=14 * index),
            start_time=time(13, 30),
            end_time=time(15, 30),
            content=topic,
            method=method,
            host=host,
            location=location,
            is_public_lesson=index % len(SESSION_TOPICS) == 2,
        )
    if application.requests_budget:
        budget_save(
            application=application,
            data={
                item.pk: BudgetEntry(*BUDGET[item.number])
                for item in BudgetItem.objects.filter(program=application.program)
                if item.number in BUDGET
            },
            by=application.convenor,
        )
    if status != workflow.DRAFT:
        upload_signed_copies(application)
        with budget_allowed(application):
            application = advance(application, status)
    return application


def upload_signed_copies(application: Application) -> None:
    """The convenor uploads the signed copy of each form the application needs."""
    for form in document_forms(application=application):
        upload = SimpleUploadedFile("signed.pdf", pdf_bytes(), content_type="application/pdf")
        document_upload(application=application, form=form, upload=upload, by=application.convenor)
