"""The school's printed summaries, 申請總表 and 經費總表, as plain data (documents.printed).

The document code of a summary hashes exactly this content (documents.codes), so the code on the
uploaded signed 申請總表 tells whether it is the summary as it stands now.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from documents.codes import SCHOOL_PREFIX, content_code, in_forms_language
from documents.printed import Header, form_header
from people.models import School
from programs.models import ProgramYear

from .selectors import SchoolSummary, school_budget_summary, school_summary

SCHOOL_APPLICATIONS = "school_applications"
SCHOOL_BUDGET = "school_budget"
SCHOOL_FORMS = (SCHOOL_APPLICATIONS, SCHOOL_BUDGET)


@dataclass(frozen=True)
class SchoolApplicationRow:
    number: int
    name: str
    community_type: str
    scope: str
    partner_schools: str
    lead_school: str
    domain: str
    stage: str
    convenor: str
    member_count: int
    requested: int
    ceiling: int | None
    status: str
    note: str


@dataclass(frozen=True)
class RuleLine:
    title: str
    ok: bool
    message: str


@dataclass(frozen=True)
class SchoolApplicationsContent:
    form: str
    header: Header
    rows: tuple[SchoolApplicationRow, ...]  # counted: what the school sends to the center
    other_rows: tuple[SchoolApplicationRow, ...]  # listed, not counted (drafts, returned, …)
    partner_rows: tuple[SchoolApplicationRow, ...]  # other schools' cross-school communities
    rules: tuple[RuleLine, ...]
    member_total: int
    requested_total: int
    ceiling_total: int


@dataclass(frozen=True)
class SchoolBudgetRow:
    number: int
    name: str
    community_type: str
    convenor: str
    amounts: tuple[int, ...]
    total: int
    ceiling: int | None


@dataclass(frozen=True)
class SchoolBudgetContent:
    form: str
    header: Header
    columns: tuple[str, ...]  # "1.外聘講座鐘點費 (節)"
    rows: tuple[SchoolBudgetRow, ...]
    partner_rows: tuple[SchoolBudgetRow, ...]
    item_totals: tuple[int, ...]
    total: int
    ceiling_total: int
    not_included: int


FORM_TITLES = {
    SCHOOL_APPLICATIONS: gettext_lazy("教師專業學習社群申請總表"),
    SCHOOL_BUDGET: gettext_lazy("教師專業學習社群經費總表"),
}


def _school_application_row(number: int, row) -> SchoolApplicationRow:
    return SchoolApplicationRow(
        number=number,
        name=row.name,
        community_type=row.community_type,
        scope=str(row.scope_label),
        partner_schools="、".join(row.partner_schools),
        lead_school=row.lead_school,
        domain=row.domain,
        stage=row.stage,
        convenor=row.convenor,
        member_count=row.member_count,
        requested=row.requested,
        ceiling=row.ceiling,
        status=row.status_label,
        note=str(row.note),
    )


def school_applications_content(
    *, school: School, program: ProgramYear, summary: SchoolSummary | None = None
) -> SchoolApplicationsContent:
    """The school's 申請總表 as printed; ``summary``: its school_summary, when the caller has
    read it already."""
    if summary is None:
        summary = school_summary(school=school, program=program)
    counted = [row for row in summary.rows if row.counts]
    others = [row for row in summary.rows if not row.counts]
    return SchoolApplicationsContent(
        form=SCHOOL_APPLICATIONS,
        header=form_header(
            form_name=FORM_TITLES[SCHOOL_APPLICATIONS], program=program, school=summary.school
        ),
        rows=tuple(_school_application_row(i, row) for i, row in enumerate(counted, start=1)),
        other_rows=tuple(_school_application_row(i, row) for i, row in enumerate(others, 1)),
        partner_rows=tuple(
            _school_application_row(i, row) for i, row in enumerate(summary.partner_rows, 1)
        ),
        rules=tuple(
            RuleLine(title=str(rule.title), ok=rule.ok, message=str(rule.message))
            for rule in summary.rules
        ),
        member_total=summary.member_total,
        requested_total=summary.requested_total,
        ceiling_total=summary.ceiling_total,
    )


def school_budget_content(*, school: School, program: ProgramYear) -> SchoolBudgetContent:
    """The school's 經費總表 as printed."""
    summary = school_budget_summary(school=school, program=program)

    def budget_row(number: int, row) -> SchoolBudgetRow:
        return SchoolBudgetRow(
            number=number,
            name=row.application.name,
            community_type=row.application.community_type,
            convenor=row.application.convenor,
            amounts=tuple(row.amounts),
            total=row.total,
            ceiling=row.ceiling,
        )

    return SchoolBudgetContent(
        form=SCHOOL_BUDGET,
        header=form_header(
            form_name=FORM_TITLES[SCHOOL_BUDGET], program=program, school=summary.school
        ),
        columns=tuple(f"{column.label}({column.unit})" for column in summary.columns),
        rows=tuple(budget_row(i, row) for i, row in enumerate(summary.rows, start=1)),
        partner_rows=tuple(budget_row(i, row) for i, row in enumerate(summary.partner_rows, 1)),
        item_totals=tuple(total.total for total in summary.item_totals),
        total=summary.total,
        ceiling_total=summary.ceiling_total,
        not_included=summary.not_included,
    )


def school_content(
    *, school: School, program: ProgramYear, form: str, summary: SchoolSummary | None = None
) -> SchoolApplicationsContent | SchoolBudgetContent:
    """``summary``: the school's school_summary, when the caller has it (for the 申請總表)."""
    if form == SCHOOL_APPLICATIONS:
        return school_applications_content(school=school, program=program, summary=summary)
    if form == SCHOOL_BUDGET:
        return school_budget_content(school=school, program=program)
    raise ValueError(f"not a school form: {form!r}")


@in_forms_language
def school_document_code(
    *, school: School, program: ProgramYear, form: str, summary: SchoolSummary | None = None
) -> str:
    """The code the school's 申請總表 / 經費總表 would carry if printed now; ``summary``: the
    school's school_summary, when the caller has read it already (used for the 申請總表)."""
    content = school_content(school=school, program=program, form=form, summary=summary)
    return content_code(prefix=SCHOOL_PREFIX, pk=school.pk, content=content)
