"""The benchmark's data set: a national year (scale 1: 30,000 applications, 3,300 schools,
100,000 accounts) inserted in bulk, row for row what the services write.

One application of each community type is first made through the real services
(``testsupport.flow.complete_application``: application_start, application_save_draft,
budget_save, document_upload) at a template school; every other application copies its rows
(plan fields, members, sessions, budget lines, signed documents, versions) and is then given, for
the state it is in, the history the workflow would have written on the way there: a Transition row
per step with the action, the person who takes it and the comment the step asks for, the in-site
messages the step's ``notify`` roles get, the school's package for a school that has sent
(送中心), the reviewers' assignments, declarations of no conflict, reviews and scores of the stages
decided, and the 核定金額 of an approved one.

Every school has the same applications at every scale (about 9, in the same states), so a school's
page can be compared between a tenth of the data and all of it.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.dataset --scale 0.01 --out targets.json
"""

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NATIONAL = {"applications": 30_000, "schools": 3_300, "accounts": 100_000, "reviewers": 300}
CITIES = [
    "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市",
    "新竹縣", "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣",
    "臺東縣", "澎湖縣", "金門縣", "連江縣",
]  # fmt: skip
PASSWORD = "bench-pass-109"
SCHOOLS_PER_CIRCLE = 10
SCHOOLS_PER_DISTRICT = 10
BATCH = 5_000

# Each school's applications in order: (state, community type number, cross-school). Ten a
# school at most; with ~9.1 a school the year is in the middle of its reviews, and last year's
# approved communities are writing, sending and closing their 成果報告書.
PATTERN = [
    ("approved", 1, False),
    ("under_review", 1, False),
    ("first_passed", 2, True),
    ("sent_to_center", 1, False),
    ("school_accepted", 1, False),
    ("submitted", 3, False),
    ("report_review", 1, False),
    ("closed", 1, False),
    ("rejected", 1, False),
    ("draft", 2, False),
    ("first_returned", 1, True),
    ("returned", 4, False),
    ("report_forwarded", 1, False),
]
# The states passed on the way from a draft, each with its action and who takes it.
STEPS = {
    "submitted": [("draft", "submitted", "submit", "convenor")],
    "school_accepted": [("submitted", "school_accepted", "school_accept", "admin")],
    "returned": [("submitted", "returned", "school_return", "admin")],
    "sent_to_center": [("school_accepted", "sent_to_center", "school_send", "admin")],
    "under_review": [("sent_to_center", "under_review", "start_review", "center")],
    "first_passed": [("under_review", "first_passed", "first_pass", "center")],
    "first_returned": [("under_review", "first_returned", "first_return", "center")],
    "rejected": [("under_review", "rejected", "reject", "center")],
    "approved": [("first_passed", "approved", "approve", "center")],
    "report_review": [("approved", "report_review", "report_submit", "convenor")],
    "report_forwarded": [("report_review", "report_forwarded", "report_forward", "admin")],
    "closed": [("report_forwarded", "closed", "close", "center")],
}
BEFORE = {
    "draft": None,
    "submitted": "draft",
    "returned": "submitted",
    "school_accepted": "submitted",
    "sent_to_center": "school_accepted",
    "under_review": "sent_to_center",
    "first_passed": "under_review",
    "first_returned": "under_review",
    "rejected": "under_review",
    "approved": "first_passed",
    "report_review": "approved",
    "report_forwarded": "report_review",
    "closed": "report_forwarded",
}
# Approved: the 成果報告書 begun (a draft report); the others have sent it.
REPORTED = {"report_review", "report_forwarded", "closed"}
FUNDED = {"approved", *REPORTED}
REVIEWED_FIRST = {"first_passed", "first_returned", "rejected", *FUNDED}
REVIEWED_SECOND = FUNDED
SENT = {"sent_to_center", "under_review", *REVIEWED_FIRST}
COMMENTS = {
    "school_return": "請補充進度規劃",
    "first_return": "請修正經費概算",
    "reject": "與本年度補助重點不符",
}


def path_to(status: str) -> list[tuple[str, str, str, str]]:
    steps = []
    while BEFORE[status] is not None:
        steps = STEPS[status] + steps
        status = BEFORE[status]
    return steps


@dataclass
class Sizes:
    applications: int
    schools: int
    accounts: int
    reviewers: int
    extra_drafts: int  # complete drafts of their own: 送出 measured (with their signed PDFs) …
    rush_drafts: int = 0  # … and the deadline rush's (the last ones, without signed PDFs)

    @classmethod
    def at(cls, scale: float, *, extra_drafts: int, rush_drafts: int = 0) -> "Sizes":
        schools = max(3, round(NATIONAL["schools"] * scale))
        return cls(
            applications=max(10, round(NATIONAL["applications"] * scale)),
            schools=schools,
            accounts=max(schools * 12, round(NATIONAL["accounts"] * scale)),
            reviewers=max(6, round(NATIONAL["reviewers"] * scale)),
            extra_drafts=extra_drafts + rush_drafts,
            rush_drafts=rush_drafts,
        )


@dataclass
class Built:
    targets: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)


def _bulk(model, rows, **kwargs):
    return model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)


def build(sizes: Sizes) -> Built:  # noqa: C901 - one pass, step by step, reads best in one place
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from communities import workflow
    from communities.models import Application, BudgetLine, Member, Session, SignedDocument
    from communities.models import Transition as History
    from notifications.models import Message
    from outcomes.models import Evidence, Report, ReportSession, SessionFee, Spending
    from people.models import AllianceCircle, District, Role, School, User
    from programs.models import ProgramYear, RecommendationOption, ReviewCriterion, Stage
    from reviews.models import ConflictDeclaration, Review, ReviewAssignment, ReviewScore
    from summaries.models import SchoolPackage
    from testsupport.flow import application_in, complete_application

    started = time.perf_counter()
    now = timezone.now()
    program = ProgramYear.objects.get(academic_year=109)
    # The window opens around today, as the demo does, so drafts may be saved and sent.
    program.application_opens_at = now - timedelta(days=30)
    program.application_closes_at = now + timedelta(days=30)
    program.save()
    password = make_password(PASSWORD)
    stages = {s.code: s for s in Stage.objects.all()}

    # --- schools and accounts -----------------------------------------------------------------
    districts = _bulk(
        District,
        [
            District(name=f"{CITIES[i % len(CITIES)]}第{i // len(CITIES) + 1}區", order=100 + i)
            for i in range(-(-sizes.schools // SCHOOLS_PER_DISTRICT))
        ],
    )
    circles = _bulk(
        AllianceCircle,
        [
            AllianceCircle(name=f"全國第{i + 1}策略聯盟工作圈")
            for i in range(-(-sizes.schools // SCHOOLS_PER_CIRCLE))
        ],
    )
    schools = _bulk(
        School,
        [
            School(
                code=f"{100000 + i}",
                name=f"{CITIES[i % len(CITIES)]}立第{i + 1}{'國中' if i % 3 == 2 else '國小'}",
                district=districts[i // SCHOOLS_PER_DISTRICT],
                stage=stages["junior" if i % 3 == 2 else "elementary"],
                class_count=6 + (i * 7) % 40,
                alliance_circle=circles[i // SCHOOLS_PER_CIRCLE],
            )
            for i in range(sizes.schools)
        ],
    )
    template_school = School.objects.create(
        code="999999",
        name="範本學校",
        district=districts[0],
        stage=stages["junior"],
        class_count=14,
        alliance_circle=circles[0],
    )

    def account(username, name, role, school, **extra):
        return User(
            username=username,
            name=name,
            email=f"{username}@bench.example.tw",
            role=role,
            school=school,
            password=password,
            **extra,
        )

    centers = _bulk(
        User,
        [
            account(f"center{i + 1}", f"中心承辦{i + 1}", Role.CENTER, None, is_staff=True)
            for i in range(3)
        ],
    )
    admins = _bulk(
        User,
        [
            account(f"school{i + 1}", f"承辦人{i + 1}", Role.SCHOOL_ADMIN, s)
            for i, s in enumerate(schools)
        ],
    )
    reviewers = _bulk(
        User,
        [
            account(
                f"reviewer{i + 1}",
                f"審查委員{i + 1}",
                Role.REVIEWER,
                schools[(i * 37) % len(schools)],
            )
            for i in range(sizes.reviewers)
        ],
    )
    teacher_count = max(
        sizes.accounts - len(centers) - len(admins) - len(reviewers),
        sizes.applications + sizes.extra_drafts + len(schools),
    )
    teachers = _bulk(
        User,
        [
            account(f"teacher{i + 1}", f"教師{i + 1}", Role.TEACHER, schools[i % len(schools)])
            for i in range(teacher_count)
        ],
    )
    template_teachers = _bulk(
        User,
        [
            account(f"template{t}", f"範本教師{t}", Role.TEACHER, template_school)
            for t in range(1, 7)
        ],
    )
    admin_of = {a.school_id: a for a in admins}
    center = centers[0]
    print(f"  schools and accounts: {time.perf_counter() - started:.1f} s", flush=True)

    # --- one application of each type through the services -----------------------------------
    budgets = {
        1: {2: (2, 800), 6: (1, 300), 7: (1, 500)},
        2: {1: (2, 1600), 2: (6, 800), 3: (1, 2500), 5: (2, 500), 6: (1, 500), 7: (1, 1200)},
    }
    templates = {}
    for number in range(1, 6):
        templates[number] = complete_application(
            program,
            convenor=template_teachers[number - 1],
            name=f"範本社群{number}",
            type_number=number,
            members=4,
            sessions=6,
            lines=budgets[1 if number == 1 else 2],
        )
    # One case taken through approval to 結案 by the services, its 成果報告書 filled as a
    # convenor does (every planned session held, attendance, fees, spending, photos): the
    # reports of the approved communities copy its rows.
    report_case = application_in(
        workflow.CLOSED,
        program,
        convenor=template_teachers[5],
        name="範本成果社群",
        type_number=1,
        members=4,
        sessions=6,
        lines=budgets[1],
    )
    report_shape = _report_shape(report_case)
    copied_fields = [
        f.attname
        for f in Application._meta.concrete_fields
        if f.attname
        not in {
            "id", "program_id", "convenor_id", "school_id", "status", "name", "created_at",
            "updated_at", "submitted_at", "is_cross_school", "stage_id", "convenor_email",
        }
    ]  # fmt: skip
    shape = {}
    for number, template in templates.items():
        shape[number] = {
            "fields": {name: getattr(template, name) for name in copied_fields},
            "members": list(
                template.members.order_by("order").values("name", "position", "subject")
            ),
            "sessions": list(template.sessions.values()),
            "lines": list(
                template.budget_lines.values("item_id", "quantity", "unit_price", "total")
            ),
            "documents": list(template.documents.values()),
            "content_items": list(template.content_items.values_list("pk", flat=True)),
            "options": list(template.options.values_list("pk", flat=True)),
        }
        shape[number]["requested"] = sum(line["total"] for line in shape[number]["lines"])
    signed_file = shape[1]["documents"][0]["file"]

    # --- the applications ---------------------------------------------------------------------
    per_school = -(-sizes.applications // len(schools))
    plan = []  # (school index, k, teacher)
    next_teacher = {i: 0 for i in range(len(schools))}

    def teacher_at(school_index):
        # Teachers are dealt to schools in turn: the school's n-th is teachers[n × schools + i].
        n = next_teacher[school_index]
        next_teacher[school_index] += 1
        return teachers[n * len(schools) + school_index]

    for k in range(per_school):
        for i in range(len(schools)):
            if len(plan) < sizes.applications:
                plan.append((i, k, teacher_at(i), PATTERN[(k + i) % len(PATTERN)]))
    extra = []
    for n in range(sizes.extra_drafts):
        i = (n * 7) % len(schools)
        extra.append((i, -1, teacher_at(i), ("draft", 1, False)))

    rows = []
    for index, (i, _k, convenor, (status, number, cross)) in enumerate(plan + extra):
        school = schools[i]
        data = dict(shape[number]["fields"])
        if status in REVIEWED_SECOND:
            data["approved_amount"] = shape[number]["requested"]
        if status == "returned":
            data["school_comment"] = COMMENTS["school_return"]
        if status == "first_returned":
            data["review_comment"] = COMMENTS["first_return"]
        if status == "rejected":
            data["review_comment"] = COMMENTS["reject"]
        rows.append(
            Application(
                program=program,
                convenor=convenor,
                school=school,
                status=status,
                name=f"{school.name}第{index + 1}社群",
                is_cross_school=cross,
                stage_id=school.stage_id,
                convenor_email=convenor.email,
                submitted_at=None if status == "draft" else now - timedelta(days=20 - index % 15),
                **data,
            )
        )
    with transaction.atomic():
        applications = _bulk(Application, rows)
    rush = applications[len(applications) - sizes.rush_drafts :] if sizes.rush_drafts else []
    to_submit = applications[len(plan) : len(applications) - sizes.rush_drafts]
    drafts_without_pdf = {a.pk for a in rush}
    print(
        f"  {len(applications):,} applications: {time.perf_counter() - started:.1f} s", flush=True
    )

    school_index = {s.pk: n for n, s in enumerate(schools)}

    def partner(app):
        n = school_index[app.school_id]
        circle_start = n - n % SCHOOLS_PER_CIRCLE
        other = circle_start + (n + 1 - circle_start) % SCHOOLS_PER_CIRCLE
        other = other if other < len(schools) and other != n else (n + 1) % len(schools)
        return schools[other]

    type_of = {t.community_type_id: number for number, t in templates.items()}
    members, sessions, lines, documents = [], [], [], []
    partners_m2m, content_m2m, options_m2m = [], [], []
    Partner = Application.partner_schools.through
    Content = Application.content_items.through
    Options = Application.options.through
    members_of, sessions_of = {}, {}
    for app in applications:
        s = shape[type_of[app.community_type_id]]
        other = partner(app) if app.is_cross_school else None
        members_of[app.pk] = len(members)
        sessions_of[app.pk] = len(sessions)
        if other is not None:
            partners_m2m.append(Partner(application_id=app.pk, school_id=other.pk))
        for order, row in enumerate(s["members"]):
            members.append(
                Member(
                    application_id=app.pk,
                    order=order,
                    name=app.convenor.name if order == 0 else row["name"],
                    school_id=other.pk if other is not None and order == 1 else app.school_id,
                    position=row["position"],
                    subject=row["subject"],
                )
            )
        for row in s["sessions"]:
            values = {k: v for k, v in row.items() if k not in {"id", "application_id"}}
            sessions.append(Session(application_id=app.pk, **values))
        for row in s["lines"]:
            lines.append(BudgetLine(application_id=app.pk, **row))
        if app.pk not in drafts_without_pdf:
            for row in s["documents"]:
                values = {
                    k: v
                    for k, v in row.items()
                    if k not in {"id", "application_id", "uploaded_by_id"}
                }
                documents.append(
                    SignedDocument(application_id=app.pk, uploaded_by_id=app.convenor_id, **values)
                )
        content_m2m += [
            Content(application_id=app.pk, contentitem_id=pk) for pk in s["content_items"]
        ]
        options_m2m += [Options(application_id=app.pk, option_id=pk) for pk in s["options"]]
    with transaction.atomic():
        _bulk(Member, members)
        _bulk(Session, sessions)
        _bulk(BudgetLine, lines)
        _bulk(SignedDocument, documents)
        _bulk(Partner, partners_m2m)
        _bulk(Content, content_m2m)
        _bulk(Options, options_m2m)
    print(f"  rows of the forms: {time.perf_counter() - started:.1f} s", flush=True)

    # --- the 成果報告書 of the approved communities ---------------------------------------------
    reported = [a for a in applications if a.status in FUNDED]
    reports = _bulk(
        Report,
        [
            Report(
                application_id=app.pk,
                reflections=report_shape["report"]["reflections"],
                version=report_shape["report"]["version"],
                submitted_at=now - timedelta(days=5) if app.status in REPORTED else None,
                **(report_shape["sent"] if app.status in REPORTED else {}),
            )
            for app in reported
        ],
    )
    report_sessions = []
    for app, report in zip(reported, reports, strict=True):
        count = len(shape[type_of[app.community_type_id]]["sessions"])
        planned = sessions[sessions_of[app.pk] : sessions_of[app.pk] + count]
        for row in report_shape["sessions"]:
            index = row["_planned_index"]
            report_sessions.append(
                ReportSession(
                    report_id=report.pk,
                    planned_id=planned[index].pk
                    if index is not None and index < len(planned)
                    else None,
                    **{k: v for k, v in row.items() if k != "_planned_index"},
                )
            )
    report_sessions = _bulk(ReportSession, report_sessions)
    per_report = len(report_shape["sessions"])
    Attendee = ReportSession.attendees.through
    attendees, fees, spending, evidence = [], [], [], []
    for n, (app, report) in enumerate(zip(reported, reports, strict=True)):
        own_members = members[
            members_of[app.pk] : members_of[app.pk] + len(report_shape["members"])
        ]
        for k, session in enumerate(report_sessions[n * per_report : (n + 1) * per_report]):
            for member_index in report_shape["attendees"][k]:
                if member_index < len(own_members):
                    attendees.append(
                        Attendee(
                            reportsession_id=session.pk, member_id=own_members[member_index].pk
                        )
                    )
            fees += [SessionFee(session_id=session.pk, **row) for row in report_shape["fees"][k]]
            evidence += [
                Evidence(session_id=session.pk, uploaded_by_id=app.convenor_id, **row)
                for row in report_shape["evidence"][k]
            ]
        spending += [Spending(report_id=report.pk, **row) for row in report_shape["spending"]]
    with transaction.atomic():
        _bulk(Attendee, attendees)
        _bulk(SessionFee, fees)
        _bulk(Spending, spending)
        _bulk(Evidence, evidence)
    print(
        f"  {len(reports):,} 成果報告書 ({len(attendees):,} attendances):"
        f" {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    # --- the history of each, as the workflow writes it -------------------------------------------
    partner_ids = {p.application_id: p.school_id for p in partners_m2m}
    criteria = {
        stage: list(
            ReviewCriterion.objects.filter(program=program, stage__in=[stage, ""]).order_by("order")
        )
        for stage in workflow.REVIEW_STAGES
    }
    options = {
        stage: [
            o
            for o in RecommendationOption.objects.filter(program=program, stage=stage).order_by(
                "order"
            )
        ]
        for stage in workflow.REVIEW_STAGES
    }
    histories, messages, assignments, declarations = [], [], [], []
    reviewer_turn = 0

    def reviewers_for(app):
        nonlocal reviewer_turn
        chosen = []
        while len(chosen) < 2:
            reviewer = reviewers[reviewer_turn % len(reviewers)]
            reviewer_turn += 1
            if reviewer.school_id not in {app.school_id, partner_ids.get(app.pk)}:
                chosen.append(reviewer)
        return chosen

    reviews_wanted = []  # (assignment index, stage, option)
    for app in applications:
        people = {"convenor": app.convenor, "admin": admin_of[app.school_id], "center": center}
        for from_status, to_status, action, who in path_to(app.status):
            step = workflow.WORKFLOW[from_status].actions[action]
            histories.append(
                History(
                    application_id=app.pk,
                    action=action,
                    from_status=from_status,
                    to_status=to_status,
                    by=people[who],
                    comment=COMMENTS.get(action, ""),
                )
            )
            label = workflow.WORKFLOW[to_status].label
            told = {
                workflow.CONVENOR: app.convenor,
                workflow.SCHOOL_ADMIN: admin_of[app.school_id],
            }
            for role in sorted(step.notify):
                if role in told:
                    messages.append(
                        Message(
                            recipient=told[role],
                            event=f"application.{action}",
                            title=f"社群申請狀態通知：{label}",
                            body=f"社群「{app.name}」狀態變更為「{label}」。",
                            url=f"/community/{app.pk}/",
                        )
                    )
        stages_assigned = []
        if app.status in {"under_review", *REVIEWED_FIRST}:
            stages_assigned.append(workflow.FIRST_REVIEW)
        if app.status in {"first_passed", *FUNDED}:
            stages_assigned.append(workflow.SECOND_REVIEW)
        for stage in stages_assigned:
            for reviewer in reviewers_for(app):
                assignments.append(
                    ReviewAssignment(
                        application=app,
                        program_id=app.program_id,
                        reviewer=reviewer,
                        stage=stage,
                        assigned_by=center,
                    )
                )
                messages.append(
                    Message(
                        recipient=reviewer,
                        event="review.assigned",
                        title="審查案件指定通知",
                        body=f"您受指定審查社群「{app.name}」。",
                        url="/reviews/",
                    )
                )
                done = (stage == workflow.FIRST_REVIEW and app.status in REVIEWED_FIRST) or (
                    stage == workflow.SECOND_REVIEW and app.status in REVIEWED_SECOND
                )
                if done:
                    needs_amount = app.status in FUNDED
                    option = next(
                        (o for o in options[stage] if o.needs_amount == needs_amount),
                        options[stage][0],
                    )
                    reviews_wanted.append((len(assignments) - 1, stage, option, app))
    declared = set()
    for a in assignments:
        if (a.application_id, a.reviewer_id) not in declared and (
            a.application.status != "under_review" or a.reviewer_id % 2
        ):
            declared.add((a.application_id, a.reviewer_id))
            declarations.append(
                ConflictDeclaration(
                    application_id=a.application_id,
                    reviewer_id=a.reviewer_id,
                    stage=a.stage,
                    has_conflict=False,
                    statement=program.conflict_statement,
                )
            )
    with transaction.atomic():
        _bulk(History, histories)
        _bulk(Message, messages)
        assignments = _bulk(ReviewAssignment, assignments)
        _bulk(ConflictDeclaration, declarations)
        reviews = _bulk(
            Review,
            [
                Review(
                    assignment=assignments[index],
                    recommendation=option,
                    recommendation_label=option.label,
                    opinion="計畫完整，建議依審查意見修正後執行。",
                    recommended_amount=app.approved_amount if option.needs_amount else None,
                    submitted_at=now - timedelta(days=3),
                )
                for index, stage, option, app in reviews_wanted
            ],
        )
        _bulk(
            ReviewScore,
            [
                ReviewScore(
                    review=review,
                    criterion=criterion,
                    score=criterion.max_score - (review.pk % 3),
                    weight=criterion.weight,
                    max_score=criterion.max_score,
                )
                for review, (_index, stage, _option, _app) in zip(
                    reviews, reviews_wanted, strict=True
                )
                for criterion in criteria[stage]
            ],
        )
        sent_schools = sorted({app.school_id for app in applications if app.status in SENT})
        _bulk(
            SchoolPackage,
            [
                SchoolPackage(
                    school_id=school_id,
                    program=program,
                    file=signed_file,
                    original_name="申請總表核章.pdf",
                    size=shape[1]["documents"][0]["size"],
                    sha256=shape[1]["documents"][0]["sha256"],
                    page_count=1,
                    uploaded_by=admin_of[school_id],
                    uploaded_at=now - timedelta(days=12),
                    submitted_at=now - timedelta(days=11),
                    submitted_by=admin_of[school_id],
                )
                for school_id in sent_schools
            ],
        )
    print(f"  history, reviews and messages: {time.perf_counter() - started:.1f} s", flush=True)

    # --- what the benchmark measures ----------------------------------------------------------
    first = schools[0]
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    draft = next(a for a in applications[: len(plan)] if a.status == "draft")
    report_draft = next(a for a in applications[: len(plan)] if a.status == "approved")
    report_forwarded = next(a for a in applications if a.status == "report_forwarded")
    under_review = next(
        a
        for a in assignments
        if a.application.status == "under_review" and (a.application_id, a.reviewer_id) in declared
    )
    # Center staff and reviewers give a second factor at sign-in: the accounts measured get
    # recovery codes (one used a sign-in), as an enrolled account has.
    codes = {}
    for user in (centers[0], centers[1], under_review.reviewer):
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        device = StaticDevice.objects.create(user=user, name="bench", confirmed=True)
        codes[user.username] = [f"bench{user.pk:05d}{n:02d}" for n in range(10)]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=t) for t in codes[user.username]
        )
    built = Built()
    built.targets = {
        "codes": codes,
        "center": centers[0].username,
        "center_rush": centers[1].username,
        "school": admin_of[first.pk].username,
        "school_pk": first.pk,
        "teacher": draft.convenor.username,
        "draft": draft.pk,
        "reporter": report_draft.convenor.username,
        "report_draft": report_draft.pk,
        "report_forwarded": report_forwarded.pk,
        "reviewer": under_review.reviewer.username,
        "review_application": under_review.application_id,
        "to_submit": [[a.convenor.username, a.pk] for a in to_submit],
        "rush": [[a.convenor.username, a.pk] for a in rush],
        "password": PASSWORD,
    }
    built.counts = {
        "applications": Application.objects.count(),
        "schools": School.objects.count(),
        "accounts": User.objects.count(),
        "transitions": History.objects.count(),
        "budget_lines": BudgetLine.objects.count(),
        "assignments": ReviewAssignment.objects.count(),
        "reports": Report.objects.count(),
        "attendances": ReportSession.attendees.through.objects.count(),
        "messages": Message.objects.count(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return built


def _report_shape(case) -> dict:
    """The rows of ``case``'s 成果報告書 to copy, each session's planned row and attendees by
    their place among the case's planned sessions and members."""
    from outcomes.models import Report

    report = Report.objects.get(application=case)
    planned = list(case.sessions.values_list("pk", flat=True))
    members = list(case.members.order_by("order").values_list("pk", flat=True))
    sessions = list(report.sessions.order_by("number", "pk"))
    shape = {
        "report": {
            "reflections": report.reflections,
            "version": report.version,
        },
        # What 送出 stored with it.
        "sent": {
            "spent_total": report.spent_total,
            "hours_total": report.hours_total,
            "attendee_count": report.attendee_count,
        },
        "members": members,
        "sessions": [],
        "attendees": [],
        "fees": [],
        "evidence": [],
        "spending": [
            {k: v for k, v in row.items() if k not in {"id", "report_id"}}
            for row in report.spending.values()
        ],
    }
    skip = {"id", "report_id", "planned_id"}
    for session in sessions:
        row = {
            f.attname: getattr(session, f.attname)
            for f in session._meta.concrete_fields
            if f.attname not in skip
        }
        row["_planned_index"] = (
            planned.index(session.planned_id) if session.planned_id in planned else None
        )
        shape["sessions"].append(row)
        shape["attendees"].append(
            [members.index(pk) for pk in session.attendees.values_list("pk", flat=True)]
        )
        shape["fees"].append(
            [
                {k: v for k, v in row.items() if k not in {"id", "session_id"}}
                for row in session.fees.values()
            ]
        )
        shape["evidence"].append(
            [
                {k: v for k, v in row.items() if k not in {"id", "session_id", "uploaded_by_id"}}
                for row in session.evidence.values()
            ]
        )
    return shape


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--submit-drafts", type=int, default=0)
    parser.add_argument("--rush-drafts", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    sizes = Sizes.at(args.scale, extra_drafts=args.submit_drafts, rush_drafts=args.rush_drafts)
    built = build(sizes)
    args.out.write_text(json.dumps({"targets": built.targets, "counts": built.counts}))
    print("  " + ", ".join(f"{k} {v:,}" for k, v in built.counts.items()), flush=True)


if __name__ == "__main__":
    main()
