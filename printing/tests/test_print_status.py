"""An uploaded signed PDF is matched to the printed version whose code it carries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from communities.documents import document_upload
from communities.models import Application, Session
from communities.tests.builders import realistic_application
from core.templatetags.roc import roc_datetime
from people.tests.factories import SchoolFactory, UserFactory
from printing.models import PrintRecord
from printing.rendering import render_pdf
from printing.selectors import print_status_for_document, print_status_for_package
from summaries.services import package_upload
from summaries.tests.builders import make_application
from testsupport.flow import change_budget

pytestmark = pytest.mark.django_db

CHANGED = "此申請於列印後已修改，請重新列印核章後上傳。"


def print_pdf(client, application, form="plan") -> bytes:
    client.force_login(application.convenor)
    response = client.get(reverse(f"printing:{form}", args=[application.pk]))
    assert response.status_code == 200
    return response.content


def upload(application, content: bytes, form="plan"):
    return document_upload(
        application=application,
        form=form,
        upload=SimpleUploadedFile("核章完成.pdf", content, content_type="application/pdf"),
        by=application.convenor,
    )


def snippet(document) -> str:
    return render_to_string("printing/_print_status.html", {"document": document})


def test_uploading_the_printed_pdf_shows_the_printed_version(client, application):
    content = print_pdf(client, application)
    record = PrintRecord.objects.get()
    document = upload(application, content)
    assert document.print_code == record.code
    html = snippet(document)
    assert f"對應列印版本：{roc_datetime(record.printed_at)} 列印（文件編號 {record.code}）" in html
    assert CHANGED not in html
    status = print_status_for_document(document=document)
    assert status.matches and not status.changed and status.record == record


def test_changing_the_application_after_printing_warns(client, application):
    document = upload(application, print_pdf(client, application))
    Session.objects.filter(application=application, number=2).update(location="改到視聽教室")
    html = snippet(document)
    assert "對應列印版本：" in html
    assert CHANGED in html


def test_a_budget_change_warns_on_the_budget_copy_only(client, application):
    plan = upload(application, print_pdf(client, application, "plan"), "plan")
    budget = upload(application, print_pdf(client, application, "budget"), "budget")
    line = application.budget_lines.get(item__number=7)
    line.unit_price, line.total = 900, 900
    line.save()
    assert CHANGED not in snippet(plan)
    assert CHANGED in snippet(budget)


def test_reprinting_after_a_change_and_uploading_again_clears_the_warning(client, application):
    upload(application, print_pdf(client, application))
    Application.objects.filter(pk=application.pk).update(name="新的社群名稱")
    document = upload(application, print_pdf(client, application))
    html = snippet(document)
    assert CHANGED not in html
    assert PrintRecord.objects.latest("printed_at").code in html


def test_a_pdf_without_a_code_says_it_cannot_be_matched(application):
    scan = render_pdf("<html><body><p>掃描檔（無文件編號）</p></body></html>")
    document = upload(application, scan)
    assert document.print_code == ""
    html = snippet(document)
    assert "無法從檔案辨識文件編號" in html
    assert CHANGED not in html


def test_the_budget_printout_uploaded_as_the_plan_is_pointed_out(client, application):
    document = upload(application, print_pdf(client, application, "budget"), "plan")
    html = snippet(document)
    assert "是「教師專業學習社群經費概算表」的列印版本，請確認上傳的檔案。" in html
    assert "對應列印版本" not in html


def test_another_applications_printout_is_pointed_out(client, application, program):
    other = realistic_application(name="別的社群")
    content = print_pdf(client, other)
    document = upload(application, content)
    html = snippet(document)
    assert "不是本申請此表單的列印版本" in html
    assert "對應列印版本" not in html


def test_progress_page_shows_which_printed_version_was_uploaded(client, application):
    """列印 → 核章 → 上傳: the application's page names the printed version, then warns once the
    application changes after that print."""
    content = print_pdf(client, application)
    record = PrintRecord.objects.get()
    response = client.post(
        reverse("communities:document_upload", args=[application.pk, "plan"]),
        {"file": SimpleUploadedFile("核章.pdf", content, content_type="application/pdf")},
    )
    assert response.status_code == 302
    page = client.get(reverse("communities:progress", args=[application.pk])).content.decode()
    assert f"對應列印版本：{roc_datetime(record.printed_at)} 列印（文件編號 {record.code}）" in page
    assert CHANGED not in page
    Application.objects.filter(pk=application.pk).update(convenor_phone="06-1234567")
    page = client.get(reverse("communities:progress", args=[application.pk])).content.decode()
    assert CHANGED in page


# --- the school's signed 申請總表 (summaries.models.SchoolPackage) ---------------------------

SCHOOL_CHANGED = "本校申請總表於列印後已有變動，請重新列印總表核章後上傳。"


@pytest.fixture
def school(program):
    school = SchoolFactory(name="市立下營國中")
    make_application(school=school, name="數學領域共備社群", lines={1: (2, 1600)})
    make_application(school=school, name="英語文社群", type_number=2, lines={7: (1, 1000)})
    return school


@pytest.fixture
def admin(school):
    return UserFactory(school_admin=True, school=school)


def print_school_pdf(client, admin, form="school_applications") -> bytes:
    client.force_login(admin)
    response = client.get(reverse(f"printing:{form}") + "?year=109")
    assert response.status_code == 200
    return response.content


def upload_package(program, admin, content: bytes):
    return package_upload(
        school=admin.school,
        program=program,
        upload=SimpleUploadedFile("總表核章.pdf", content, content_type="application/pdf"),
        by=admin,
    )


def school_snippet(package) -> str:
    status = print_status_for_package(package=package)
    return render_to_string("printing/_print_status.html", {"status": status})


def test_the_printed_school_summary_uploaded_shows_its_version(client, program, admin):
    package = upload_package(program, admin, print_school_pdf(client, admin))
    record = PrintRecord.objects.get()

    assert package.print_code == record.code
    html = school_snippet(package)
    assert f"對應列印版本：{roc_datetime(record.printed_at)} 列印（文件編號 {record.code}）" in html
    assert SCHOOL_CHANGED not in html


def test_a_budget_change_after_printing_the_school_summary_warns(client, program, admin, school):
    package = upload_package(program, admin, print_school_pdf(client, admin))
    change_budget(Application.objects.get(name="英語文社群"), {7: (1, 1500)})

    html = school_snippet(package)
    assert "對應列印版本：" in html
    assert SCHOOL_CHANGED in html


def test_the_budget_summary_uploaded_as_the_signed_summary_is_pointed_out(client, program, admin):
    package = upload_package(program, admin, print_school_pdf(client, admin, "school_budget"))

    html = school_snippet(package)
    assert "是「教師專業學習社群經費總表」的列印版本，請確認上傳的檔案。" in html
    assert "對應列印版本" not in html


def test_another_schools_summary_is_pointed_out(client, program, admin):
    other_admin = UserFactory(school_admin=True, school=SchoolFactory())
    package = upload_package(program, admin, print_school_pdf(client, other_admin))

    html = school_snippet(package)
    assert "不是本校本學年度申請總表的列印版本" in html
    assert "對應列印版本" not in html


def test_an_applications_printout_as_the_signed_summary_is_pointed_out(
    client, program, admin, school
):
    application = Application.objects.get(name="數學領域共備社群")
    package = upload_package(program, admin, print_pdf(client, application))

    assert "不是本校本學年度申請總表的列印版本" in school_snippet(package)


def test_a_school_summary_without_a_code_cannot_be_matched(program, admin):
    package = upload_package(program, admin, render_pdf("<html><body><p>掃描檔</p></body></html>"))

    assert package.print_code == ""
    html = school_snippet(package)
    assert "無法從檔案辨識文件編號" in html
    assert SCHOOL_CHANGED not in html


def test_the_snippet_reads_a_school_packages_status_itself(client, program, admin):
    from summaries.selectors import school_summary

    package = upload_package(program, admin, print_school_pdf(client, admin))
    summary = school_summary(school=admin.school, program=program)

    expected = school_snippet(package)
    assert "對應列印版本：" in expected
    assert render_to_string("printing/_print_status.html", {"package": package}) == expected
    assert (
        render_to_string("printing/_print_status.html", {"package": package, "summary": summary})
        == expected
    )
