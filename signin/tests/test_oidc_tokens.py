"""The ID token checks the library leaves to the project (issuer, audience, azp, nonce) and
those it makes (algorithm, signature, expiry), on tokens signed here with a key of the test."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from signin.oidc import ProviderBackend, Refused
from signin.providers import Provider

ISSUER = "https://sso.example.edu.tw"
CLIENT = "plc"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def backend(monkeypatch):
    backend = ProviderBackend()
    backend.provider = Provider(key="edu", issuer=ISSUER, client_id=CLIENT, client_secret="s")
    backend.OIDC_RP_CLIENT_ID = CLIENT
    backend.OIDC_RP_CLIENT_SECRET = "s"
    backend.OIDC_RP_SIGN_ALGO = "RS256"
    monkeypatch.setattr(backend, "retrieve_matching_jwk", lambda token: KEY.public_key())
    return backend


def token(key=KEY, algorithm="RS256", **changes):
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "edu-1",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key, algorithm=algorithm)


def test_a_good_token_passes(backend):
    assert backend.verify_token(token(), nonce="n-1")["sub"] == "edu-1"
    # Several audiences: this client must be the authorized party.
    assert backend.verify_token(token(aud=[CLIENT, "other"], azp=CLIENT), nonce="n-1")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"iss": "https://evil.example"}, "簽發者不符"),
        ({"iss": None}, "簽章無效或已過期"),
        ({"aud": "another-client"}, "不是給本平台的"),
        ({"aud": [CLIENT, "other"], "azp": "other"}, "不是給本平台的"),
        ({"exp": int(time.time()) - 120}, "簽章無效或已過期"),
        ({"nonce": "n-2"}, "nonce 不符"),
        ({"nonce": None}, "nonce 不符"),
    ],
)
def test_a_token_not_for_this_sign_in_is_refused(backend, changes, reason):
    with pytest.raises(Refused) as refused:
        backend.verify_token(token(**changes), nonce="n-1")
    assert reason in refused.value.reason


def test_a_token_signed_by_another_key_or_algorithm_is_refused(backend):
    with pytest.raises(Refused, match="簽章無效"):
        backend.verify_token(token(key=OTHER_KEY), nonce="n-1")
    with pytest.raises(Refused, match="演算法不符"):
        backend.verify_token(token(key="s" * 32, algorithm="HS256"), nonce="n-1")
    with pytest.raises(Refused, match="簽章無效"):
        backend.verify_token("not-a-token", nonce="n-1")


@pytest.mark.parametrize(
    ("methods", "basic"),
    [
        (None, True),
        (["client_secret_basic"], True),
        (["client_secret_post", "client_secret_basic"], True),
        (["client_secret_post"], False),
    ],
)
def test_the_secret_is_sent_as_the_provider_says(methods, basic):
    from signin.oidc import token_basic_auth

    document = {} if methods is None else {"token_endpoint_auth_methods_supported": methods}
    assert token_basic_auth(document) is basic
