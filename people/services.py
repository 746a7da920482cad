"""Functions that write people, schools and their roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role, User

CENTER_GROUP = "中心承辦"
# Center staff keep these apps' rows in the admin: the year's rules, schools, accounts, notices.
CENTER_APPS = ["programs", "people", "portal", "authtoken"]


def center_group() -> Group:
    group, _ = Group.objects.get_or_create(name=CENTER_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=CENTER_APPS)
    audit_view = Permission.objects.filter(
        content_type__app_label="auditlog", codename="view_logentry"
    )
    # 教育雲端帳號連結 (signin.ExternalIdentity): the center reads them and removes a wrong one.
    identity_links = Permission.objects.filter(
        content_type__app_label="signin",
        codename__in=["view_externalidentity", "delete_externalidentity"],
    )
    group.permissions.set(list(perms) + list(audit_view) + list(identity_links))
    return group


@transaction.atomic
def user_apply_role(*, user: User) -> User:
    """Center staff use the admin (is_staff + the center group); no other role does."""
    is_center = user.role == Role.CENTER
    if user.is_staff != (is_center or user.is_superuser):
        user.is_staff = is_center or user.is_superuser
        user.save(update_fields=["is_staff"])
    group = center_group()
    if is_center:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    return user
