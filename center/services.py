"""What the center sends: deadline reminders (run by the worker) and its own e-mails to a
filtered set of convenors or schools."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import Application
from core.roc import roc_date
from notifications.services import notify
from people.models import Role, User
from programs.models import ProgramYear, ReminderRule
from reviews.models import ReviewAssignment

from .models import CenterMessage, ReminderSent
from .selectors import ApplicationFilter, filtered_applications, short_schools


@dataclass(frozen=True)
class Due:
    """One person owing one thing by a deadline."""

    recipient: User
    about: str  # what the reminder is about, for "not twice": "application:12"
    name: str  # the community's or school's name, for the text
    url: str


def _deadlines(rule: ReminderRule):
    """(deadline, who owes something by it) for the rule: the window's close for drafts and
    packages, each review stage's due date for reviews."""
    program = rule.program
    if rule.kind == ReminderRule.Kind.REVIEW:
        for stage in (workflow.FIRST_REVIEW, workflow.SECOND_REVIEW):
            yield program.review_due(stage), lambda stage=stage: _reviews_due(program, stage)
        return
    collect = _drafts_due if rule.kind == ReminderRule.Kind.DRAFT else _packages_due
    yield timezone.localtime(program.application_closes_at).date(), lambda: collect(program)


def _drafts_due(program: ProgramYear) -> list[Due]:
    unsent = Application.objects.filter(
        program=program,
        status__in=workflow.editable_by(workflow.CONVENOR) - {workflow.FIRST_RETURNED},
    ).select_related("convenor")
    return [
        Due(
            recipient=application.convenor,
            about=f"application:{application.pk}",
            name=application.display_name,
            url=reverse("communities:progress", args=[application.pk]),
        )
        for application in unsent
        if application.convenor.is_active
    ]


def _packages_due(program: ProgramYear) -> list[Due]:
    """The admins of schools that still have to 送中心: applications waiting for the school's
    review or accepted and not sent, or short of a quota of the year (every school files
    學年領域學習社群)."""
    schools = set(
        Application.objects.filter(
            program=program, status__in=[workflow.SUBMITTED, workflow.SCHOOL_ACCEPTED]
        ).values_list("school_id", flat=True)
    )
    schools |= set(short_schools(program=program).values_list("pk", flat=True))
    admins = User.objects.filter(
        role=Role.SCHOOL_ADMIN, is_active=True, school_id__in=schools
    ).select_related("school")
    return [
        Due(
            recipient=admin,
            about=f"school:{admin.school_id}",
            name=admin.school.name,
            url=f"{reverse('summaries:application_summary')}?year={program.academic_year}",
        )
        for admin in admins
    ]


def _reviews_due(program: ProgramYear, stage: str) -> list[Due]:
    stage_states = workflow.states_where(review_stage=stage)
    assignments = (
        ReviewAssignment.objects.filter(
            application__program=program,
            application__status__in=stage_states,
            stage=stage,
            reviewer__is_active=True,
        )
        .exclude(review__submitted_at__isnull=False)
        .select_related("application", "reviewer")
    )
    return [
        Due(
            recipient=assignment.reviewer,
            about=f"review:{assignment.pk}",
            name=assignment.application.display_name,
            url=reverse("reviews:review", args=[assignment.application_id]),
        )
        for assignment in assignments
    ]


def reminders_send(*, now: datetime | None = None) -> int:
    """Send every reminder due today by the rules of the open years; returns how many went.

    A rule is due on the day ``days_before`` its deadline or later (a worker that was down
    catches up), up to the deadline; each person hears once per rule, deadline and subject."""
    today = timezone.localdate(now or timezone.now())
    sent = 0
    for rule in ReminderRule.objects.filter(active=True).select_related("program"):
        for deadline, owing in _deadlines(rule):
            if deadline is None or not (0 <= (deadline - today).days <= rule.days_before):
                continue
            for due in owing():
                sent += _remind(rule=rule, due=due, deadline=deadline, today=today)
    return sent


def _remind(*, rule: ReminderRule, due: Due, deadline: date, today: date) -> int:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                rule=rule, recipient=due.recipient, deadline=deadline, about=due.about
            )
            subject, body = rule.render(
                name=due.name, deadline=roc_date(deadline), days=(deadline - today).days
            )
            notify(
                event=f"reminder.{rule.kind}",
                recipients=[due.recipient],
                title=subject,
                body=body,
                url=due.url,
            )
    except IntegrityError:
        return 0  # reminded already for this deadline
    return 1


# The center's own e-mail ---------------------------------------------------------------------


def message_recipients(*, filters: ApplicationFilter, audience: str) -> list[User]:
    """The convenors of the applications the filter matches, or the admins of their schools."""
    matching = filtered_applications(filters).order_by()
    if audience == CenterMessage.Audience.CONVENORS:
        people = User.objects.filter(pk__in=matching.values("convenor_id"), is_active=True)
    elif audience == CenterMessage.Audience.SCHOOLS:
        people = User.objects.filter(
            role=Role.SCHOOL_ADMIN, is_active=True, school_id__in=matching.values("school_id")
        )
    else:
        raise ValidationError({"audience": _("請選擇收件對象。")})
    return list(people.order_by("pk"))


class MessageAlreadySent(Exception):
    def __init__(self, message: CenterMessage):
        self.message = message
        super().__init__(
            _("此通知信已於 %(at)s 寄給 %(count)s 人，未重複寄送。")
            % {
                "at": timezone.localtime(message.sent_at).strftime("%H:%M"),
                "count": message.recipient_count,
            }
        )


@transaction.atomic
def center_message_send(
    *,
    filters: ApplicationFilter,
    audience: str,
    subject: str,
    body: str,
    criteria: str,
    token: str,
    by: User,
) -> CenterMessage:
    """E-mail (and an in-site message to) everyone the filter and audience name; recorded. The
    same compose page (``token``) sends once."""
    if by.role != Role.CENTER:
        raise PermissionDenied(_("只有教專中心可以寄送通知信。"))
    errors = {}
    if not (subject or "").strip():
        errors["subject"] = _("請填寫主旨。")
    if not (body or "").strip():
        errors["body"] = _("請填寫內容。")
    if audience not in CenterMessage.Audience.values:
        errors["audience"] = _("請選擇收件對象。")
    if errors:
        raise ValidationError(errors)
    earlier = CenterMessage.objects.filter(token=token).first()
    if earlier is not None:
        raise MessageAlreadySent(earlier)
    people = message_recipients(filters=filters, audience=audience)
    if not people:
        raise ValidationError(_("符合條件的收件人為 0 人，未寄出。"))
    message = CenterMessage(
        subject=subject.strip(),
        body=body.strip(),
        audience=audience,
        criteria=criteria[:1000],
        recipient_count=len(people),
        token=token,
        sent_by=by,
    )
    message.full_clean()
    message.save()
    notify(event="center.message", recipients=people, title=message.subject, body=message.body)
    return message
