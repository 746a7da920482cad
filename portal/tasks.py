"""What each person has to do next, for their home page: their tasks with counts and links, and
the year's deadlines with the days left. A fixed number of queries per role."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from center.selectors import center_tasks
from communities import workflow
from communities.models import Application
from core.tasks import Task
from people.models import Role, User
from programs.models import ProgramYear
from programs.selectors import (
    APPLICATION_CLOSES,
    FIRST_REVIEW_DUE,
    SECOND_REVIEW_DUE,
    Deadline,
    year_deadlines,
)
from reviews.models import ReviewAssignment
from reviews.selectors import owed_assignments

# The deadlines each role hears of.
ROLE_DEADLINES = {
    Role.TEACHER: {APPLICATION_CLOSES},
    Role.SCHOOL_ADMIN: {APPLICATION_CLOSES},
    Role.REVIEWER: {FIRST_REVIEW_DUE, SECOND_REVIEW_DUE},
    Role.CENTER: None,  # every one
}


def deadlines(program: ProgramYear | None, role: str) -> list[Deadline]:
    """The year's deadlines that concern the role, with the days left."""
    if role not in ROLE_DEADLINES:
        return []
    return year_deadlines(program, kinds=ROLE_DEADLINES[role])


def _teacher_tasks(user: User, program: ProgramYear) -> list[Task]:
    mine = list(
        Application.objects.filter(program=program, convenor=user).only("pk", "name", "status")
    )
    if not mine:
        if program.window_is_open():
            return [
                *_continuation_tasks(user, program),
                Task(_("尚未申請本學年度社群"), reverse("communities:apply"), urgent=True),
            ]
        return []
    tasks = []
    for application in mine:
        progress = reverse("communities:progress", args=[application.pk])
        name = application.display_name
        if application.status == workflow.DRAFT:
            tasks.append(Task(_("「%(name)s」尚未送出") % {"name": name}, progress, urgent=True))
        elif application.status == workflow.RETURNED:
            tasks.append(
                Task(
                    _("「%(name)s」學校退回修正，請修正後重新送出") % {"name": name},
                    progress,
                    urgent=True,
                )
            )
        elif application.status in (workflow.APPROVED, workflow.REPORT_RETURNED):
            report = reverse("outcomes:report", args=[application.pk])
            text = (
                _("「%(name)s」已核定，請填寫並送出成果報告書")
                if application.status == workflow.APPROVED
                else _("「%(name)s」成果報告退回修正，請修正後重新送出")
            )
            tasks.append(Task(text % {"name": name}, report, urgent=True))
        elif application.status == workflow.FIRST_RETURNED:
            tasks.append(
                Task(
                    _("「%(name)s」初審退回修正，請修正後重新送出") % {"name": name},
                    progress,
                    urgent=True,
                )
            )
        else:
            tasks.append(
                Task(
                    _("「%(name)s」目前狀態：%(status)s")
                    % {"name": name, "status": application.status_label},
                    progress,
                )
            )
    return tasks


def _continuation_tasks(user: User, program: ProgramYear) -> list[Task]:
    """續辦: last year's communities of the teacher that may be continued in this year."""
    earlier = Application.objects.filter(
        program__academic_year=program.academic_year - 1,
        convenor=user,
        status__in=workflow.states_where(continuable=True),
    ).only("pk", "name")
    return [
        Task(
            _("「%(name)s」已結案，可續辦至%(year)s學年度")
            % {"name": application.display_name, "year": program.academic_year},
            reverse("communities:progress", args=[application.pk]) + "#continuation",
            urgent=True,
        )
        for application in earlier
    ]


def _school_tasks(user: User, program: ProgramYear) -> list[Task]:
    counts = dict(
        Application.objects.filter(program=program, school_id=user.school_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    summary = f"{reverse('summaries:application_summary')}?year={program.academic_year}"
    tasks = []
    if counts.get(workflow.SUBMITTED):
        tasks.append(
            Task(_("件申請待學校審核"), summary, count=counts[workflow.SUBMITTED], urgent=True)
        )
    if counts.get(workflow.SCHOOL_ACCEPTED):
        tasks.append(
            Task(
                _("件已審核，待彙整送中心"),
                summary + "#package",
                count=counts[workflow.SCHOOL_ACCEPTED],
                urgent=True,
            )
        )
    if counts.get(workflow.REPORT_REVIEW):
        tasks.append(
            Task(
                _("件成果報告待學校審核"),
                f"{reverse('outcomes:reports')}?year={program.academic_year}"
                f"&status={workflow.REPORT_REVIEW}",
                count=counts[workflow.REPORT_REVIEW],
                urgent=True,
            )
        )
    drafts = counts.get(workflow.DRAFT, 0) + counts.get(workflow.RETURNED, 0)
    if drafts:
        tasks.append(Task(_("件本校申請召集人尚未送出"), summary, count=drafts))
    if not tasks:
        tasks.append(Task(_("目前沒有待處理的申請"), summary))
    return tasks


def _reviewer_tasks(user: User, program: ProgramYear) -> list[Task]:
    owing = (
        ReviewAssignment.objects.filter(reviewer=user, application__program=program)
        .filter(owed_assignments())
        .count()
    )
    queue = reverse("reviews:queue")
    if owing:
        return [Task(_("件申請待您審查"), queue, count=owing, urgent=True)]
    return [Task(_("目前沒有待審查的申請"), queue)]


TASKS = {
    Role.TEACHER: _teacher_tasks,
    Role.SCHOOL_ADMIN: _school_tasks,
    Role.REVIEWER: _reviewer_tasks,
    Role.CENTER: lambda user, program: center_tasks(program=program),
}


def tasks_of(user: User, program: ProgramYear | None) -> list[Task]:
    if program is None or not user.is_authenticated or user.role not in TASKS:
        return []
    if user.role == Role.SCHOOL_ADMIN and not user.school_id:
        return []
    return TASKS[user.role](user, program)
