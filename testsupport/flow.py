"""Applications in any state of the flow for tests, moved there through the real services only,
so that every one has the history rows (and passes the guards) a real one would.

``complete_application`` fills a draft that passes every rule of 送出; ``advance`` takes it along
the workflow to a state, acting as the people who take each step (its school's admin, the center,
a reviewer of another school). Sending one application to the center is a package of its school:
the builder lowers the school's 學年領域學習社群 minimum to 0 for the test, uploads the signed
summary as it stands and sends it.
"""

from contextlib import contextmanager
from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from communities import workflow
from communities.budget import budget_entries_by_number, budget_save, budget_sheet, budget_total
from communities.documents import document_forms, document_upload
from communities.models import Application
from communities.services import (
    OPTION_LISTS,
    application_save_draft,
    application_start,
    application_submit,
    application_transition,
)
from people.models import Role, User
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import CommunityType, ContentItem, Domain, Option, ProgramYear, QuotaRule
from programs.rulecache import year_rules_forget
from reviews.models import ConflictDeclaration, Review
from reviews.selectors import (
    approval_cap,
    criteria_for,
    recommendation_options,
    submitted_reviews,
)
from reviews.services import review_assign, review_decide, review_declare, review_save
from summaries.selectors import school_summary
from summaries.services import (
    current_summary_code,
    package_submit,
    package_upload,
    school_review,
)

from .pdfs import pdf_bytes, png_bytes


def _pdf(name: str = "signed.pdf", *, text: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text=text), content_type="application/pdf")


def session_rows(count: int, *, public: int = 1, start: date = date(2020, 9, 10)) -> list[dict]:
    """``count`` valid sessions inside academic year 109, the first ``public`` of them 公開授課."""
    return [
        {
            "date": start + timedelta(weeks=index),
            "start_time": time(14, 0),
            "end_time": time(16, 0),
            "content": f"第{index + 1}次共同備課",
            "method": "共同備課",
            "host": "內聘講座",
            "location": "會議室",
            "is_public_lesson": index < public,
        }
        for index in range(count)
    ]


def complete_application(
    program: ProgramYear,
    *,
    school=None,
    convenor: User | None = None,
    convenor_name: str | None = None,
    name: str = "數學素養共備社群",
    type_number: int = 1,
    domain_name: str | None = None,
    cross: bool = False,
    partners=(),
    members: int = 3,
    sessions: int = 6,
    requests_budget: bool = True,
    invites_experts: bool = False,
    lines: dict[int, tuple] | None = None,
) -> Application:
    """A draft that passes every rule of 送出: the plan filled in through the service, the budget
    (``lines``: item number → (數量, 單價); 2 節 of 內聘講座鐘點費 at 800 by default) and the
    signed PDFs uploaded."""
    if convenor is None:
        extra = {"name": convenor_name} if convenor_name else {}
        convenor = UserFactory(teacher=True, school=school or SchoolFactory(), **extra)
    application = application_start(program=program, convenor=convenor)
    school = application.school
    community_type = CommunityType.objects.get(program=program, number=type_number)
    domain = (
        Domain.objects.filter(name=domain_name).order_by("kind").first()
        if domain_name
        else Domain.objects.filter(kind=Domain.Kind.DOMAIN, stages=school.stage)
        .order_by("order")
        .first()
    )
    rows = [
        {"id": m.pk, "name": m.name, "school": m.school, "position": "教師", "subject": "數學"}
        for m in application.members.all()
    ]
    member_schools = list(partners) + [school] * max(0, members - 1 - len(partners))
    rows += [
        {"name": f"成員{i + 1}", "school": s, "position": "教師", "subject": "數學"}
        for i, s in enumerate(member_schools)
    ]
    application = application_save_draft(
        application=application,
        data={
            "name": name,
            "community_type": community_type,
            "is_cross_school": cross,
            "partner_schools": list(partners),
            "is_continuation": False,
            "continuation_year": None,
            "previous": None,
            "domain": domain,
            "stage": school.stage,
            "requests_budget": requests_budget,
            "invites_experts": invites_experts,
            "content_items": list(
                ContentItem.objects.filter(variant=community_type.content_variant, required=True)
            ),
            "content_other_text": "",
            "convenor_position": "專任教師",
            "convenor_subject": "數學",
            "convenor_trained": True,
            "convenor_email": convenor.email or "convenor@example.tw",
            "convenor_phone": "06-6891234",
            "options": [
                Option.objects.filter(program=program, kind=kind).order_by("order").first()
                for kind in OPTION_LISTS.values()
            ],
            "goal_other_text": "",
            "method_other_text": "",
        },
        members=rows,
        sessions=session_rows(sessions),
        by=convenor,
    )
    if requests_budget:
        budget_save(
            application=application,
            data=budget_entries_by_number(
                application=application, rows=lines if lines is not None else {2: (2, 800)}
            ),
            by=convenor,
        )
    for form in document_forms(application=application):
        document_upload(application=application, form=form, upload=_pdf(), by=convenor)
    return Application.objects.get(pk=application.pk)


def plan_update(application: Application, **fields) -> Application:
    """The convenor saves the 社群申請書 again with ``fields`` changed, every row kept."""
    return application_save_draft(
        application=application,
        data=fields,
        members=[{"id": pk} for pk in application.members.values_list("pk", flat=True)],
        sessions=[{"id": pk} for pk in application.sessions.values_list("pk", flat=True)],
        by=application.convenor,
    )


@contextmanager
def budget_allowed(application: Application):
    """While inside, the application's type allows its budget's total (its amount raised when
    the total is over); put back after. A sent application over its type's ceiling is one the
    year's rules allowed when it was sent, the center having lowered them since."""
    community_type = application.community_type
    over = (
        application.requests_budget
        and community_type is not None
        and budget_sheet(application=application).over_ceiling
    )
    if not over:
        yield
        return
    amount = community_type.base_amount
    community_type.base_amount = budget_total(application=application)
    community_type.save()
    try:
        yield
    finally:
        community_type.base_amount = amount
        community_type.save()


def school_admin_of(application: Application) -> User:
    admin = User.objects.filter(
        role=Role.SCHOOL_ADMIN, school_id=application.school_id, is_active=True
    ).first()
    return admin or UserFactory(school_admin=True, school=application.school)


def center_user() -> User:
    return User.objects.filter(role=Role.CENTER, is_active=True).first() or UserFactory(center=True)


def reviewer_for(application: Application) -> User:
    """An active reviewer of another school, assigned to the application's open stage."""
    assigned = User.objects.filter(
        review_assignments__application=application, is_active=True
    ).first()
    return assigned or UserFactory(reviewer=True)


def send_school_package(application: Application) -> None:
    """送中心 of the application's school, with the school's quota minimum lowered to 0."""
    school = application.school
    QuotaRule.objects.filter(program=application.program, stage=school.stage).update(
        min_communities=0
    )
    year_rules_forget()  # update() moves no rule signal: the rules this process kept are stale
    admin = school_admin_of(application)
    code = current_summary_code(summary=school_summary(school=school, program=application.program))
    package_upload(school=school, program=application.program, upload=_pdf(text=code), by=admin)
    package_submit(school=school, program=application.program, by=admin)


def change_budget(application: Application, rows: dict[int, tuple]) -> Application:
    """A submitted application's 經費概算表 changed the only way it can be: its school returns it
    (退回修正), its convenor saves ``rows`` (item number → (數量, 單價)) and sends it again."""
    school_review(
        application=application,
        accept=False,
        comment="請修正經費概算表",
        by=school_admin_of(application),
    )
    application = Application.objects.get(pk=application.pk)
    budget_save(
        application=application,
        data=budget_entries_by_number(application=application, rows=rows),
        by=application.convenor,
    )
    application_submit(application=application, by=application.convenor)
    return Application.objects.get(pk=application.pk)


def declare_no_conflict(application: Application, reviewer: User) -> None:
    """The reviewer's 利益迴避聲明 (no conflict), unless they have made one."""
    if not ConflictDeclaration.objects.filter(application=application, reviewer=reviewer).exists():
        review_declare(application=application, reviewer=reviewer, has_conflict=False)


def submit_review(
    application: Application,
    reviewer: User,
    *,
    option: str | None = None,
    scores: dict[str, int] | None = None,
    opinion: str = "審查意見",
    amount: int | None = None,
    submit: bool = True,
) -> Review:
    """The assigned reviewer declares no conflict and fills the open stage's 審查表: ``scores``
    by criterion name (every criterion at its 滿分 unless given), the 審查建議 labelled ``option``
    (by default the stage's first that the amount given allows), the opinion and amount."""
    application = Application.objects.select_related("program").get(pk=application.pk)
    declare_no_conflict(application, reviewer)
    stage = workflow.WORKFLOW[application.status].review_stage
    options = recommendation_options(program=application.program, stage=stage)
    if option is not None:
        chosen = next(o for o in options if o.label == option)
    else:
        chosen = next(o for o in options if amount is not None or not o.needs_amount)
    criteria = criteria_for(program=application.program, stage=stage)
    given = scores or {}
    return review_save(
        application=application,
        reviewer=reviewer,
        scores={c.pk: given.get(c.name, c.max_score) for c in criteria},
        recommendation=chosen,
        opinion=opinion,
        recommended_amount=amount,
        submit=submit,
    )


def _review_and_decide(application: Application, action: str, *, amount=None) -> None:
    """A reviewer of the open stage reviews (unless one has already), the center decides."""
    stage = workflow.WORKFLOW[application.status].review_stage
    if not submitted_reviews(application=application, stage=stage):
        reviewer = User.objects.filter(
            review_assignments__application=application,
            review_assignments__stage=stage,
            is_active=True,
        ).first()
        if reviewer is None:
            reviewer = UserFactory(reviewer=True)
            review_assign(applications=[application], reviewers=[reviewer], by=center_user())
        submit_review(application, reviewer, amount=amount)
    review_decide(
        application=application,
        action=action,
        comment="審查結果說明",
        approved_amount=amount,
        by=center_user(),
    )


def _step(application: Application, to: str) -> None:
    """The one step from the application's state to the next state ``to``."""
    status = application.status
    if to in (workflow.SUBMITTED, workflow.UNDER_REVIEW) and status in workflow.editable_by(
        workflow.CONVENOR
    ):
        application_submit(application=application, by=application.convenor)
    elif status == workflow.SUBMITTED:
        accept = to == workflow.SCHOOL_ACCEPTED
        school_review(
            application=application,
            accept=accept,
            comment="" if accept else "請補充進度規劃",
            by=school_admin_of(application),
        )
    elif to == workflow.SENT_TO_CENTER:
        send_school_package(application)
    elif to == workflow.UNDER_REVIEW:
        review_assign(
            applications=[application], reviewers=[reviewer_for(application)], by=center_user()
        )
    elif to == workflow.APPROVED:
        cap, _ceiling, _requested = approval_cap(application=application)
        _review_and_decide(application, "approve", amount=cap)
    else:
        action = {
            workflow.FIRST_PASSED: "first_pass",
            workflow.FIRST_RETURNED: "first_return",
            workflow.REJECTED: "reject",
        }[to]
        _review_and_decide(application, action)


_TO_REVIEW = [
    workflow.SUBMITTED,
    workflow.SCHOOL_ACCEPTED,
    workflow.SENT_TO_CENTER,
    workflow.UNDER_REVIEW,
]
# The states passed on the way from a draft to each state, in order.
PATHS = {
    workflow.DRAFT: [],
    workflow.SUBMITTED: [workflow.SUBMITTED],
    workflow.RETURNED: [workflow.SUBMITTED, workflow.RETURNED],
    workflow.SCHOOL_ACCEPTED: _TO_REVIEW[:2],
    workflow.SENT_TO_CENTER: _TO_REVIEW[:3],
    workflow.UNDER_REVIEW: _TO_REVIEW,
    workflow.FIRST_PASSED: [*_TO_REVIEW, workflow.FIRST_PASSED],
    workflow.FIRST_RETURNED: [*_TO_REVIEW, workflow.FIRST_RETURNED],
    workflow.REJECTED: [*_TO_REVIEW, workflow.REJECTED],
    workflow.APPROVED: [*_TO_REVIEW, workflow.FIRST_PASSED, workflow.APPROVED],
}
_APPROVED = PATHS[workflow.APPROVED]
PATHS.update(
    {
        workflow.REPORT_REVIEW: [*_APPROVED, workflow.REPORT_REVIEW],
        workflow.REPORT_RETURNED: [*_APPROVED, workflow.REPORT_REVIEW, workflow.REPORT_RETURNED],
        workflow.REPORT_FORWARDED: [*_APPROVED, workflow.REPORT_REVIEW, workflow.REPORT_FORWARDED],
        workflow.CLOSED: [
            *_APPROVED,
            workflow.REPORT_REVIEW,
            workflow.REPORT_FORWARDED,
            workflow.CLOSED,
        ],
    }
)


def photo(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def fill_report(application: Application, *, fees: dict[int, int] | None = None):
    """The convenor's 成果報告書 filled so that 送出 passes: every planned session held as
    planned with every member present and a photo, the first one the public lesson, 成果與省思,
    and the approved budget spent: ``fees`` (item number → amount paid at the first session;
    by default the 內聘講座鐘點費 of the estimate)."""
    from communities.models import BudgetLine
    from outcomes.models import Report
    from outcomes.services import evidence_upload, report_save, report_start

    convenor = application.convenor
    report = report_start(application=application, by=convenor)
    members = list(application.members.all())
    sessions = list(report.sessions.order_by("number"))
    lines = {line.item.number: line for line in BudgetLine.objects.filter(application=application)}
    if fees is None:
        fees = {n: line.total for n, line in lines.items() if line.item.premium_base}
    items = {line.item.number: line.item_id for line in lines.values()}
    # Nothing spent on the other rows (a report the demo began may have some).
    plain = {
        line.item_id: 0
        for line in lines.values()
        if not line.item.premium_base and line.item.kind != "premium"
    }
    rows = {}
    for index, session in enumerate(sessions):
        rows[session.pk] = {
            "held": True,
            "notes": f"第{session.number}場紀要",
            "attendees": members,
        }
        if index == 0:
            rows[session.pk].update(
                is_public_lesson=True,
                lesson_teacher=convenor.name or "召集人",
                lesson_theme="分數的意義",
                lesson_relation="以社群共備的教案進行公開授課",
            )
    report_save(
        application=application,
        reflections="成員共同備課，學生學習成效提升。",
        sessions=rows,
        fees={sessions[0].pk: {items[n]: amount for n, amount in fees.items()}} if fees else {},
        spending=plain,
        by=convenor,
    )
    for session in sessions:
        evidence_upload(session=session, upload=photo(), by=convenor)
    return Report.objects.get(pk=report.pk)


def _report_step(application: Application, to: str) -> bool:
    """The report's steps of the flow; False when ``to`` is not one of them."""
    from outcomes.models import Report
    from outcomes.services import report_decide, report_submit

    if to == workflow.REPORT_REVIEW:
        from outcomes.selectors import report_problems

        report = Report.objects.filter(application=application).first()
        if report is None or report_problems(report=report):
            fill_report(application)
        report_submit(application=application, by=application.convenor)
    elif to == workflow.REPORT_FORWARDED:
        report_decide(
            application=application,
            action="report_forward",
            comment="",
            by=school_admin_of(application),
        )
    elif to == workflow.REPORT_RETURNED:
        report_decide(
            application=application,
            action="report_school_return",
            comment="請補上第2場照片說明",
            by=school_admin_of(application),
        )
    elif to == workflow.CLOSED:
        report_decide(application=application, action="close", comment="", by=center_user())
    else:
        return False
    return True


def advance(application: Application, to: str) -> Application:
    """Take the application from its state along the workflow to the state ``to``."""
    path = [workflow.DRAFT, *PATHS[to]]
    if application.status not in path:
        raise ValueError(f"{application.status} is not on the way to {to}")
    for state in path[path.index(application.status) + 1 :]:
        if not _report_step(application, state):
            _step(application, state)
        application = Application.objects.get(pk=application.pk)
        assert application.status == state, (application.status, state)
    return application


def application_in(status: str, program: ProgramYear, **kwargs) -> Application:
    """A complete application taken to ``status`` (``kwargs`` as complete_application's)."""
    return advance(complete_application(program, **kwargs), status)


def close_case(application: Application) -> Application:
    """An approved (核定) application taken on to 結案_可彙整 through the workflow's own actions:
    its convenor's 送出成果報告, then the center's 結案."""
    if workflow.CLOSED in PATHS:
        return advance(application, workflow.CLOSED)
    application = advance(application, workflow.APPROVED)
    application = application_transition(
        application=application, action="report_submit", by=application.convenor
    )
    return application_transition(application=application, action="close", by=center_user())


def closed_application(program: ProgramYear, **kwargs) -> Application:
    """A complete application (``kwargs`` as complete_application's) approved and closed."""
    return close_case(complete_application(program, **kwargs))
