"""Applications of the 109 program for the summaries and printing tests."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from communities import workflow
from communities.models import Application, BudgetLine, Member, SignedDocument
from communities.tests.factories import ApplicationFactory
from people.models import ExamWeakness, Role, User
from programs.models import BudgetItem, CommunityType, Domain


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
) -> Application:
    """An application of the 109 program in a status, with members and budget lines.

    ``lines`` maps a budget item number to (quantity, unit price).
    """
    extra = {}
    if name:
        extra["name"] = name
    if convenor_name:
        extra["convenor__name"] = convenor_name
    application = ApplicationFactory(
        convenor__school=school,
        community_type=CommunityType.objects.get(program__academic_year=109, number=type_number),
        domain=domain(domain_name) if domain_name else None,
        is_cross_school=cross,
        requests_budget=requests_budget,
        status=status,
        **extra,
    )
    if partners:
        application.partner_schools.set(partners)
    Member.objects.bulk_create(
        Member(application=application, order=i, name=f"成員{i}", school=school)
        for i in range(members)
    )
    items = {item.number: item for item in BudgetItem.objects.filter(program=application.program)}
    BudgetLine.objects.bulk_create(
        BudgetLine(
            application=application,
            item=items[number],
            quantity=Decimal(quantity),
            unit_price=price,
            total=quantity * price,
        )
        for number, (quantity, price) in (lines or {}).items()
    )
    return application


def weak(school, domain_name: str, year: int, percent: str) -> ExamWeakness:
    return ExamWeakness.objects.create(
        school=school, domain=domain(domain_name), academic_year=year, percent=Decimal(percent)
    )


BULK_STATUSES = [workflow.SUBMITTED, workflow.SCHOOL_ACCEPTED, workflow.DRAFT, workflow.RETURNED]


def bulk_applications(*, program, school, partner, count: int, start: int = 0) -> None:
    convenors = User.objects.bulk_create(
        User(
            username=f"bulk{start + i}",
            name=f"老師{start + i}",
            role=Role.TEACHER,
            school=school,
            password="!",
        )
        for i in range(count)
    )
    types = list(CommunityType.objects.filter(program=program))
    domains = list(Domain.objects.filter(kind=Domain.Kind.DOMAIN))
    applications = Application.objects.bulk_create(
        Application(
            program=program,
            school=school,
            convenor=convenor,
            name=f"大量社群{start + i}",
            community_type=types[i % len(types)],
            domain=domains[i % len(domains)],
            is_cross_school=i % 7 == 0,
            requests_budget=True,
            status=BULK_STATUSES[i % len(BULK_STATUSES)],
        )
        for i, convenor in enumerate(convenors)
    )
    items = list(BudgetItem.objects.filter(program=program, number__in=[1, 3, 7]))
    Member.objects.bulk_create(
        Member(application=a, order=k, name=f"成員{k}", school=school)
        for a in applications
        for k in range(3)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(application=a, item=item, quantity=Decimal(1), unit_price=500, total=500)
        for a in applications
        for item in items
    )
    through = Application.partner_schools.through
    through.objects.bulk_create(
        through(application_id=a.pk, school_id=partner.pk)
        for a in applications
        if a.is_cross_school
    )
    SignedDocument.objects.bulk_create(
        SignedDocument(
            application=a,
            form=SignedDocument.Form.PLAN,
            file=f"signed/2020/{a.pk}.pdf",
            original_name="plan.pdf",
            size=1000,
            sha256="0" * 64,
            uploaded_by=a.convenor,
        )
        for a in applications[::3]
    )
