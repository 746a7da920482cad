"""The OpenID Connect providers of 「以教育雲端帳號登入」 (settings.OIDC_PROVIDERS, read from the
environment by config.env.oidc_providers_from_env) and their discovery documents."""

from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Provider:
    key: str
    issuer: str
    client_id: str
    client_secret: str
    label: str = "以教育雲端帳號登入"
    scopes: str = "openid email profile"
    email_claim: str = "email"
    email_trusted: bool = False
    school_claim: str = ""
    title_claim: str = ""
    sign_algo: str = "RS256"


def providers() -> list[Provider]:
    """Every configured provider, in the order of OIDC_PROVIDERS."""
    return [Provider(key=key, **config) for key, config in settings.OIDC_PROVIDERS.items()]


def provider_get(key: str) -> Provider | None:
    config = settings.OIDC_PROVIDERS.get(key)
    return Provider(key=key, **config) if config is not None else None


class DiscoveryError(Exception):
    """The provider's discovery document could not be read or does not fit its issuer."""


def discovery(provider: Provider) -> dict:
    """The issuer's /.well-known/openid-configuration, kept for OIDC_DISCOVERY_CACHE_SECONDS.

    Its `issuer` must be the configured one (OpenID Connect Discovery 1.0, 4.3), and it must
    name the endpoints the code flow uses."""
    cache_key = f"signin:oidc-discovery:{provider.issuer}"
    document = cache.get(cache_key)
    if document is not None:
        return document
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise DiscoveryError(f"{url}: {exc}") from exc
    if document.get("issuer") != provider.issuer:
        raise DiscoveryError(f"{url} names the issuer {document.get('issuer')!r}")
    needed = ["authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"]
    if missing := [name for name in needed if not document.get(name)]:
        raise DiscoveryError(f"{url} names no {', '.join(missing)}")
    cache.set(cache_key, document, settings.OIDC_DISCOVERY_CACHE_SECONDS)
    return document
