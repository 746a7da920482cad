"""What a school admin does to the school's applications and its 彙整. Views call these."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import Application
from communities.services import application_transition
from core.roc import roc_date
from documents.codes import SCHOOL_PREFIX, content_hash, format_code, in_forms_language
from documents.services import signed_pdf_store
from notifications.services import notify
from people.models import Role, School, User
from programs.models import ProgramYear

from .models import SchoolPackage
from .printed import school_applications_content
from .selectors import SchoolSummary, school_summary


class PackageAlreadySent(Exception):
    """送中心 again with nothing new to send: the package went already (a double click, a
    second tab or a colleague)."""

    def __init__(self, package: SchoolPackage):
        self.package = package
        local = timezone.localtime(package.submitted_at)
        super().__init__(
            _("本校申請總表已於 %(at)s 由 %(by)s 送中心，目前沒有新的申請待送出。")
            % {
                "at": f"{roc_date(local)} {local:%H:%M}",
                "by": package.submitted_by,
            }
        )


def _require_school_admin(*, user: User, school: School) -> None:
    if not (user.role == Role.SCHOOL_ADMIN and user.school_id == school.pk):
        raise PermissionDenied(_("只有本校的學校承辦人可以執行此動作。"))


@transaction.atomic
def school_review_problems(*, accept: bool, comment: str) -> dict[str, list[str]]:
    """What 學校審核 refuses before it asks for confirmation: a return without its reason."""
    if not accept and not (comment or "").strip():
        return {"comment": [_("退回修正時請填寫退回原因，讓召集人知道要修改哪些地方。")]}
    return {}


def school_review(*, application: Application, accept: bool, comment: str, by: User) -> Application:
    """學校審核: accept the application (審核通過) or return it to the convenor (退回修正).

    A return needs a comment: the convenor is told why, and may edit again.
    """
    problems = school_review_problems(accept=accept, comment=comment)
    if problems:
        raise ValidationError(problems)
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
    if package is None:
        package = SchoolPackage(school=school, program=program)
    # A new file is a new version: any confirmation was of the old one.
    package.version_confirmed_at = None
    package.version_confirmed_by = None
    package.confirmed_digest = ""
    try:
        return signed_pdf_store(
            row=package,
            upload=upload,
            max_bytes=program.upload_max_bytes,
            name=f"signed/{program.academic_year}/school-{school.code}-summary",
            by=by,
            default_original_name="summary.pdf",
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        # The content checks speak of the upload: shown next to the file input.
        raise ValidationError({"file": error.messages}) from None


@in_forms_language
def _current_summary_digest(summary: SchoolSummary) -> str:
    """SHA-256 of the 申請總表 as it would be printed now (what its document code hashes)."""
    content = school_applications_content(
        school=summary.school, program=summary.program, summary=summary
    )
    return content_hash(content)


def current_summary_code(*, summary: SchoolSummary) -> str:
    """The document code the 申請總表 would carry if printed now."""
    return format_code(
        prefix=SCHOOL_PREFIX, pk=summary.school.pk, digest=_current_summary_digest(summary)
    )


def package_version_problem(*, summary: SchoolSummary) -> str:
    """Why the uploaded signed 申請總表 is not the summary as it stands now; "" when it is.

    The document code read from the file must be the one the summary would carry if printed
    now. A file without a readable code (a scan without text) passes only once the admin has
    confirmed it is the current version, and only while the summary stays as it was then.
    """
    package = summary.package
    if package is None or not package.uploaded_since_submission:
        return ""  # said by the summary's own blockers
    if package.print_code:
        if package.print_code == current_summary_code(summary=summary):
            return ""
        return _(
            "上傳的核章總表（文件編號 %(code)s）不是目前的申請總表：列印後已有變動，請重新列印，"
            "核章後重新上傳。"
        ) % {"code": package.print_code}
    if package.version_confirmed_at is None:
        return _(
            "無法從上傳的核章總表辨識文件編號：請確認上傳的是目前版本的申請總表（勾選確認），"
            "或重新列印核章後上傳。"
        )
    if package.confirmed_digest != _current_summary_digest(summary):
        return _(
            "確認核章總表為目前版本後，申請總表已有變動：列印後已有變動，請重新列印，核章後重新上傳。"
        )
    return ""


def package_blockers(*, summary: SchoolSummary) -> list[str]:
    """Every reason 送中心 is refused now (empty when it may go ahead)."""
    blockers = list(summary.submit_blockers)
    problem = package_version_problem(summary=summary)
    if problem:
        blockers.append(problem)
    return blockers


@transaction.atomic
def package_confirm_version(*, school: School, program: ProgramYear, by: User) -> SchoolPackage:
    """The admin confirms that an uploaded signed summary whose code cannot be read is the
    申請總表 as it stands now."""
    _require_school_admin(user=by, school=school)
    package = (
        SchoolPackage.objects.select_for_update().filter(school=school, program=program).first()
    )
    if package is None:
        raise ValidationError(_("尚未上傳核章完成的申請總表 PDF。"))
    if package.print_code:
        raise ValidationError(_("此核章總表已辨識出文件編號，不需確認。"))
    summary = school_summary(school=school, program=program)
    package.version_confirmed_at = timezone.now()
    package.version_confirmed_by = by
    package.confirmed_digest = _current_summary_digest(summary)
    package.full_clean()
    package.save()
    return package


@workflow.guard("package_ready")
def _package_ready(*, application: Application, by: User, data: dict) -> dict:
    """送中心's guard for each application: its school's package passes every rule. While a
    package is being sent, the summary read before the first application went is the one
    checked (sending changes the summary itself)."""
    summary = data.get("summary")
    if not (
        isinstance(summary, SchoolSummary)
        and summary.school.pk == application.school_id
        and summary.program.pk == application.program_id
        and any(row.pk == application.pk for row in summary.accepted)
    ):
        summary = school_summary(school=application.school, program=application.program)
    blockers = package_blockers(summary=summary)
    return {"__all__": blockers} if blockers else {}


@transaction.atomic
def package_submit(*, school: School, program: ProgramYear, by: User) -> SchoolPackage:
    """送中心: send every accepted application of the school to the center, all or none.

    Refused (ValidationError with every reason) while a hard rule fails: the quota, a 會考待加強
    domain without a community, an application still waiting for the school's review, nothing
    accepted to send, no signed summary uploaded since the last sending, or a signed summary that
    is not the 申請總表 as it stands (package_version_problem).
    """
    _require_school_admin(user=by, school=school)
    # Lock the package so that two clicks cannot send the same applications twice.
    package = (
        SchoolPackage.objects.select_for_update().filter(school=school, program=program).first()
    )
    summary = school_summary(school=school, program=program)
    if package is not None and package.submitted_at is not None and not summary.accepted:
        raise PackageAlreadySent(package)
    blockers = package_blockers(summary=summary)
    if blockers:
        raise ValidationError(blockers)

    to_send = list(
        Application.objects.filter(pk__in=[row.pk for row in summary.accepted]).order_by("pk")
    )
    for application in to_send:
        application_transition(
            application=application,
            action="school_send",
            by=by,
            comment=_("學校彙整送中心"),
            data={"summary": summary},
        )

    package.submitted_at = timezone.now()
    package.submitted_by = by
    package.full_clean()
    package.save()

    query = urlencode({"year": program.academic_year, "school": school.pk})
    notify(
        event="package.submitted",
        recipients=User.objects.filter(role=Role.CENTER, is_active=True),
        title=lambda: _("學校已彙整送中心：%(school)s") % {"school": school.name},
        body=lambda: (
            _("%(school)s %(year)s學年度申請總表已送中心，共 %(count)s 件社群申請。")
            % {"school": school.name, "year": program.academic_year, "count": len(to_send)}
        ),
        url=f"{reverse('summaries:application_summary')}?{query}",
    )
    return package
