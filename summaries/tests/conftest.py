import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from communities import workflow
from communities.models import Application, BudgetLine, Member
from communities.tests.factories import ApplicationFactory
from people.models import ExamWeakness
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import BudgetItem, CommunityType, Domain


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "申請總表核章.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


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


@pytest.fixture
def school(program):
    """A 國中 with 14 classes: its 學年領域學習社群 quota is 4–8."""
    return SchoolFactory(name="市立下營國中", class_count=14)


@pytest.fixture
def other_school(program):
    return SchoolFactory(name="市立麻豆國中", class_count=14)


@pytest.fixture
def admin(school):
    return UserFactory(school_admin=True, school=school, name="李承辦")


@pytest.fixture
def other_admin(other_school):
    return UserFactory(school_admin=True, school=other_school, name="張承辦")


@pytest.fixture
def center(program):
    return UserFactory(center=True, name="林中心")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client
