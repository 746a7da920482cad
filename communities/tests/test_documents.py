import io

import pytest
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfWriter

from communities.documents import document_upload
from communities.models import SignedDocument
from communities.services import application_submit
from communities.tests.factories import ApplicationFactory
from communities.tests.helpers import (
    OUTSIDERS,
    READERS,
    Page,
    complete_plan,
    pdf_bytes,
    pdf_upload,
    people_around,
)
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIMITS = "限制PDF，檔案限制 2MB，附件總數為一個檔案"


def upload_url(application, form="plan") -> str:
    return reverse("communities:document_upload", args=[application.pk, form])


def download_url(application, form="plan") -> str:
    return reverse("communities:document_download", args=[application.pk, form])


@pytest.fixture
def application(program):
    return ApplicationFactory()


@pytest.fixture
def first_upload(application):
    """A signed plan already uploaded: whatever goes wrong next must not lose it."""
    return document_upload(
        application=application,
        form="plan",
        upload=pdf_upload("第一版核章.pdf"),
        by=application.convenor,
    )


# Uploading -----------------------------------------------------------------------------------


def test_upload_page_states_the_limits_before_a_file_is_chosen(convenor_client, application):
    page = Page(convenor_client.get(upload_url(application)))
    text = page.visible_text()
    assert page.text("file-plan-limits") == LIMITS
    assert page.html.index('id="file-plan-limits"') < page.html.index('type="file"')
    assert "尚未上傳" in text


def test_the_size_limit_shown_is_the_programs(convenor_client, application):
    application.program.upload_max_bytes = 3 * 1024 * 1024
    application.program.save()
    page = Page(convenor_client.get(upload_url(application)))
    assert page.text("file-plan-limits") == "限制PDF，檔案限制 3MB，附件總數為一個檔案"


def test_a_signed_pdf_is_stored_privately_and_the_convenor_returns_to_progress(
    convenor_client, application
):
    content = pdf_bytes(pages=2)
    response = convenor_client.post(
        upload_url(application, "budget"),
        {"file": pdf_upload("../../經費概算表 核章.pdf", content)},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("communities:progress", args=[application.pk])
    document = SignedDocument.objects.get(application=application, form="budget")
    assert document.original_name == "經費概算表 核章.pdf"
    assert document.page_count == 2
    assert document.size == len(content)
    assert document.uploaded_by == application.convenor
    assert ".." not in document.file.name and "核章" not in document.file.name
    assert document.file.name.startswith(f"signed/109/application-{application.pk}-budget-")
    with default_storage.open(document.file.name, "rb") as stored:
        assert stored.read() == content


def test_an_upload_from_the_budget_page_returns_there(convenor_client, application):
    budget_page = reverse("communities:budget_form", args=[application.pk])
    response = convenor_client.post(
        upload_url(application, "budget"), {"file": pdf_upload(), "next": budget_page}, follow=True
    )
    assert response.redirect_chain[-1][0] == budget_page
    assert "已上傳「教師專業學習社群經費概算表」核章完成文件。" in Page(response).visible_text()


def test_an_upload_never_redirects_to_another_site(convenor_client, application):
    response = convenor_client.post(
        upload_url(application), {"file": pdf_upload(), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("communities:progress", args=[application.pk])


def test_a_new_upload_replaces_the_old_and_removes_its_file(
    convenor_client, application, first_upload, django_capture_on_commit_callbacks
):
    old_name = first_upload.file.name
    assert default_storage.exists(old_name)

    with django_capture_on_commit_callbacks(execute=True):
        convenor_client.post(
            upload_url(application), {"file": pdf_upload("第二版.pdf", pdf_bytes(pages=3))}
        )

    document = SignedDocument.objects.get(application=application, form="plan")
    assert SignedDocument.objects.filter(application=application).count() == 1
    assert document.original_name == "第二版.pdf"
    assert document.page_count == 3
    assert document.file.name != old_name
    assert default_storage.exists(document.file.name)
    assert not default_storage.exists(old_name)


def broken_pdf() -> bytes:
    content = pdf_bytes(pages=2)
    return content[: len(content) // 2]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "相片.pdf",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
            "檔案內容不是 PDF（僅更改副檔名無效），請上傳掃描或轉存的 PDF 檔。",
        ),
        ("報告.pdf", b"PK\x03\x04 a renamed docx", "檔案內容不是 PDF"),
        ("截斷.pdf", broken_pdf(), "PDF 檔案不完整或已損毀，請重新轉存後上傳。"),
        (
            "加密.pdf",
            pdf_bytes(user_password="secret"),
            "PDF 設有開啟密碼，審查人員無法開啟，請移除密碼後再上傳。",
        ),
        ("太大.pdf", pdf_bytes(pad_to=2 * 1024 * 1024 + 10), "超過上限 2MB（2,097,152 位元組）"),
        ("空白.pdf", b"", "檔案是空的，請重新選擇。"),
    ],
    ids=["renamed image", "renamed docx", "truncated", "password", "over 2 MB", "empty"],
)
def test_a_bad_file_is_refused_next_to_the_input_and_the_old_document_stays(
    convenor_client, application, first_upload, name, content, message
):
    response = convenor_client.post(
        upload_url(application),
        {"file": pdf_upload(name, content), "next": "/community/"},
    )

    assert response.status_code == 200
    page = Page(response)
    assert message in page.text("file-plan-error")
    assert page.by_id("file-plan").get("aria-invalid") == "true"
    assert LIMITS in page.text("file-plan-limits")
    # What was uploaded before is still there, and still offered.
    document = SignedDocument.objects.get(application=application, form="plan")
    assert document.pk == first_upload.pk and document.original_name == "第一版核章.pdf"
    assert default_storage.exists(document.file.name)
    assert "已上傳：第一版核章.pdf" in page.visible_text()
    # The next page survives the error.
    assert page.root.find(".//*[@name='next']").get("value") == "/community/"


def test_two_files_at_once_are_refused(convenor_client, application, first_upload):
    response = convenor_client.post(
        upload_url(application),
        {"file": [pdf_upload("a.pdf"), pdf_upload("b.pdf")]},
    )
    page = Page(response)
    assert "附件總數為一個檔案：一次只能上傳一個 PDF，請只選擇一個檔案。" in page.text(
        "file-plan-error"
    )
    assert SignedDocument.objects.get(application=application).original_name == "第一版核章.pdf"


def test_a_second_file_under_another_field_name_is_refused_too(convenor_client, application):
    response = convenor_client.post(
        upload_url(application), {"file": pdf_upload("a.pdf"), "other": pdf_upload("b.pdf")}
    )
    assert "一次只能上傳一個 PDF" in Page(response).text("file-plan-error")
    assert not SignedDocument.objects.exists()


def test_no_file_chosen_is_refused(convenor_client, application):
    response = convenor_client.post(upload_url(application), {})
    assert "請選擇要上傳的 PDF 檔案。" in Page(response).text("file-plan-error")


def test_a_pdf_with_only_an_owner_password_opens_and_is_accepted(convenor_client, application):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    convenor_client.post(upload_url(application), {"file": pdf_upload("ok.pdf", buffer.getvalue())})
    assert SignedDocument.objects.filter(application=application, form="plan").exists()


def test_budget_document_is_not_taken_when_no_money_is_requested(client, program):
    application = ApplicationFactory(requests_budget=False)
    client.force_login(application.convenor)

    page = Page(client.get(upload_url(application, "budget")))
    assert "不需上傳經費概算表" in page.visible_text()
    assert not page.has_input("file")
    response = client.post(upload_url(application, "budget"), {"file": pdf_upload()})
    assert "不需上傳經費概算表" in Page(response).visible_text()
    assert not SignedDocument.objects.exists()


def test_unknown_form_is_not_found(convenor_client, application):
    assert convenor_client.get(upload_url(application, "report")).status_code == 404
    assert convenor_client.get(download_url(application, "report")).status_code == 404


# Who may upload and download -----------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["school_admin", "partner_school_admin", "center", "assigned_reviewer"]
)
def test_only_the_convenor_may_upload(client, application, who):
    people = people_around(application)
    client.force_login(people[who])

    page = Page(client.get(upload_url(application)))
    assert not page.has_input("file"), "readers see the document, not the upload input"
    assert client.post(upload_url(application), {"file": pdf_upload()}).status_code == 403
    assert not SignedDocument.objects.exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_can_neither_see_nor_upload(client, application, who):
    people = people_around(application)
    client.force_login(people[who])
    assert client.get(upload_url(application)).status_code == 404
    assert client.post(upload_url(application), {"file": pdf_upload()}).status_code == 404
    assert not SignedDocument.objects.exists()


def test_convenor_cannot_upload_once_submitted(convenor_client, application, first_upload):
    complete_plan(application, requests_budget=False, extra_members=3)  # the plan alone
    application_submit(application=application, by=application.convenor)
    response = convenor_client.post(upload_url(application), {"file": pdf_upload("new.pdf")})
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:progress", args=[application.pk])
    notice = Page(convenor_client.get(response["Location"])).visible_text()
    assert "此申請目前狀態為「已送出待學校審核」，已不能修改，剛才的修改未儲存。" in notice
    assert SignedDocument.objects.get(application=application).original_name == "第一版核章.pdf"
    assert not Page(convenor_client.get(upload_url(application))).has_input("file")


@pytest.mark.parametrize("who", READERS)
def test_readers_download_the_signed_pdf(client, application, first_upload, who):
    people = people_around(application)
    client.force_login(people[who])

    response = client.get(download_url(application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert body == default_storage.open(first_upload.file.name).read()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_download(client, application, first_upload, who):
    people = people_around(application)
    client.force_login(people[who])
    assert client.get(download_url(application)).status_code == 404


def test_anonymous_visitor_is_sent_to_login_before_uploading(client, application):
    for response in (
        client.get(upload_url(application)),
        client.post(upload_url(application), {"file": pdf_upload()}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not SignedDocument.objects.exists()


def test_anonymous_visitor_cannot_download(client, application, first_upload):
    response = client.get(download_url(application))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_download_of_a_missing_document_is_not_found(convenor_client, application):
    assert convenor_client.get(download_url(application, "budget")).status_code == 404


def test_uploaded_files_live_outside_any_public_path(settings):
    from config.settings import base

    location = base.STORAGES["default"]["OPTIONS"]["location"]
    assert location == base.PRIVATE_STORAGE_ROOT
    assert "private" in location
    assert not str(location).startswith(str(base.STATIC_ROOT))
    assert not getattr(base, "MEDIA_URL", "")


# The progress page's upload snippet ----------------------------------------------------------


def render_documents(application, user, can_edit):
    request = RequestFactory().get(f"/community/{application.pk}/")
    request.user = user
    return render_to_string(
        "communities/_documents.html",
        {"application": application, "can_edit": can_edit},
        request=request,
    )


def test_documents_snippet_offers_one_upload_per_form_with_limits(application, first_upload):
    html = render_documents(application, application.convenor, can_edit=True)
    assert html.count('type="file"') == 2
    assert "multiple" not in html
    assert html.count('enctype="multipart/form-data"') == 2
    assert html.count(LIMITS) == 2
    assert upload_url(application, "plan") in html and upload_url(application, "budget") in html
    assert download_url(application, "plan") in html
    assert "第一版核章.pdf" in html
    assert "教師專業學習社群申請表" in html and "教師專業學習社群經費概算表" in html


def test_documents_snippet_is_read_only_without_edit_right(application, first_upload):
    html = render_documents(application, application.convenor, can_edit=False)
    assert 'type="file"' not in html
    assert download_url(application, "plan") in html


def test_documents_snippet_asks_only_for_the_plan_without_budget(program):
    application = ApplicationFactory(requests_budget=False)
    html = render_documents(application, application.convenor, can_edit=True)
    assert html.count('type="file"') == 1
    assert "經費概算表" not in html


def test_every_page_states_the_limit_from_the_rules(client, application, program):
    program.upload_max_bytes = 3 * 1024 * 1024
    program.save()
    tutorials = Page(client.get(reverse("portal:tutorials"))).visible_text()
    assert "限制PDF，檔案限制 3MB，附件總數為一個檔案" in tutorials
    client.force_login(application.convenor)
    upload = Page(client.get(upload_url(application))).visible_text()
    assert "限制PDF，檔案限制 3MB，附件總數為一個檔案" in upload
    admin = UserFactory(school_admin=True, school=application.school)
    client.force_login(admin)
    summary = Page(client.get(reverse("summaries:application_summary"))).visible_text()
    assert "限制PDF，檔案限制 3MB，附件總數為一個檔案" in summary
    assert "2MB" not in tutorials + upload + summary
