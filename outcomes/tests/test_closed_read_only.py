"""A closed case (結案_可彙整) is read-only for everyone: every form, row and file endpoint of the
application, its budget and its report refuses to change it; it still counts in the year's
totals."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities import workflow
from communities.budget import budget_entries_by_number, budget_save
from communities.documents import document_upload
from communities.models import Application, BudgetLine, SignedDocument
from communities.services import application_save_draft
from outcomes.models import Evidence, Report, ReportSession
from outcomes.services import (
    evidence_delete,
    evidence_upload,
    report_add_session,
    report_save,
    report_start,
)
from summaries.selectors import school_summary
from testsupport.flow import application_in, center_user, school_admin_of
from testsupport.pdfs import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(program):
    return application_in(workflow.CLOSED, program)


def _people(application):
    return [application.convenor, school_admin_of(application), center_user()]


def _snapshot(application):
    report = Report.objects.get(application=application)
    return (
        Application.objects.filter(pk=application.pk).values().get(),
        list(BudgetLine.objects.filter(application=application).values()),
        list(SignedDocument.objects.filter(application=application).values("sha256")),
        Report.objects.filter(pk=report.pk).values().get(),
        list(ReportSession.objects.filter(report=report).values()),
        sorted(Evidence.objects.filter(session__report=report).values_list("pk", flat=True)),
    )


def _edit_requests(application):
    """Every request that edits or uploads, as (method, url, data)."""
    pk = application.pk
    report = Report.objects.get(application=application)
    session = report.sessions.order_by("number").first()
    evidence = Evidence.objects.filter(session=session).first()
    url = reverse
    return [
        ("post", url("communities:application_form", args=[pk]), {"action": "save", "name": "改"}),
        ("post", url("communities:application_form", args=[pk]), {"action": "autosave"}),
        ("post", url("communities:submit", args=[pk]), {}),
        ("get", url("communities:member_row", args=[pk]), {"members-TOTAL_FORMS": "3"}),
        ("get", url("communities:session_row", args=[pk]), {"sessions-TOTAL_FORMS": "6"}),
        ("get", url("communities:content_items", args=[pk]), {}),
        ("get", url("communities:domain_field", args=[pk]), {}),
        ("get", url("communities:partner_search", args=[pk]), {"partner_search": "市立"}),
        ("post", url("communities:budget_form", args=[pk]), {"item_2_quantity": "9"}),
        ("post", url("communities:budget_form", args=[pk]), {"action": "autosave"}),
        (
            "post",
            url("communities:document_upload", args=[pk, "plan"]),
            {"file": SimpleUploadedFile("new.pdf", pdf_bytes(text="new"))},
        ),
        (
            "post",
            url("communities:document_upload", args=[pk, "budget"]),
            {"file": SimpleUploadedFile("new.pdf", pdf_bytes(text="new"))},
        ),
        ("post", url("outcomes:report", args=[pk]), {"action": "save", "reflections": "改"}),
        ("post", url("outcomes:report", args=[pk]), {"action": "add_session"}),
        ("post", url("outcomes:report", args=[pk]), {"action": "autosave", "reflections": "改"}),
        ("post", url("outcomes:submit", args=[pk]), {}),
        (
            "post",
            url("outcomes:evidence_add", args=[session.pk]),
            {f"s{session.pk}-evidence": SimpleUploadedFile("new.png", png_bytes())},
        ),
        ("post", url("outcomes:evidence_remove", args=[evidence.pk]), {}),
        *(
            (
                "post",
                url("outcomes:decide", args=[pk]),
                {"action": action, "comment": "x", "step": "confirm"},
            )
            for action in ("report_forward", "report_school_return", "close", "report_return")
        ),
    ]


def test_every_edit_and_upload_endpoint_refuses_a_closed_case(client, closed):
    before = _snapshot(closed)
    requests = _edit_requests(closed)
    for person in _people(closed):
        client.force_login(person)
        for method, url, data in requests:
            response = getattr(client, method)(url, data)
            assert response.status_code in (302, 403, 404, 409), (person, url, data)
            if response.status_code == 302:
                # Only the convenor is sent to the 流程進度 page, told it cannot change any more.
                assert response["Location"] == reverse("communities:progress", args=[closed.pk])
    assert _snapshot(closed) == before
    assert Application.objects.get(pk=closed.pk).status == workflow.CLOSED


def test_every_service_refuses_a_closed_case(closed):
    convenor = closed.convenor
    report = Report.objects.get(application=closed)
    session = report.sessions.first()
    attempts = [
        lambda: application_save_draft(
            application=closed, data={}, members=[], sessions=[], by=convenor
        ),
        lambda: budget_save(
            application=closed,
            data=budget_entries_by_number(application=closed, rows={2: (9, 800)}),
            by=convenor,
        ),
        lambda: document_upload(
            application=closed,
            form="plan",
            upload=SimpleUploadedFile("x.pdf", pdf_bytes()),
            by=convenor,
        ),
        lambda: report_save(
            application=closed, reflections="改", sessions={}, fees={}, spending={}, by=convenor
        ),
        lambda: report_add_session(application=closed, by=convenor),
        lambda: evidence_upload(
            session=session, upload=SimpleUploadedFile("x.png", png_bytes()), by=convenor
        ),
        lambda: evidence_delete(evidence=session.evidence.first(), by=convenor),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert report_start(application=closed, by=convenor) == report  # opening is only reading


def test_the_closed_report_reads_for_everyone_who_may_read_it(client, closed):
    for person in _people(closed):
        client.force_login(person)
        page = client.get(reverse("outcomes:report", args=[closed.pk])).content.decode()
        assert "結案_可彙整" in page and 'id="report-form"' not in page
        assert "成員共同備課" in page


def test_a_closed_case_counts_in_the_years_totals(closed):
    for flag in ("counted", "funded"):
        states = workflow.states_where(**{flag: True})
        assert {
            workflow.APPROVED,
            workflow.REPORT_REVIEW,
            workflow.REPORT_FORWARDED,
            workflow.REPORT_RETURNED,
            workflow.CLOSED,
        } <= states
    summary = school_summary(school=closed.school, program=closed.program)
    assert [row.pk for row in summary.counted_rows] == [closed.pk]
    assert workflow.WORKFLOW[workflow.CLOSED].read_only
    assert not workflow.WORKFLOW[workflow.CLOSED].actions
