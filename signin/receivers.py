"""Sign-in events from Django's auth signals and role changes of accounts, into the audit."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from people.client_address import client_address
from people.models import User

from . import services
from .models import SignInEvent

Kind = SignInEvent.Kind


def _address(request) -> str | None:
    return client_address(request) if request is not None else None


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if request is None:
        return
    if request.session.session_key is None:
        request.session.save()
    services.session_remember(user=user, session_key=request.session.session_key)
    # The idle clock starts at the sign-in, so its first page costs no session write.
    import time

    from .middleware import LAST_SEEN
    from .sessions import idle_seconds

    request.session[LAST_SEEN] = int(time.time())
    request.session.set_expiry(idle_seconds(user))
    # A new sign-in gives its second factor again (signin.middleware.SecondFactorMiddleware).
    from . import second_factor

    request.session.pop(second_factor.SESSION_VERIFIED, None)
    request.session[second_factor.SESSION_NEEDED] = second_factor.second_factor_required(
        user
    ) or second_factor.second_factor_enabled(user)
    services.event_record(
        kind=Kind.SIGNED_IN,
        user=user,
        address=_address(request),
        detail=getattr(user, "sign_in_method", "") or "",
    )


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "") or ""
    user = User.objects.filter(username=username).first() if username else None
    services.event_record(
        kind=Kind.SIGN_IN_FAILED, user=user, username=username, address=_address(request)
    )


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is None:
        return
    services.event_record(kind=Kind.SIGNED_OUT, user=user, address=_address(request))


@receiver(pre_save, sender=User)
def _remember_role(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._role_before = None
        return
    instance._role_before = (
        User.objects.filter(pk=instance.pk).values_list("role", "school_id").first()
    )


@receiver(post_save, sender=User)
def _role_changed(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_role_before", None)
    # A new account's role is in auditlog's creation row; this records changes of it.
    if not created and before is not None and before != (instance.role, instance.school_id):
        old_role = dict(User._meta.get_field("role").choices).get(before[0], before[0])
        detail = f"{old_role} → {instance.get_role_display()}"
        if before[1] != instance.school_id:
            detail += f"（學校 {before[1] or '—'} → {instance.school_id or '—'}）"
    else:
        return
    from people.auditing import current_actor

    actor = current_actor()
    services.event_record(
        kind=Kind.ROLE_CHANGED,
        user=instance,
        by=actor if isinstance(actor, User) else None,
        detail=detail,
    )
