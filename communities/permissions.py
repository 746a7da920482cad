"""Who may read or change an application. Views and selectors ask here; nowhere else decides."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from people.models import Role

from . import workflow
from .models import Application


def applications_readable_by(user) -> QuerySet[Application]:
    """The applications ``user`` may read. Each condition on another table is an EXISTS, so that
    no row comes twice and no DISTINCT over a page's joined columns is needed (a detail page
    selects ten related tables; PostgreSQL took 25 ms to plan and sort that)."""
    qs = Application.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.CENTER:
        return qs
    if user.role == Role.SCHOOL_ADMIN and user.school_id:
        partner = Application.partner_schools.through.objects.filter(
            application_id=OuterRef("pk"), school_id=user.school_id
        )
        return qs.filter(Q(school_id=user.school_id) | Exists(partner))
    if user.role == Role.REVIEWER:
        # Each row says whom it was read for, so that roles_of need not ask again.
        return qs.filter(_reviewer_reads(user)).annotate(**{READ_BY_REVIEWER: Value(user.pk)})
    return qs.filter(convenor=user)


# The reviewer an application was read for through applications_readable_by: that reviewer
# may read it, which is all their REVIEWER role on it says (roles_of).
READ_BY_REVIEWER = "read_by_reviewer_id"


def _kept_against_applications(name: str):
    """The model of a reverse relation of Application, kept by an app above this one (reviews)."""
    return Application._meta.get_field(name).related_model


def _reviewer_reads(user) -> Q:
    """A reviewer reads an application assigned to them once they have declared, before opening
    it the first time, that they have no conflict of interest (利益迴避聲明, kept by the reviews
    app; a declared conflict releases the assignment)."""
    assigned = _kept_against_applications("review_assignments").objects.filter(
        application=OuterRef("pk"), reviewer=user
    )
    declared = _kept_against_applications("conflict_declarations").objects.filter(
        application=OuterRef("pk"), reviewer=user, has_conflict=False
    )
    return Q(Exists(assigned)) & Q(Exists(declared))


def roles_of(user, application: Application) -> set[str]:
    """The workflow roles (workflow.CONVENOR, …) this user holds on this application."""
    roles: set[str] = set()
    if not user.is_authenticated:
        return roles
    if application.convenor_id == user.pk:
        roles.add(workflow.CONVENOR)
    if user.role == Role.SCHOOL_ADMIN and user.school_id == application.school_id:
        roles.add(workflow.SCHOOL_ADMIN)
    if user.role == Role.CENTER:
        roles.add(workflow.CENTER)
    if user.role == Role.REVIEWER and (
        getattr(application, READ_BY_REVIEWER, None) == user.pk
        or Application.objects.filter(_reviewer_reads(user), pk=application.pk).exists()
    ):
        roles.add(workflow.REVIEWER)
    return roles


def can_read(user, application: Application) -> bool:
    if not user.is_authenticated:
        return False
    if roles_of(user, application):
        return True
    return (
        user.role == Role.SCHOOL_ADMIN
        and user.school_id
        and application.partner_schools.filter(pk=user.school_id).exists()
    )


def can_edit(user, application: Application) -> bool:
    state = workflow.WORKFLOW[application.status]
    return bool(roles_of(user, application) & state.editable_by)
