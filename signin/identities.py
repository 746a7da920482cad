"""Which account a person signing in with an OpenID Connect provider is (以教育雲端帳號登入).

The rule, in order; each step matches only when exactly one existing active account fits:

1. the provider's `sub` already linked to an account (ExternalIdentity): that account;
2. a verified e-mail (the provider's e-mail claim, with email_verified true unless the provider
   is configured as trusted for e-mail): the one active account with that e-mail;
3. the school code and title claims (where the provider is configured with them): the one
   active 學校承辦人 account of the school with that code whose 職稱 (kept by the center) is
   one of the titles.

An account already linked to another person of the same provider never fits again. A match by
2 or 3 is linked to the `sub`, so later sign-ins match by 1. No account is ever made, and the
sign-in changes nothing of the account's role, school or title: those stay the center's."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from people.models import Role, School, User

from .models import ExternalIdentity
from .providers import Provider

MatchedBy = ExternalIdentity.MatchedBy


@dataclass(frozen=True)
class Claims:
    """What the rule reads of the provider's claims."""

    sub: str
    email: str = ""
    email_verified: bool = False
    school_codes: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()

    @property
    def described(self) -> str:
        """For the 登入紀錄: what the provider said of the person."""
        parts = [f"sub {self.sub}"]
        if self.email:
            parts.append(f"電子郵件 {self.email}" + ("" if self.email_verified else "（未驗證）"))
        if self.school_codes:
            parts.append("學校代碼 " + "、".join(self.school_codes))
        if self.titles:
            parts.append("職稱 " + "、".join(self.titles))
        return "，".join(parts)


def _strings(value) -> tuple[str, ...]:
    """A claim as a tuple of non-empty strings (a provider may send one value or a list)."""
    if value is None:
        return ()
    values = value if isinstance(value, list | tuple) else [value]
    return tuple(str(item).strip() for item in values if str(item).strip())


def claims_read(provider: Provider, claims: dict) -> Claims:
    email = _strings(claims.get(provider.email_claim))
    verified = claims.get("email_verified")
    return Claims(
        sub=str(claims.get("sub") or ""),
        email=email[0] if len(email) == 1 else "",
        email_verified=provider.email_trusted or verified is True or verified == "true",
        school_codes=_strings(claims.get(provider.school_claim)) if provider.school_claim else (),
        titles=_strings(claims.get(provider.title_claim)) if provider.title_claim else (),
    )


class AccountInactive(Exception):
    """The `sub` is linked to an account the center has turned off."""

    def __init__(self, user: User):
        super().__init__(user.username)
        self.user = user


def _only(users) -> User | None:
    found = list(users[:2])
    return found[0] if len(found) == 1 else None


def _unlinked(user: User | None, provider: Provider) -> User | None:
    if user is None or user.external_identities.filter(provider=provider.key).exists():
        return None
    return user


def account_match(provider: Provider, claims: Claims) -> tuple[User, str] | None:
    """The account of the person and how it was found ("sub" or a MatchedBy), or None."""
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=provider.key, sub=claims.sub)
        .first()
    )
    if identity is not None:
        if not identity.user.is_active:
            raise AccountInactive(identity.user)
        return identity.user, "sub"
    if claims.email and claims.email_verified:
        user = _unlinked(
            _only(User.objects.filter(is_active=True, email__iexact=claims.email)), provider
        )
        if user is not None:
            return user, MatchedBy.EMAIL
    if claims.school_codes and claims.titles:
        schools = School.objects.filter(code__in=claims.school_codes)
        user = _unlinked(
            _only(
                User.objects.filter(
                    is_active=True,
                    role=Role.SCHOOL_ADMIN,
                    school__in=schools,
                    title__in=claims.titles,
                ).exclude(title="")
            ),
            provider,
        )
        if user is not None:
            return user, MatchedBy.SCHOOL_TITLE
    return None


class LinkRefused(Exception):
    """Another sign-in linked the `sub` or the account at the same moment."""


def identity_link(*, provider: Provider, sub: str, user: User, matched_by: str) -> None:
    try:
        with transaction.atomic():
            ExternalIdentity.objects.create(
                provider=provider.key,
                sub=sub,
                user=user,
                matched_by=matched_by,
                last_used_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise LinkRefused(sub) from exc


def identity_used(*, provider: Provider, sub: str) -> None:
    ExternalIdentity.objects.filter(provider=provider.key, sub=sub).update(
        last_used_at=timezone.now()
    )


def school_named(claims: Claims) -> School | None:
    """The school of the claims' (single) school code, for the page of an unknown person."""
    if len(claims.school_codes) != 1:
        return None
    return School.objects.filter(code=claims.school_codes[0]).first()
