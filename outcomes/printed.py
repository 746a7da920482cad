"""The 成果報告書 as printed, as plain data (documents.printed): what printing renders and the
document code hashes."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from communities.models import Application
from core.roc import roc_date
from documents.printed import Header, form_header

from .models import Report
from .selectors import report_view
from .spending import premium_explained

REPORT = "report"
FORM_TITLE = gettext_lazy("教師專業學習社群成果報告書")


@dataclass(frozen=True)
class SessionRow:
    number: int
    held: str  # 已辦理 / 未辦理
    date: str
    time: str
    content: str
    attendance: int
    attendees: str
    notes: str
    public_lesson: str  # teacher, theme and relation, "" when not one
    evidence: int


@dataclass(frozen=True)
class SpendingRow:
    number: int
    name: str
    budgeted: int
    actual: int


@dataclass(frozen=True)
class ReportContent:
    form: str
    header: Header
    name: str
    community_type: str
    convenor: str
    sessions: tuple[SessionRow, ...]
    held: int
    public_lessons: int
    reflections: str
    spending: tuple[SpendingRow, ...]
    premium_lines: tuple[str, ...]
    approved: int
    total: int
    balance: int


def report_content(*, application: Application) -> ReportContent:
    report = Report.objects.get(application=application)
    view = report_view(report=report, application=application)
    sessions = []
    for s in view.sessions:
        people = list(s.attendees.all())
        sessions.append(
            SessionRow(
                number=s.number,
                held=str(gettext_lazy("已辦理") if s.held else gettext_lazy("未辦理")),
                date=roc_date(s.date),
                time=(
                    f"{s.start_time:%H:%M}–{s.end_time:%H:%M}"
                    if s.start_time and s.end_time
                    else ""
                ),
                content=s.content,
                attendance=len(people),
                attendees="、".join(m.name for m in people),
                notes=s.notes,
                public_lesson=(
                    f"{s.lesson_teacher}／{s.lesson_theme}／{s.lesson_relation}"
                    if s.is_public_lesson
                    else ""
                ),
                evidence=len(s.evidence.all()),
            )
        )
    return ReportContent(
        form=REPORT,
        header=form_header(
            form_name=FORM_TITLE, program=application.program, school=application.school
        ),
        name=application.display_name,
        community_type=application.community_type.name if application.community_type else "",
        convenor=application.convenor.name or application.convenor.username,
        sessions=tuple(sessions),
        held=len(view.held),
        public_lessons=len(view.public_lessons),
        reflections=view.report.reflections,
        spending=tuple(
            SpendingRow(
                number=row.item.number,
                name=row.item.name,
                budgeted=row.budgeted,
                actual=row.actual,
            )
            for row in view.sheet.rows
        ),
        premium_lines=tuple(premium_explained(p) for p in view.sheet.premiums),
        approved=view.sheet.approved,
        total=view.sheet.total,
        balance=view.sheet.balance,
    )
