"""The convenor's 成果報告書 page (儲存 without JavaScript, autosave, stale saves, evidence), 送出
with its confirmation, the school's and the center's check with theirs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities import workflow
from communities.models import Application
from notifications.models import Message
from outcomes.models import Evidence, Report
from testsupport.flow import application_in, center_user, fill_report, school_admin_of
from testsupport.html import form_values
from testsupport.pdfs import jpeg_bytes, pdf_bytes, png_bytes
from testsupport.shared import fresh, open_program, shared_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def approved_once(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield application_in(workflow.APPROVED, open_program())


@pytest.fixture
def approved(approved_once, program):
    return fresh(approved_once)


def _form_data(client, application) -> dict:
    """What the report page posts as it stands (every field's current value)."""
    page = client.get(reverse("outcomes:report", args=[application.pk]))
    return form_values(page.content.decode(), form_id="report-form")


class TestApprovedCase:
    """Tests on one approved application, built once for the class (each test's changes rolled back)."""

    def test_the_convenor_opens_a_report_of_every_planned_session(self, client, approved):
        client.force_login(approved.convenor)
        page = client.get(reverse("outcomes:report", args=[approved.pk]))

        assert page.status_code == 200
        report = Report.objects.get(application=approved)
        assert report.sessions.count() == approved.sessions.count()
        assert "教師專業學習社群成果報告書" in page.content.decode()
        assert "第6場" in page.content.decode()

    def test_save_without_javascript_keeps_what_was_typed(self, client, approved):
        client.force_login(approved.convenor)
        data = _form_data(client, approved)
        report = Report.objects.get(application=approved)
        first = report.sessions.order_by("number").first()
        member = approved.members.first()
        data.update(
            {
                "action": "save",
                f"s{first.pk}-held": "True",
                f"s{first.pk}-date": "109/09/11",
                f"s{first.pk}-notes": "討論教案",
                f"s{first.pk}-attendees": [str(member.pk)],
                "reflections": "收穫良多",
            }
        )
        response = client.post(reverse("outcomes:report", args=[approved.pk]), data)

        assert response.status_code == 302
        first.refresh_from_db()
        assert first.held is True and str(first.date) == "2020-09-11"
        assert list(first.attendees.all()) == [member]
        assert Report.objects.get(pk=report.pk).reflections == "收穫良多"

    def test_a_wrong_format_saves_nothing_and_shows_it_at_the_field(self, client, approved):
        client.force_login(approved.convenor)
        data = _form_data(client, approved)
        first = Report.objects.get(application=approved).sessions.order_by("number").first()
        data.update({"action": "save", f"s{first.pk}-date": "九月十日", "reflections": "留著"})
        response = client.post(reverse("outcomes:report", args=[approved.pk]), data)

        html = response.content.decode()
        assert response.status_code == 200
        assert "日期請用民國年月日" in html
        assert "留著" in html  # what was typed stays on the page
        assert Report.objects.get(application=approved).reflections == ""

    def test_a_save_from_an_older_page_is_refused_and_kept(self, client, approved):
        client.force_login(approved.convenor)
        old = _form_data(client, approved)
        newer = dict(old, action="save", reflections="新的內容")
        client.post(reverse("outcomes:report", args=[approved.pk]), newer)
        stale = dict(old, action="save", reflections="舊分頁的內容")

        response = client.post(reverse("outcomes:report", args=[approved.pk]), stale)

        assert response.status_code == 409
        assert "舊分頁的內容" in response.content.decode()
        assert Report.objects.get(application=approved).reflections == "新的內容"

    def test_autosave_keeps_text_and_restores_it(self, client, approved):
        client.force_login(approved.convenor)
        data = _form_data(client, approved)
        data.update({"action": "autosave", "reflections": "尚未儲存的省思"})
        answer = client.post(reverse("outcomes:report", args=[approved.pk]), data)

        assert answer.status_code == 200 and "已自動儲存" in answer.json()["message"]
        assert Report.objects.get(application=approved).reflections == ""
        page = client.get(reverse("outcomes:report", args=[approved.pk]))
        assert "尚未儲存的省思" in page.content.decode()

    def test_add_session_appends_an_unplanned_row(self, client, approved):
        client.force_login(approved.convenor)
        data = dict(_form_data(client, approved), action="add_session")
        response = client.post(reverse("outcomes:report", args=[approved.pk]), data)

        report = Report.objects.get(application=approved)
        added = report.sessions.order_by("-number").first()
        assert added.planned is None and added.number == approved.sessions.count() + 1
        assert response["Location"].endswith(f"#session-{added.pk}")

    @pytest.mark.parametrize(
        ("name", "content", "stored"),
        [
            ("photo.png", png_bytes(), True),
            ("photo.jpg", jpeg_bytes(), True),
            ("signin.pdf", pdf_bytes(), True),
            ("renamed.png", b"not really a picture", False),
            ("sheet.docx", b"PK\x03\x04broken", False),
        ],
    )
    def test_evidence_is_checked_by_content(self, client, approved, name, content, stored):
        client.force_login(approved.convenor)
        client.get(reverse("outcomes:report", args=[approved.pk]))
        session = Report.objects.get(application=approved).sessions.first()
        upload = SimpleUploadedFile(name, content)

        response = client.post(
            reverse("outcomes:evidence_add", args=[session.pk]), {f"s{session.pk}-evidence": upload}
        )

        assert response.status_code == 302
        assert Evidence.objects.filter(session=session).exists() is stored
        page = client.get(response["Location"]).content.decode()
        if stored:
            assert name in page
        else:
            assert f"「{name}」" in page

    def test_evidence_over_the_years_limit_is_refused(self, client, approved):
        approved.program.evidence_max_bytes = 1000
        approved.program.save()
        client.force_login(approved.convenor)
        client.get(reverse("outcomes:report", args=[approved.pk]))
        session = Report.objects.get(application=approved).sessions.first()
        upload = SimpleUploadedFile("big.png", png_bytes(pad_to=2000))

        client.post(
            reverse("outcomes:evidence_add", args=[session.pk]), {f"s{session.pk}-evidence": upload}
        )

        assert not Evidence.objects.filter(session=session).exists()
        page = client.get(reverse("outcomes:report", args=[approved.pk])).content.decode()
        assert "超過上限" in page

    def test_an_upload_keeps_the_text_typed_on_the_page(self, client, approved):
        client.force_login(approved.convenor)
        data = _form_data(client, approved)
        session = Report.objects.get(application=approved).sessions.first()
        data.update(
            {
                "reflections": "上傳前打的字",
                f"s{session.pk}-evidence": SimpleUploadedFile("photo.png", png_bytes()),
            }
        )
        client.post(reverse("outcomes:evidence_add", args=[session.pk]), data)

        page = client.get(reverse("outcomes:report", args=[approved.pk])).content.decode()
        assert "上傳前打的字" in page
        assert "photo.png" in page

    def test_evidence_can_be_deleted_and_is_served_to_readers(self, client, approved):
        fill_report(approved)
        evidence = Evidence.objects.filter(session__report__application=approved).first()
        client.force_login(school_admin_of(approved))
        served = client.get(reverse("outcomes:evidence_file", args=[evidence.pk]))
        assert served.status_code == 200 and served["Content-Type"] == "image/png"

        client.force_login(approved.convenor)
        client.post(reverse("outcomes:evidence_remove", args=[evidence.pk]))
        assert not Evidence.objects.filter(pk=evidence.pk).exists()

    def test_submit_asks_for_confirmation_and_lists_problems(self, client, approved):
        client.force_login(approved.convenor)
        page = client.get(reverse("outcomes:submit", args=[approved.pk])).content.decode()
        assert "處理後才能送出" in page and "確認送出" not in page

        fill_report(approved)
        page = client.get(reverse("outcomes:submit", args=[approved.pk])).content.decode()
        assert "確認送出" in page
        assert "成果報告審核中" in page and "召集人、學校承辦人" in page

    def test_submit_twice_sends_once(self, client, approved):
        fill_report(approved)
        client.force_login(approved.convenor)
        client.post(reverse("outcomes:submit", args=[approved.pk]))
        again = client.post(reverse("outcomes:submit", args=[approved.pk]), follow=True)

        assert Application.objects.get(pk=approved.pk).status == workflow.REPORT_REVIEW
        assert approved.transitions.filter(action="report_submit").count() == 1
        assert "不需再次執行" in again.content.decode()


def test_school_returns_with_a_reason_and_the_convenor_edits_again(client, program):
    application = application_in(workflow.REPORT_REVIEW, program)
    admin = school_admin_of(application)
    client.force_login(admin)
    url = reverse("outcomes:decide", args=[application.pk])
    refused = client.post(url, {"action": "report_school_return", "comment": "", "step": "preview"})
    assert "請填寫原因" in refused.content.decode()

    preview = client.post(
        url, {"action": "report_school_return", "comment": "照片不清楚", "step": "preview"}
    )
    html = preview.content.decode()
    assert "確認「退回成果報告」" in html and "成果報告退回修正" in html
    assert Application.objects.get(pk=application.pk).status == workflow.REPORT_REVIEW

    client.post(url, {"action": "report_school_return", "comment": "照片不清楚", "step": "confirm"})
    application.refresh_from_db()
    assert application.status == workflow.REPORT_RETURNED
    assert Message.objects.filter(recipient=application.convenor, body__contains="照片不清楚")

    client.force_login(application.convenor)
    page = client.get(reverse("outcomes:report", args=[application.pk])).content.decode()
    assert "照片不清楚" in page and 'id="report-form"' in page


def test_school_forwards_and_the_center_closes(client, program):
    application = application_in(workflow.REPORT_REVIEW, program)
    client.force_login(school_admin_of(application))
    url = reverse("outcomes:decide", args=[application.pk])
    client.post(url, {"action": "report_forward", "comment": "", "step": "confirm"})
    assert Application.objects.get(pk=application.pk).status == workflow.REPORT_FORWARDED

    center = center_user()
    assert Message.objects.filter(recipient=center).exists()
    client.force_login(center)
    preview = client.post(url, {"action": "close", "comment": "", "step": "preview"})
    assert "結案_可彙整" in preview.content.decode()
    client.post(url, {"action": "close", "comment": "", "step": "confirm"})
    again = client.post(url, {"action": "close", "comment": "", "step": "confirm"}, follow=True)

    assert Application.objects.get(pk=application.pk).status == workflow.CLOSED
    assert application.transitions.filter(action="close").count() == 1
    assert "不需再次執行" in again.content.decode()


def test_center_returns_a_forwarded_report(client, program):
    application = application_in(workflow.REPORT_FORWARDED, program)
    client.force_login(center_user())
    url = reverse("outcomes:decide", args=[application.pk])
    client.post(url, {"action": "report_return", "comment": "經費核銷有誤", "step": "confirm"})

    assert Application.objects.get(pk=application.pk).status == workflow.REPORT_RETURNED


def test_the_school_cannot_close_and_the_center_cannot_forward(client, program):
    application = application_in(workflow.REPORT_REVIEW, program)
    client.force_login(school_admin_of(application))
    page = client.get(reverse("outcomes:decide", args=[application.pk])).content.decode()
    assert "成果報告送中心" in page and 'value="close"' not in page

    client.force_login(center_user())
    page = client.get(reverse("outcomes:decide", args=[application.pk])).content.decode()
    assert 'name="action"' not in page
