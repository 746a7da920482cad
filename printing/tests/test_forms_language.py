"""The printed forms (what is signed, stamped and uploaded) are in Traditional Chinese for every
reader, so their document codes do not depend on the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from communities.printed import BUDGET, PLAN, application_document_code
from summaries.printed import SCHOOL_APPLICATIONS, SCHOOL_BUDGET, school_document_code
from testsupport.flow import complete_application

pytestmark = pytest.mark.django_db


def codes(application, program):
    return [
        application_document_code(application=application, form=PLAN),
        application_document_code(application=application, form=BUDGET),
        school_document_code(school=application.school, program=program, form=SCHOOL_APPLICATIONS),
        school_document_code(school=application.school, program=program, form=SCHOOL_BUDGET),
    ]


def test_document_codes_are_the_same_in_either_language(program):
    application = complete_application(program)
    with translation.override("zh-hant"):
        chinese = codes(application, program)
    with translation.override("en"):
        english = codes(application, program)
    assert chinese == english


def test_an_english_reader_prints_the_chinese_form_with_the_same_code(client, program):
    application = complete_application(program)
    application.convenor.language = "en"
    application.convenor.save()
    client.force_login(application.convenor)
    response = client.get(reverse("printing:plan", args=[application.pk]) + "?format=html")
    html = response.content.decode()
    assert "教師專業學習社群申請表" in html
    assert application_document_code(application=application, form=PLAN) in html
    # The site around it is still in English.
    progress = client.get(reverse("communities:progress", args=[application.pk]))
    assert "Progress" in progress.content.decode()
