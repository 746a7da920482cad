"""The login lockout's client address: X-Forwarded-For only as far as our own proxies reach."""

import pytest
from django.test import RequestFactory, override_settings

from people.client_address import client_address


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_the_connecting_address_is_used():
    assert client_address(request_from("10.0.0.2", "203.0.113.7")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_with_trusted_proxies_the_entry_written_by_the_outermost_one_is_used(
    count, forwarded, expected
):
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_address(request_from("10.0.0.2", forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", "unknown", "203.0.113.7:5555"])
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_missing_or_unreadable_header_falls_back_to_the_connecting_address(forwarded):
    assert client_address(request_from("10.0.0.2", forwarded)) == "10.0.0.2"
