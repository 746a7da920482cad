"""The address a request comes from, for the login lockout (django-axes).

Behind reverse proxies every request connects from the nearest proxy, so REMOTE_ADDR alone would
put all users on one address. Each proxy appends the address it received the request from to
X-Forwarded-For; with TRUSTED_PROXY_COUNT proxies of our own in front, the entry that many places
from the right was written by the outermost of them and is the client's. Entries further left
were sent by the client and may be anything, so they are never used."""

from ipaddress import ip_address

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped the outer ones, and the left-most entry
    # is still one our nearest proxy wrote.
    candidate = forwarded[-min(count, len(forwarded))]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
