"""Applications of the 109 program for the summaries and printing tests."""

import io
import itertools
from contextlib import contextmanager
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from communities import workflow
from communities.models import Application
from people.models import ExamWeakness, User
from people.tests.factories import SchoolFactory
from programs.models import Domain, ProgramYear, QuotaRule
from programs.rulecache import year_rules_forget
from testsupport.copies import bulk_convenors, copy_applications
from testsupport.flow import advance, budget_allowed, complete_application, plan_update


def pdf_bytes(pages: int = 1, *, text: str = "") -> bytes:
    """A PDF of blank A4 pages; ``text`` (ASCII, e.g. a document code) printed on the first."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if text:
        page = writer.pages[0]
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 10 Tf 40 40 Td ({text}) Tj ET".encode("ascii"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "申請總表核章.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


def upload_signed_summary(*, school, program, admin):
    """The admin uploads the signed 申請總表 as it stands now (its current document code)."""
    from summaries.selectors import school_summary
    from summaries.services import current_summary_code, package_upload

    code = current_summary_code(summary=school_summary(school=school, program=program))
    return package_upload(
        school=school,
        program=program,
        upload=pdf_upload(content=pdf_bytes(text=f"No. {code}")),
        by=admin,
    )


def domain(name: str) -> Domain:
    return Domain.objects.get(kind=Domain.Kind.DOMAIN, name=name)


_names = itertools.count(1)


@contextmanager
def _quota_minimums_kept(program):
    """送中心 lowers the schools' 學年領域學習社群 minimum for the package; put it back after."""
    minimums = dict(QuotaRule.objects.filter(program=program).values_list("pk", "min_communities"))
    try:
        yield
    finally:
        for pk, minimum in minimums.items():
            QuotaRule.objects.filter(pk=pk).update(min_communities=minimum)
        year_rules_forget()  # update() moves no rule signal


def make_application(
    *,
    school,
    status: str = workflow.SUBMITTED,
    type_number: int = 1,
    domain_name: str | None = None,
    cross: bool = False,
    partners=(),
    members: int = 3,
    lines: dict[int, tuple[int, int]] | None = None,
    requests_budget: bool = True,
    name: str | None = None,
    convenor_name: str | None = None,
    convenor: User | None = None,
) -> Application:
    """An application of the 109 program, complete, moved to ``status`` through the workflow
    (testsupport.flow), with ``members`` members (the convenor and colleagues of ``school``, one
    of each partner school) and the budget ``lines``: item number → (quantity, unit price);
    1 教材教具費 of 500 when none are given. A cross-school application without ``partners``
    gets a partner school of its own. With ``requests_budget=False`` the lines are saved first and
    是否申請經費 is then changed to 否, so they are left over.

    A state past 學校已審核待彙整 is reached through 送中心 of the school's accepted applications:
    build those before any application that is to wait for the school's review.
    """
    program = ProgramYear.objects.get(academic_year=109)
    if cross and not partners:
        partners = [SchoolFactory()]
    lines = lines if lines is not None else {7: (1, 500)}
    application = complete_application(
        program,
        school=school,
        convenor=convenor,
        convenor_name=convenor_name,
        name=name or f"測試社群{next(_names)}",
        type_number=type_number,
        domain_name=domain_name,
        cross=cross,
        partners=partners,
        members=members,
        requests_budget=True,
        invites_experts=3 in lines,
        lines=lines,
    )
    if not requests_budget:
        application = plan_update(application, requests_budget=False)
    if status == workflow.DRAFT:
        return application
    with budget_allowed(application), _quota_minimums_kept(program):
        return advance(application, status)


def weak(school, domain_name: str, year: int, percent: str) -> ExamWeakness:
    return ExamWeakness.objects.create(
        school=school, domain=domain(domain_name), academic_year=year, percent=Decimal(percent)
    )


BULK_STATUSES = [workflow.SUBMITTED, workflow.SCHOOL_ACCEPTED, workflow.DRAFT, workflow.RETURNED]
BULK_LINES = {1: (1, 500), 3: (1, 500), 7: (1, 500)}


def bulk_applications(*, program, school, partner, count: int, start: int = 0) -> None:
    """``count`` applications of ``school`` (named 大量社群<n>, each with its own convenor
    bulk<n>) for the tests that count queries at scale, their states cycling through
    BULK_STATUSES and every seventh one cross-school with ``partner``.

    The first of each kind (state, same school or cross-school) is made through the workflow
    (make_application); the others are copies of it made in bulk, with its members, schedule,
    budget lines, signed PDFs and history rows."""
    convenors = bulk_convenors(school=school, prefix="bulk", count=count, start=start)
    templates = {
        (a.status, a.is_cross_school): a
        for a in Application.objects.filter(
            school=school, program=program, name__startswith="大量社群"
        ).order_by("-pk")
    }
    copies: list[tuple[Application, User, str]] = []
    for i, convenor in enumerate(convenors):
        status, cross = BULK_STATUSES[i % len(BULK_STATUSES)], i % 7 == 0
        name = f"大量社群{start + i}"
        template = templates.get((status, cross))
        if template is None:
            templates[status, cross] = make_application(
                school=school,
                status=status,
                cross=cross,
                partners=[partner] if cross else (),
                lines=BULK_LINES,
                name=name,
                convenor=convenor,
            )
        else:
            copies.append((template, convenor, name))
    copy_applications(copies)
