"""兩步驟驗證: a TOTP authenticator app and one-use recovery codes (django-otp).

Required for center staff and reviewers (and any admin-site account, signin.sessions), offered
to everyone else. A person enrols on their first sign-in (or from 帳號安全); the center resets a
person's second factor when a phone is lost, and they enrol again on their next sign-in."""

import secrets

from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from people.models import User

from . import services
from .models import SignInEvent
from .sessions import is_staff_account

Kind = SignInEvent.Kind
RECOVERY_CODE_COUNT = 10
TOTP_NAME = "驗證器 App"
RECOVERY_NAME = "備用碼"


def second_factor_required(user: User) -> bool:
    return is_staff_account(user)


def second_factor_enabled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_pending(*, user: User) -> TOTPDevice:
    """The not yet confirmed authenticator of the account, made when first asked for."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _new_recovery_code() -> str:
    # 10 characters of an alphabet without look-alikes, written as two groups of five.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def recovery_codes_make(*, user: User, address: str | None = None) -> list[str]:
    """New recovery codes for the account (the old ones stop working); shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    services.event_record(kind=Kind.RECOVERY_CODES_MADE, user=user, address=address)
    return codes


@transaction.atomic
def totp_confirm(
    *, user: User, token: str, address: str | None = None
) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending authenticator with a code it shows; returns it and new recovery
    codes, or None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    services.event_record(kind=Kind.SECOND_FACTOR_ADDED, user=user, address=address)
    codes = recovery_codes_make(user=user, address=address)
    return device, codes


def token_verify(*, user: User, token: str, address: str | None = None):
    """The device (authenticator or a recovery code, used up) that accepts `token`, or None."""
    token = token.strip().lower().replace(" ", "")
    # Six digits are the authenticator's; anything else is a recovery code. A mistyped code
    # then slows down (django-otp's throttling) only the kind it was meant for.
    kind = TOTPDevice if token.isdigit() else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, kind) and device.verify_token(token):
            return device
    services.event_record(kind=Kind.SECOND_FACTOR_FAILED, user=user, address=address)
    return None


@transaction.atomic
def second_factor_reset(*, user: User, by: User, address: str | None = None) -> None:
    """Remove the account's authenticator and recovery codes and end its sessions: it enrols
    again at its next sign-in (required roles) or may do so (others)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    services.sessions_end_all(user=user)
    services.event_record(kind=Kind.SECOND_FACTOR_REMOVED, user=user, by=by, address=address)


# The session remembers whether its account must give a second factor and whether it did, so a
# request costs no query for it. Resetting a second factor ends the account's sessions.
SESSION_NEEDED = "signin_second_factor_needed"
SESSION_VERIFIED = "signin_second_factor_verified"


def session_needs_second_factor(session, user: User) -> bool:
    if session.get(SESSION_VERIFIED):
        return False
    needed = session.get(SESSION_NEEDED)
    if needed is None:
        needed = second_factor_required(user) or second_factor_enabled(user)
        session[SESSION_NEEDED] = needed
    return needed


def session_mark_verified(session) -> None:
    session[SESSION_VERIFIED] = True
