"""The document code printed on a form is the code of its content."""

import pytest

from communities.printed import application_document_code
from documents.codes import find_document_code
from printing.rendering import render_pdf
from printing.selectors import application_printout

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def code(application, form="plan"):
    return application_document_code(application=application, form=form)


def test_the_code_survives_pdf_text_extraction(application):
    printout = application_printout(application=application, form="plan")
    text = pdf_text(render_pdf(printout.html()))
    assert find_document_code(text) == printout.code == code(application)
