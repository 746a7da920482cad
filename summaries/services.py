"""What a school admin does to the school's applications and its 彙整. Views call these."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import Application
from communities.services import application_transition
from communities.uploads import read_signed_pdf
from notifications.services import notify
from people.models import Role, School, User
from printing.codes import find_document_code
from programs.models import ProgramYear

from .models import SchoolPackage
from .selectors import school_summary


def _require_school_admin(*, user: User, school: School) -> None:
    if not (user.role == Role.SCHOOL_ADMIN and user.school_id == school.pk):
        raise PermissionDenied(_("只有本校的學校承辦人可以執行此動作。"))


@transaction.atomic
def school_review(*, application: Application, accept: bool, comment: str, by: User) -> Application:
    """學校審核: accept the application (審核通過) or return it to the convenor (退回修正).

    A return needs a comment: the convenor is told why, and may edit again.
    """
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(
            {"comment": _("退回修正時請填寫退回原因，讓召集人知道要修改哪些地方。")}
        )
    return application_transition(
        application=application,
        action="school_accept" if accept else "school_return",
        by=by,
        comment=comment,
    )


@transaction.atomic
def package_upload(*, school: School, program: ProgramYear, upload, by: User) -> SchoolPackage:
    """Store the school's signed 申請總表 PDF; a new upload replaces the old one.

    The content is checked like the teachers' signed documents (a real, readable, unencrypted
    PDF within the year's size limit), and the document code printed on it is kept to tell which
    printed version was signed. Once the package went to the center, a new file is only
    taken when newly accepted applications wait to be sent with it.
    """
    _require_school_admin(user=by, school=school)
    package = (
        SchoolPackage.objects.select_for_update().filter(school=school, program=program).first()
    )
    if (
        package is not None
        and package.submitted_at is not None
        and not Application.objects.filter(
            program=program, school=school, status=workflow.SCHOOL_ACCEPTED
        ).exists()
    ):
        raise ValidationError(
            {"file": _("總表已送中心，目前沒有新審核通過的申請，不能更換已送出的核章總表。")}
        )
    try:
        info = read_signed_pdf(upload, max_bytes=program.upload_max_bytes)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None

    old_name = package.file.name if package is not None and package.file else None
    if package is None:
        package = SchoolPackage(school=school, program=program)
    package.original_name = (getattr(upload, "name", "") or "summary.pdf")[-255:]
    package.size = info.size
    package.sha256 = info.sha256
    package.page_count = info.page_count
    package.print_code = find_document_code(info.text) or ""
    package.uploaded_by = by
    package.uploaded_at = timezone.now()
    package.file.save(
        f"summary-{program.academic_year}-{school.code}.pdf",
        ContentFile(info.content),
        save=False,
    )
    package.full_clean()
    package.save()
    if old_name and old_name != package.file.name:
        storage = package.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return package


@transaction.atomic
def package_submit(*, school: School, program: ProgramYear, by: User) -> SchoolPackage:
    """送中心: send every accepted application of the school to the center, all or none.

    Refused (ValidationError with every reason) while a hard rule fails: the quota, a 會考待加強
    domain without a community, an application still waiting for the school's review, nothing
    accepted to send, or no signed summary uploaded since the last sending.
    """
    _require_school_admin(user=by, school=school)
    # Lock the package so that two clicks cannot send the same applications twice.
    package = (
        SchoolPackage.objects.select_for_update().filter(school=school, program=program).first()
    )
    summary = school_summary(school=school, program=program)
    if summary.submit_blockers:
        raise ValidationError(list(summary.submit_blockers))

    to_send = list(
        Application.objects.filter(pk__in=[row.pk for row in summary.accepted]).order_by("pk")
    )
    for application in to_send:
        application_transition(
            application=application, action="school_send", by=by, comment=_("學校彙整送中心")
        )

    package.submitted_at = timezone.now()
    package.submitted_by = by
    package.full_clean()
    package.save()

    query = urlencode({"year": program.academic_year, "school": school.pk})
    notify(
        event="package.submitted",
        recipients=User.objects.filter(role=Role.CENTER, is_active=True),
        title=_("學校已彙整送中心：%(school)s") % {"school": school.name},
        body=_("%(school)s %(year)s學年度申請總表已送中心，共 %(count)s 件社群申請。")
        % {"school": school.name, "year": program.academic_year, "count": len(to_send)},
        url=f"{reverse('summaries:application_summary')}?{query}",
    )
    return package
