"""Shared helpers of the 經費概算表 and signed-document tests."""

import io

import tinyhtml5
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from communities.models import Member, ReviewAssignment
from people.tests.factories import SchoolFactory, UserFactory

NS = {"h": "http://www.w3.org/1999/xhtml"}


class Page:
    """A rendered page, read the way a person reads it: by field, by id, by visible text."""

    def __init__(self, response):
        self.html = response.content.decode()
        self.root = tinyhtml5.parse(self.html)

    def by_id(self, element_id: str):
        return self.root.find(f".//*[@id='{element_id}']")

    def text(self, element_id: str) -> str:
        node = self.by_id(element_id)
        assert node is not None, f"no element #{element_id}"
        return " ".join("".join(node.itertext()).split())

    def field_messages(self, name: str) -> str:
        """The messages shown right under the input named ``name``."""
        return self.text(f"id_{name}_error")

    def value(self, name: str) -> str:
        node = self.root.find(f".//h:input[@name='{name}']", NS)
        assert node is not None, f"no input {name}"
        return node.get("value", "")

    def has_input(self, name: str) -> bool:
        return self.root.find(f".//h:input[@name='{name}']", NS) is not None

    def visible_text(self) -> str:
        main = self.root.find(".//h:main", NS)
        return " ".join("".join(main.itertext()).split())


def pdf_bytes(*, pages: int = 1, user_password: str | None = None, pad_to: int = 0) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if pad_to:
        writer.add_metadata({"/Padding": "x" * pad_to})
    if user_password:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "signed.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, pdf_bytes() if content is None else content, content_type="application/pdf"
    )


def add_members(application, count: int) -> None:
    for order in range(count):
        Member.objects.create(
            application=application, order=order, name=f"成員{order}", school=application.school
        )


def people_around(application) -> dict:
    """Everyone who may or may not see the application, keyed by who they are."""
    partner = SchoolFactory()
    application.partner_schools.add(partner)
    assigned = UserFactory(reviewer=True)
    ReviewAssignment.objects.create(application=application, reviewer=assigned)
    return {
        "convenor": application.convenor,
        "school_admin": UserFactory(school_admin=True, school=application.school),
        "partner_school_admin": UserFactory(school_admin=True, school=partner),
        "center": UserFactory(center=True),
        "assigned_reviewer": assigned,
        "other_teacher": UserFactory(teacher=True, school=application.school),
        "other_school_admin": UserFactory(school_admin=True),
        "unassigned_reviewer": UserFactory(reviewer=True),
    }


READERS = ["convenor", "school_admin", "partner_school_admin", "center", "assigned_reviewer"]
OUTSIDERS = ["other_teacher", "other_school_admin", "unassigned_reviewer"]
