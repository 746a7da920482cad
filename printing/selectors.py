"""Reads for printing: a form ready to print (content, code, template) and, for an uploaded
signed PDF, which printed version it is."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.template.loader import render_to_string

from communities.models import Application, SignedDocument
from communities.printed import BUDGET, PLAN, application_content, application_document_code
from documents.codes import (
    APPLICATION_PREFIX,
    SCHOOL_PREFIX,
    content_hash,
    format_code,
    parse_document_code,
)
from outcomes.printed import REPORT, report_content
from people.models import School
from programs.models import ProgramYear
from summaries.models import SchoolPackage
from summaries.printed import (
    SCHOOL_APPLICATIONS,
    SCHOOL_BUDGET,
    SCHOOL_FORMS,
    school_content,
    school_document_code,
)
from summaries.selectors import SchoolSummary

from .models import PrintRecord

TEMPLATES = {
    PLAN: "printing/plan.html",
    BUDGET: "printing/budget.html",
    SCHOOL_APPLICATIONS: "printing/school_applications.html",
    SCHOOL_BUDGET: "printing/school_budget.html",
    REPORT: "printing/report.html",
}
LANDSCAPE_FORMS = frozenset(SCHOOL_FORMS)


@dataclass(frozen=True)
class Printout:
    """A form ready to print: what it shows, the code it carries, how to lay it out."""

    form: str
    content: object
    code: str
    digest: str  # SHA-256 of the content
    subject: str  # the community's or the school's name, for the file name

    @property
    def template(self) -> str:
        return TEMPLATES[self.form]

    @property
    def landscape(self) -> bool:
        return self.form in LANDSCAPE_FORMS

    @property
    def filename(self) -> str:
        name = f"{self.content.header.form_name}_{self.subject}_{self.code}.pdf"
        return "".join("_" if ch in '\\/:*?"<>|\r\n\t' else ch for ch in name)

    def context(self, **extra) -> dict:
        return {"content": self.content, "code": self.code, "landscape": self.landscape, **extra}

    def html(self, **extra) -> str:
        """The document for the PDF renderer (no screen toolbar)."""
        return render_to_string(self.template, self.context(screen=False, **extra))


def _printout(*, form: str, content, prefix: str, pk: int, subject: str) -> Printout:
    digest = content_hash(content)
    return Printout(
        form=form,
        content=content,
        code=format_code(prefix=prefix, pk=pk, digest=digest),
        digest=digest,
        subject=subject,
    )


def application_printout(*, application: Application, form: str) -> Printout:
    if form == REPORT:
        content = report_content(application=application)
    else:
        content = application_content(application=application, form=form)
    return _printout(
        form=form,
        content=content,
        prefix=APPLICATION_PREFIX,
        pk=application.pk,
        subject=content.name or str(application),
    )


def school_printout(*, school: School, program: ProgramYear, form: str) -> Printout:
    return _printout(
        form=form,
        content=school_content(school=school, program=program, form=form),
        prefix=SCHOOL_PREFIX,
        pk=school.pk,
        subject=school.name,
    )


@dataclass(frozen=True)
class PrintStatus:
    """What the document code read from an uploaded signed PDF says about it: an application's
    signed form (communities SignedDocument) or a school's signed 申請總表 (SchoolPackage)."""

    code: str  # read from the file's text; "" when none could be read
    current_code: str  # the code the form would carry if printed now; "" when not compared
    record: PrintRecord | None  # the (latest) print that carried ``code``
    of_other: bool  # the code belongs to another application or school, or to no known print
    other_form: str  # label of the form the code was printed for, when not the expected one
    of_school: bool = False  # a school's signed summary rather than an application's form

    @property
    def recognised(self) -> bool:
        return bool(self.code)

    @property
    def matches(self) -> bool:
        return self.recognised and not self.of_other and not self.other_form

    @property
    def changed(self) -> bool:
        """The application (or the school's summary) changed after the print that was signed."""
        return self.matches and bool(self.current_code) and self.code != self.current_code


def _print_status(
    *,
    code: str,
    owner: tuple[str, int],
    form: str,
    records: QuerySet[PrintRecord],
    current_code: Callable[[], str],
    of_school: bool,
) -> PrintStatus:
    """Match ``code`` to the prints of its owner ((prefix, pk)) in ``records``; ``current_code``
    is only worked out when the code is this owner's, of the expected form."""
    parsed = parse_document_code(code) if code else None
    of_other = bool(code) and (parsed is None or parsed[:2] != owner)
    record = None
    other_form = ""
    if code and not of_other:
        prints = list(records.filter(code=code))  # newest first
        record = next((p for p in prints if p.form == form), None)
        if record is None and prints:
            record = prints[0]
            other_form = record.get_form_display()
    status = PrintStatus(
        code=code,
        current_code="",
        record=record,
        of_other=of_other,
        other_form=other_form,
        of_school=of_school,
    )
    if status.matches:
        status = replace(status, current_code=current_code())
    return status


def print_status_for_document(*, document: SignedDocument) -> PrintStatus:
    application = document.application
    return _print_status(
        code=document.print_code or "",
        owner=(APPLICATION_PREFIX, application.pk),
        form=document.form,
        records=PrintRecord.objects.filter(application_id=application.pk),
        current_code=lambda: application_document_code(application=application, form=document.form),
        of_school=False,
    )


def print_status_for_package(
    *, package: SchoolPackage, summary: SchoolSummary | None = None
) -> PrintStatus:
    """Which printed 申請總表 the school's signed summary (summaries.models.SchoolPackage) is, and
    whether the summary changed since that print.

    ``summary`` is the school's summaries.selectors.school_summary when the caller has it already
    (it is not read again). Once the file went to the center (and no newer file was uploaded),
    it is not compared any more: sending changes the applications' status by itself.
    """
    school = summary.school if summary is not None else package.school
    program = summary.program if summary is not None else package.program

    def current_code() -> str:
        if not package.uploaded_since_submission:
            return ""
        return school_document_code(
            school=school, program=program, form=SCHOOL_APPLICATIONS, summary=summary
        )

    return _print_status(
        code=package.print_code or "",
        owner=(SCHOOL_PREFIX, school.pk),
        form=SCHOOL_APPLICATIONS,
        records=PrintRecord.objects.filter(school_id=school.pk, program_id=program.pk),
        current_code=current_code,
        of_school=True,
    )
