"""The application's printed forms, 社群申請書 and 經費概算表, as plain data (documents.printed).

The document code of a form hashes exactly this content (documents.codes), so the code an
uploaded signed copy carries tells whether it is the form as it stands now. Every option list is
read from the year's programs rows.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roc import roc_date
from documents.codes import APPLICATION_PREFIX, content_code, in_forms_language
from documents.printed import Check, CheckGroup, Header, form_header, yes_no
from programs.models import CommunityType, ContentItem, Option

from .budget import budget_sheet
from .models import Application, Member, Session, SignedDocument

PLAN = SignedDocument.Form.PLAN.value
BUDGET = SignedDocument.Form.BUDGET.value
APPLICATION_FORMS = (PLAN, BUDGET)


@dataclass(frozen=True)
class MemberRow:
    order: int
    name: str
    school: str
    position: str
    subject: str


@dataclass(frozen=True)
class SessionRow:
    number: int
    date: str  # 109/09/15
    start: str  # 14:00
    end: str
    content: str
    method: str
    host: str
    location: str
    is_public_lesson: bool


@dataclass(frozen=True)
class PlanContent:
    form: str
    header: Header
    name: str
    community_types: tuple[Check, ...]
    scope: tuple[Check, ...]  # 同校 / 跨校
    partner_schools: str
    continuation: tuple[Check, ...]  # 續辦 / 非續辦
    continuation_year: str
    previous: str
    domain: str
    stage: str
    requests_budget: tuple[Check, ...]
    invites_experts: tuple[Check, ...]
    content_items: tuple[Check, ...]
    convenor: str
    convenor_position: str
    convenor_subject: str
    convenor_trained: tuple[Check, ...]
    convenor_email: str
    convenor_phone: str
    members: tuple[MemberRow, ...]
    competencies: tuple[CheckGroup, ...]
    goals: tuple[Check, ...]
    methods: tuple[Check, ...]
    sessions: tuple[SessionRow, ...]
    public_lesson_count: int


@dataclass(frozen=True)
class BudgetLineRow:
    number: int
    name: str
    unit: str
    quantity: str  # "6", "1.5", "" when nothing was entered
    unit_price: int | None
    total: int
    note: str  # 說明, printed under the row ("" when the next row carries the same one)


@dataclass(frozen=True)
class BudgetContent:
    form: str
    header: Header
    name: str
    community_type: str
    scope: str
    requests_budget: bool
    rows: tuple[BudgetLineRow, ...]
    premium_rate: str
    total: int
    ceiling: int | None


FORM_TITLES = {
    PLAN: gettext_lazy("教師專業學習社群申請表"),
    BUDGET: gettext_lazy("教師專業學習社群經費概算表"),
}


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def quantity_text(value: Decimal | None) -> str:
    """6.0 → "6", 1.5 → "1.5", nothing entered → ""."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text


def plan_content(*, application: Application) -> PlanContent:
    """The 社群申請書 as printed (a fixed number of queries)."""
    application = (
        Application.objects.select_related(
            "program",
            "school",
            "convenor",
            "community_type__content_variant",
            "domain",
            "stage",
            "previous",
        )
        .prefetch_related(
            "partner_schools",
            "content_items",
            "options",
            Prefetch("members", queryset=Member.objects.select_related("school")),
            Prefetch("sessions", queryset=Session.objects.order_by("number", "id")),
        )
        .get(pk=application.pk)
    )
    program = application.program
    types = list(CommunityType.objects.filter(program=program).order_by("number"))
    chosen_items = {item.pk for item in application.content_items.all()}
    variant = application.community_type.content_variant if application.community_type else None
    items = list(ContentItem.objects.filter(variant=variant)) if variant else []
    chosen_options = {option.pk for option in application.options.all()}
    options = list(Option.objects.filter(program=program).order_by("kind", "order"))

    def option_checks(kind: str, other_text: str) -> tuple[Check, ...]:
        return tuple(
            Check(
                label=str(option),
                checked=option.pk in chosen_options,
                text=other_text if option.allows_text and option.pk in chosen_options else "",
            )
            for option in options
            if option.kind == kind
        )

    groups: dict[str, list[Check]] = {}
    for option in options:
        if option.kind == Option.Kind.COMPETENCY:
            groups.setdefault(option.group, []).append(
                Check(label=str(option), checked=option.pk in chosen_options)
            )
    sessions = tuple(
        SessionRow(
            number=session.number,
            date=roc_date(session.date),
            start=_time(session.start_time),
            end=_time(session.end_time),
            content=session.content,
            method=session.method,
            host=session.host,
            location=session.location,
            is_public_lesson=session.is_public_lesson,
        )
        for session in application.sessions.all()
    )
    continuing = application.is_continuation
    if continuing is None and application.continuation_year:
        continuing = True
    return PlanContent(
        form=PLAN,
        header=form_header(form_name=FORM_TITLES[PLAN], program=program, school=application.school),
        name=application.name,
        community_types=tuple(
            Check(label=str(t), checked=t.pk == application.community_type_id) for t in types
        ),
        scope=(
            Check(_("同校"), application.is_cross_school is False),
            Check(_("跨校"), application.is_cross_school is True),
        ),
        partner_schools="、".join(s.name for s in application.partner_schools.all()),
        continuation=(
            Check(_("續辦"), continuing is True),
            Check(_("非續辦"), continuing is False),
        ),
        continuation_year=str(application.continuation_year or "") if continuing else "",
        previous=str(application.previous) if continuing and application.previous else "",
        domain=application.domain.name if application.domain else "",
        stage=application.stage.name if application.stage else "",
        requests_budget=yes_no(application.requests_budget),
        invites_experts=yes_no(application.invites_experts),
        content_items=tuple(
            Check(
                label=item.label,
                checked=item.pk in chosen_items,
                text=application.content_other_text
                if item.allows_text and item.pk in chosen_items
                else "",
                required=item.required,
            )
            for item in items
        ),
        convenor=application.convenor.name or application.convenor.username,
        convenor_position=application.convenor_position,
        convenor_subject=application.convenor_subject,
        convenor_trained=yes_no(application.convenor_trained),
        convenor_email=application.convenor_email,
        convenor_phone=application.convenor_phone,
        members=tuple(
            MemberRow(
                order=index,
                name=member.name,
                school=member.school.name,
                position=member.position,
                subject=member.subject,
            )
            for index, member in enumerate(application.members.all(), start=1)
        ),
        competencies=tuple(
            CheckGroup(label=group, checks=tuple(checks)) for group, checks in groups.items()
        ),
        goals=option_checks(Option.Kind.GOAL, application.goal_other_text),
        methods=option_checks(Option.Kind.METHOD, application.method_other_text),
        sessions=sessions,
        public_lesson_count=sum(1 for s in sessions if s.is_public_lesson),
    )


def budget_content(*, application: Application) -> BudgetContent:
    """The 經費概算表 as printed: the stored rows with 總價 and the premium recomputed."""
    application = Application.objects.select_related("program", "school", "community_type").get(
        pk=application.pk
    )
    sheet = budget_sheet(application=application)
    rows: list[BudgetLineRow] = []
    for row in sheet.rows:
        rows.append(
            BudgetLineRow(
                number=row.item.number,
                name=row.item.name,
                unit=row.item.unit,
                quantity=quantity_text(row.quantity),
                unit_price=row.unit_price,
                total=row.total,
                note=row.item.note if row.show_note else "",
            )
        )
    return BudgetContent(
        form=BUDGET,
        header=form_header(
            form_name=FORM_TITLES[BUDGET], program=application.program, school=application.school
        ),
        name=application.name,
        community_type=str(application.community_type) if application.community_type else "",
        scope=""
        if application.is_cross_school is None
        else (_("跨校") if application.is_cross_school else _("同校")),
        requests_budget=application.requests_budget is not False,
        rows=tuple(rows),
        premium_rate=sheet.premium_rate_text,
        total=sheet.total,
        ceiling=sheet.ceiling,
    )


def application_content(*, application: Application, form: str) -> PlanContent | BudgetContent:
    if form == PLAN:
        return plan_content(application=application)
    if form == BUDGET:
        return budget_content(application=application)
    raise ValueError(f"not an application form: {form!r}")


@in_forms_language
def application_document_code(*, application: Application, form: str) -> str:
    """The code the application's form would carry if printed now."""
    content = application_content(application=application, form=form)
    return content_code(prefix=APPLICATION_PREFIX, pk=application.pk, content=content)
