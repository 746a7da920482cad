"""Test tools for the public pages: the center, files of each kind, announcements made through
the services, and a clock that moves (the site reads django.utils.timezone.now)."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from people.tests.factories import UserFactory
from portal.services import AnnouncementFields, announcement_save
from testsupport.pdfs import pdf_bytes


@pytest.fixture
def center(db):
    return UserFactory(center=True, name="林中心")


@pytest.fixture
def center_client(client, center):
    client.force_login(center)
    return client


@pytest.fixture
def clock(monkeypatch):
    """``clock.advance(timedelta)`` moves the site's clock forward for the rest of the test."""
    real_now = timezone.now
    offset = [timedelta(0)]

    class Clock:
        def now(self):
            return real_now() + offset[0]

        def advance(self, delta: timedelta) -> None:
            offset[0] += delta

    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


def pdf_file(name: str = "附件.pdf", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(**kwargs), content_type="application/pdf")


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["學校", "金額"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(name: str = "名單.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes())


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def announce(center, title: str, *, publish: bool = True, uploads=(), **fields):
    """An announcement written (and by default published) by the center through the service."""
    return announcement_save(
        announcement=None,
        fields=AnnouncementFields(title=title, **fields),
        by=center,
        uploads=list(uploads),
        publish=publish,
    )


@pytest.fixture
def visitor(db):
    """A browser of its own, signed out (``client`` is the same object as ``center_client``)."""
    from django.test import Client

    return Client()
