"""Functions that write sign-in state: the audit rows, sessions, forced password resets."""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction

from people.models import User

from .forms import OutboxPasswordResetForm
from .models import SignInEvent, UserSession

Kind = SignInEvent.Kind


def event_record(
    *,
    kind: str,
    user: User | None = None,
    username: str = "",
    by: User | None = None,
    address: str | None = None,
    detail: str = "",
) -> SignInEvent:
    event = SignInEvent(
        kind=kind,
        user=user,
        username=(username or (user.username if user else ""))[:150],
        by=by,
        address=address or None,
        detail=detail[:300],
    )
    event.full_clean()
    event.save()
    return event


def session_remember(*, user: User, session_key: str) -> None:
    """Keep the key of a session the account signed in with (for 登出所有裝置)."""
    if session_key:
        UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


@transaction.atomic
def sessions_end_all(*, user: User, keep_session_key: str | None = None) -> int:
    """End every session of the account (but `keep_session_key`); returns how many ended."""
    keys = set(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    keys.discard(keep_session_key)
    ended, _ = Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user, session_key__in=keys).delete()
    return ended


def password_reset_mail_queue(*, email: str) -> None:
    """Queue the 重設密碼 mail (Django's signed, one-use link) for the accounts of `email`.

    The mail goes through EMAIL_BACKEND, the outbox: it is a queued row, sent by send_outbox."""
    site = urlsplit(settings.SITE_URL)
    form = OutboxPasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name="signin/mail/password_reset_subject.txt",
            email_template_name="signin/mail/password_reset.txt",
            extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
        )


@transaction.atomic
def password_reset_force(*, user: User, by: User, address: str | None = None) -> bool:
    """The center makes an account choose a new password: the old one stops working, every
    session of the account ends, and a reset link is queued to its e-mail.

    Returns whether a mail was queued (an account without e-mail gets none: the center then
    sets a password for it in the admin)."""
    user.set_password(secrets.token_urlsafe(32))
    user.save(update_fields=["password"])
    sessions_end_all(user=user)
    event_record(kind=Kind.PASSWORD_RESET_FORCED, user=user, by=by, address=address)
    if not user.email:
        return False
    password_reset_mail_queue(email=user.email)
    return True


def user_language_set(*, user: User, language: str) -> None:
    """Keep the account's language (pages after each sign-in, and the mail sent to it)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
