"""How long a signed-in session may sit idle: staff (center, reviewers) less than others."""

from django.conf import settings

from people.models import Role, User

STAFF_ROLES = {Role.CENTER, Role.REVIEWER}


def is_staff_account(user: User) -> bool:
    return user.role in STAFF_ROLES or user.is_staff or user.is_superuser


def idle_seconds(user: User) -> int:
    if is_staff_account(user):
        return settings.SESSION_IDLE_STAFF_SECONDS
    return settings.SESSION_IDLE_SECONDS
