"""Reads for printing: a form ready to print (content, code, template) and, for an uploaded
signed PDF, which printed version it is."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from communities.models import Application, SignedDocument
from people.models import School
from programs.models import ProgramYear

from . import content as printed
from .codes import (
    APPLICATION_PREFIX,
    SCHOOL_PREFIX,
    content_hash,
    document_code,
    format_code,
    parse_document_code,
)
from .models import PrintRecord

TEMPLATES = {
    printed.PLAN: "printing/plan.html",
    printed.BUDGET: "printing/budget.html",
    printed.SCHOOL_APPLICATIONS: "printing/school_applications.html",
    printed.SCHOOL_BUDGET: "printing/school_budget.html",
}
LANDSCAPE_FORMS = frozenset(printed.SCHOOL_FORMS)


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


def application_printout(*, application: Application, form: str) -> Printout:
    content = printed.application_content(application=application, form=form)
    digest = content_hash(content)
    return Printout(
        form=form,
        content=content,
        code=format_code(prefix=APPLICATION_PREFIX, pk=application.pk, digest=digest),
        digest=digest,
        subject=content.name or str(application),
    )


def school_printout(*, school: School, program: ProgramYear, form: str) -> Printout:
    content = printed.school_content(school=school, program=program, form=form)
    digest = content_hash(content)
    return Printout(
        form=form,
        content=content,
        code=format_code(prefix=SCHOOL_PREFIX, pk=school.pk, digest=digest),
        digest=digest,
        subject=school.name,
    )


@dataclass(frozen=True)
class PrintStatus:
    """What an uploaded signed PDF's document code says about it."""

    code: str  # read from the file's text; "" when none could be read
    current_code: str  # the code the form would carry if printed now
    record: PrintRecord | None  # the (latest) print that carried ``code``
    of_other_application: bool  # the code belongs to another application or a school summary
    other_form: str  # label of the form the code was printed for, when not this document's

    @property
    def recognised(self) -> bool:
        return bool(self.code)

    @property
    def matches(self) -> bool:
        return self.recognised and not self.of_other_application and not self.other_form

    @property
    def changed(self) -> bool:
        """The application changed after the print that was signed."""
        return self.matches and self.code != self.current_code


def print_status_for_document(*, document: SignedDocument) -> PrintStatus:
    application = document.application
    current = document_code(application=application, form=document.form)
    code = document.print_code or ""
    if not code:
        return PrintStatus(
            code="", current_code=current, record=None, of_other_application=False, other_form=""
        )
    parsed = parse_document_code(code)
    of_other = parsed is None or parsed[:2] != (APPLICATION_PREFIX, application.pk)
    record = None
    other_form = ""
    if not of_other:
        records = PrintRecord.objects.filter(application_id=application.pk, code=code)
        record = records.filter(form=document.form).first()
        if record is None:
            elsewhere = records.first()
            if elsewhere is not None:
                record = elsewhere
                other_form = elsewhere.get_form_display()
    return PrintStatus(
        code=code,
        current_code=current,
        record=record,
        of_other_application=of_other,
        other_form=other_form,
    )
