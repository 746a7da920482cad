from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from communities import workflow
from communities.models import Application, Transition
from notifications.models import Message
from people.tests.factories import UserFactory
from printing.rendering import render_pdf
from summaries.models import SchoolPackage
from summaries.printed import school_document_code
from summaries.selectors import school_summary
from summaries.services import (
    current_summary_code,
    package_confirm_version,
    package_submit,
    package_upload,
    school_review,
)

from .builders import make_application, pdf_bytes, pdf_upload, upload_signed_summary, weak

pytestmark = pytest.mark.django_db


def _status(application) -> str:
    return Application.objects.get(pk=application.pk).status


def _ready_school(school, *, accepted=4):
    """A school meeting its quota (4–8) with every application accepted."""
    return [
        make_application(school=school, status=workflow.SCHOOL_ACCEPTED) for _ in range(accepted)
    ]


# --- 學校審核 -------------------------------------------------------------------------------


def test_school_accepts_a_submitted_application(school, admin):
    application = make_application(school=school)
    earlier = list(Transition.objects.values_list("pk", flat=True))  # 送出's

    school_review(application=application, accept=True, comment="", by=admin)

    assert _status(application) == workflow.SCHOOL_ACCEPTED
    added = Transition.objects.exclude(pk__in=earlier)
    assert added.get(application=application).action == "school_accept"


def test_return_stores_the_comment_and_tells_the_convenor(school, admin):
    application = make_application(school=school)
    earlier = list(Message.objects.values_list("pk", flat=True))  # 送出's

    school_review(application=application, accept=False, comment="請補成員職任", by=admin)

    application.refresh_from_db()
    assert application.status == workflow.RETURNED
    assert application.school_comment == "請補成員職任"
    assert application.is_editable_by_convenor
    message = Message.objects.exclude(pk__in=earlier).get(recipient=application.convenor)
    assert "學校退回修正" in message.title
    assert "請補成員職任" in message.body


def test_return_without_a_comment_is_refused_at_the_field(school, admin):
    application = make_application(school=school)

    with pytest.raises(ValidationError) as error:
        school_review(application=application, accept=False, comment="   ", by=admin)

    assert "退回修正時請填寫退回原因" in error.value.message_dict["comment"][0]
    assert _status(application) == workflow.SUBMITTED


def test_an_accepted_application_may_still_be_returned(school, admin):
    application = make_application(school=school, status=workflow.SCHOOL_ACCEPTED)

    school_review(application=application, accept=False, comment="經費需調整", by=admin)

    assert _status(application) == workflow.RETURNED


def test_another_schools_admin_cannot_review(school, other_admin):
    application = make_application(school=school)

    with pytest.raises(PermissionDenied):
        school_review(application=application, accept=True, comment="", by=other_admin)
    assert _status(application) == workflow.SUBMITTED


# --- 核章總表上傳 ----------------------------------------------------------------------------


def test_upload_stores_the_checked_pdf_privately(program, school, admin):
    package = package_upload(school=school, program=program, upload=pdf_upload(), by=admin)

    assert package.original_name == "申請總表核章.pdf"
    assert package.page_count == 1
    assert package.uploaded_by == admin
    with default_storage.open(package.file.name) as stored:
        assert stored.read().startswith(b"%PDF-")


def test_upload_keeps_the_document_code_printed_on_the_summary(program, school, admin):
    code = school_document_code(school=school, program=program, form="school_applications")
    printed = render_pdf(f"<html><body><p>申請總表</p><p>文件編號 {code}</p></body></html>")

    package = package_upload(
        school=school, program=program, upload=pdf_upload(content=printed), by=admin
    )
    blank = package_upload(school=school, program=program, upload=pdf_upload(), by=admin)

    assert package.print_code == code
    assert blank.print_code == ""  # no text to read a code from (e.g. a scan)


def test_new_upload_replaces_the_old_file(
    program, school, admin, django_capture_on_commit_callbacks
):
    first = package_upload(school=school, program=program, upload=pdf_upload("a.pdf"), by=admin)
    old_name = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        second = package_upload(
            school=school, program=program, upload=pdf_upload("b.pdf", pdf_bytes(2)), by=admin
        )

    assert SchoolPackage.objects.count() == 1
    assert second.original_name == "b.pdf"
    assert second.page_count == 2
    assert not default_storage.exists(old_name)


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"PK\x03\x04 not a pdf at all", "不是 PDF"),
        (b"%PDF-1.4\n garbage with no end", "不完整或已損毀"),
    ],
)
def test_upload_refuses_a_file_that_is_not_a_readable_pdf(
    program, school, admin, content, expected
):
    with pytest.raises(ValidationError) as error:
        package_upload(
            school=school, program=program, upload=pdf_upload("x.pdf", content), by=admin
        )

    assert expected in error.value.message_dict["file"][0]
    assert not SchoolPackage.objects.exists()


def test_upload_over_the_years_limit_is_refused_and_the_old_file_kept(program, school, admin):
    kept = package_upload(school=school, program=program, upload=pdf_upload("ok.pdf"), by=admin)
    program.upload_max_bytes = 100
    program.save()

    with pytest.raises(ValidationError) as error:
        package_upload(school=school, program=program, upload=pdf_upload("big.pdf"), by=admin)

    assert "超過上限" in error.value.message_dict["file"][0]
    assert SchoolPackage.objects.get().original_name == kept.original_name


def test_only_the_schools_admin_may_upload(program, school, other_admin):
    with pytest.raises(PermissionDenied):
        package_upload(school=school, program=program, upload=pdf_upload(), by=other_admin)


# --- 送中心 ---------------------------------------------------------------------------------


def test_submit_sends_every_accepted_application_and_records_the_package(program, school, admin):
    accepted = _ready_school(school)
    draft = make_application(school=school, status=workflow.DRAFT)
    returned = make_application(school=school, status=workflow.RETURNED)
    center = UserFactory(center=True)
    upload_signed_summary(school=school, program=program, admin=admin)

    package = package_submit(school=school, program=program, by=admin)

    assert {_status(a) for a in accepted} == {workflow.SENT_TO_CENTER}
    assert _status(draft) == workflow.DRAFT
    assert _status(returned) == workflow.RETURNED
    assert package.submitted_by == admin
    assert package.submitted_at is not None
    assert Transition.objects.filter(action="school_send").count() == 4
    assert Message.objects.filter(recipient=center, event="package.submitted").exists()


def test_sent_applications_are_locked_for_the_school(program, school, admin):
    accepted = _ready_school(school)
    upload_signed_summary(school=school, program=program, admin=admin)
    package_submit(school=school, program=program, by=admin)

    with pytest.raises(PermissionDenied):
        school_review(application=accepted[0], accept=False, comment="改一下", by=admin)
    assert _status(accepted[0]) == workflow.SENT_TO_CENTER


def _reasons(school, program, admin) -> list[str]:
    with pytest.raises(ValidationError) as error:
        package_submit(school=school, program=program, by=admin)
    return error.value.messages


def test_submit_refused_below_the_minimum(program, school, admin):
    _ready_school(school, accepted=3)
    upload_signed_summary(school=school, program=program, admin=admin)

    reasons = _reasons(school, program, admin)

    assert reasons == ["學年領域學習社群目前 3 個，本校（國中、14 班）至少需 4 個，尚缺 1 個。"]
    assert not Application.objects.filter(status=workflow.SENT_TO_CENTER).exists()


def test_submit_refused_above_the_maximum(program, school, admin):
    _ready_school(school, accepted=9)
    upload_signed_summary(school=school, program=program, admin=admin)

    reasons = _reasons(school, program, admin)

    assert "至多 8 個，超過 1 個" in reasons[0]


def test_submit_refused_while_a_weak_exam_domain_has_no_community(program, school, admin):
    weak(school, "英語文", 106, "55")
    _ready_school(school)
    upload_signed_summary(school=school, program=program, admin=admin)

    reasons = _reasons(school, program, admin)

    assert any("「英語文」" in reason and "務必申請社群" in reason for reason in reasons)


def test_submit_passes_once_the_weak_exam_domain_has_a_community(program, school, admin):
    weak(school, "英語文", 106, "55")
    _ready_school(school, accepted=3)
    make_application(school=school, domain_name="英語文", status=workflow.SCHOOL_ACCEPTED)
    upload_signed_summary(school=school, program=program, admin=admin)

    package_submit(school=school, program=program, by=admin)

    assert Application.objects.filter(status=workflow.SENT_TO_CENTER).count() == 4


def test_submit_refused_while_an_application_waits_for_the_schools_review(program, school, admin):
    _ready_school(school)
    pending = make_application(school=school, name="待審社群")
    upload_signed_summary(school=school, program=program, admin=admin)

    reasons = _reasons(school, program, admin)

    assert reasons == ["尚有 1 件申請待學校審核（待審社群），請先審核通過或退回修正。"]
    assert _status(pending) == workflow.SUBMITTED


def test_submit_refused_without_the_signed_summary(program, school, admin):
    _ready_school(school)

    assert _reasons(school, program, admin) == ["尚未上傳核章完成的申請總表 PDF。"]


def test_submit_lists_every_reason_at_once(program, school, admin):
    make_application(school=school)

    reasons = _reasons(school, program, admin)

    assert len(reasons) == 4  # quota, pending review, nothing accepted, no signed summary


def test_submit_is_all_or_nothing(program, school, admin):
    accepted = _ready_school(school)
    upload_signed_summary(school=school, program=program, admin=admin)
    from communities import services as community_services

    real = community_services.application_transition
    calls = []

    def fail_on_third(**kwargs):
        calls.append(kwargs["application"].pk)
        if len(calls) == 3:
            raise RuntimeError("mail server down")
        return real(**kwargs)

    with (
        mock.patch("summaries.services.application_transition", side_effect=fail_on_third),
        pytest.raises(RuntimeError),
    ):
        package_submit(school=school, program=program, by=admin)

    assert {_status(a) for a in accepted} == {workflow.SCHOOL_ACCEPTED}
    assert SchoolPackage.objects.get().submitted_at is None


def test_a_second_sending_needs_a_new_signed_summary(program, school, admin):
    _ready_school(school)
    upload_signed_summary(school=school, program=program, admin=admin)
    package_submit(school=school, program=program, by=admin)
    late = make_application(school=school, status=workflow.SCHOOL_ACCEPTED)

    assert _reasons(school, program, admin) == [
        "總表已送過中心；再次送中心前，請重新列印總表核章後上傳（上次上傳的檔案已隨前次送出）。"
    ]

    upload_signed_summary(school=school, program=program, admin=admin)
    package_submit(school=school, program=program, by=admin)
    assert _status(late) == workflow.SENT_TO_CENTER


def test_the_sent_summary_cannot_be_replaced_without_new_applications(program, school, admin):
    _ready_school(school)
    sent = upload_signed_summary(school=school, program=program, admin=admin)
    package_submit(school=school, program=program, by=admin)

    with pytest.raises(ValidationError) as error:
        package_upload(school=school, program=program, upload=pdf_upload("other.pdf"), by=admin)

    assert "不能更換已送出的核章總表" in error.value.message_dict["file"][0]
    assert SchoolPackage.objects.get().sha256 == sent.sha256


def test_only_the_schools_admin_may_submit(program, school, center):
    with pytest.raises(PermissionDenied):
        package_submit(school=school, program=program, by=center)


# --- the signed summary must be the 申請總表 as it stands ----------------------------------

STALE = "列印後已有變動，請重新列印"


def test_submit_refused_when_the_summary_changed_after_the_signed_print(program, school, admin):
    accepted = _ready_school(school)
    upload_signed_summary(school=school, program=program, admin=admin)
    Application.objects.filter(pk=accepted[0].pk).update(name="印出後改名的社群")

    reasons = _reasons(school, program, admin)

    assert len(reasons) == 1 and STALE in reasons[0]
    assert {_status(a) for a in accepted} == {workflow.SCHOOL_ACCEPTED}


def test_submit_refused_beside_the_other_reasons(program, school, admin):
    _ready_school(school)
    upload_signed_summary(school=school, program=program, admin=admin)
    make_application(school=school, name="晚到的社群")

    reasons = _reasons(school, program, admin)

    assert len(reasons) == 2
    assert reasons[0].startswith("尚有 1 件申請待學校審核")
    assert STALE in reasons[1]


def test_submit_refused_when_the_code_cannot_be_read_until_confirmed(program, school, admin):
    accepted = _ready_school(school)
    package_upload(school=school, program=program, upload=pdf_upload(), by=admin)

    assert _reasons(school, program, admin) == [
        "無法從上傳的核章總表辨識文件編號：請確認上傳的是目前版本的申請總表（勾選確認），"
        "或重新列印核章後上傳。"
    ]

    package = package_confirm_version(school=school, program=program, by=admin)
    assert package.version_confirmed_by == admin
    package_submit(school=school, program=program, by=admin)
    assert {_status(a) for a in accepted} == {workflow.SENT_TO_CENTER}


def test_a_confirmed_unreadable_summary_is_stale_once_the_summary_changes(program, school, admin):
    accepted = _ready_school(school)
    package_upload(school=school, program=program, upload=pdf_upload(), by=admin)
    package_confirm_version(school=school, program=program, by=admin)
    Application.objects.filter(pk=accepted[1].pk).update(name="確認後改名")

    reasons = _reasons(school, program, admin)

    assert len(reasons) == 1 and "確認核章總表為目前版本後，申請總表已有變動" in reasons[0]


def test_a_new_upload_clears_the_confirmation(program, school, admin):
    _ready_school(school)
    package_upload(school=school, program=program, upload=pdf_upload(), by=admin)
    package_confirm_version(school=school, program=program, by=admin)

    package = package_upload(school=school, program=program, upload=pdf_upload("b.pdf"), by=admin)

    assert package.version_confirmed_at is None and package.confirmed_digest == ""
    assert "無法從上傳的核章總表辨識文件編號" in _reasons(school, program, admin)[0]


def test_another_schools_code_is_not_the_current_summary(program, school, admin, other_school):
    _ready_school(school)
    _ready_school(other_school)
    other_code = current_summary_code(summary=school_summary(school=other_school, program=program))
    package_upload(
        school=school,
        program=program,
        upload=pdf_upload(content=pdf_bytes(text=other_code)),
        by=admin,
    )

    reasons = _reasons(school, program, admin)

    assert len(reasons) == 1 and other_code in reasons[0] and STALE in reasons[0]


def test_a_summary_with_a_readable_code_needs_no_confirmation(program, school, admin):
    _ready_school(school)
    upload_signed_summary(school=school, program=program, admin=admin)

    with pytest.raises(ValidationError):
        package_confirm_version(school=school, program=program, by=admin)
