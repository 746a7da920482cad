"""The test provider in its own process, and a 'browser' that follows redirects between the
platform (the Django test client) and the provider (real HTTP on 127.0.0.1)."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[3]
PLATFORM = "http://testserver"
PROVIDER_KEYS = ("edu", "tainan")


@dataclass
class RunningProvider:
    process: subprocess.Popen
    issuer: str
    clients: dict  # provider key → (client_id, client_secret)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def settings(self, key: str = "edu", **overrides) -> dict:
        client_id, client_secret = self.clients[key]
        config = {
            "issuer": self.issuer,
            "client_id": client_id,
            "client_secret": client_secret,
            "label": "以教育雲端帳號登入" if key == "edu" else "以臺南市教育網路帳號登入",
            "scopes": "openid email profile",
            "email_claim": "email",
            "email_trusted": False,
            "school_claim": "school_code",
            "title_claim": "title",
            "sign_algo": "RS256",
        }
        config.update(overrides)
        return config

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def provider_start(tmp: Path, *, origins: tuple[str, ...] = (PLATFORM,)) -> RunningProvider:
    """The provider, with a client per key whose redirect URIs are the callbacks of `origins`
    (the test client's, or a live server's)."""
    claims = tmp / "claims"
    claims.mkdir(parents=True, exist_ok=True)
    clients = {key: (f"plc-{key}", f"secret-of-{key}") for key in PROVIDER_KEYS}
    env = {
        **os.environ,
        "PROVIDER_DB": str(tmp / "provider.sqlite3"),
        "PROVIDER_CLAIMS_DIR": str(claims),
        "PROVIDER_CLIENTS": json.dumps(
            [
                {
                    "client_id": client_id,
                    "client_secret": secret,
                    "redirect_uris": [
                        f"{origin}/accounts/oidc/{key}/callback/" for origin in origins
                    ],
                }
                for key, (client_id, secret) in clients.items()
            ]
        ),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "signin.tests.oidc_provider.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=open(tmp / "provider.log", "w"),  # noqa: SIM115
        text=True,
    )
    line = process.stdout.readline()
    if not line.startswith("port "):
        process.kill()
        raise RuntimeError("the test provider did not start: " + (tmp / "provider.log").read_text())
    port = int(line.split()[1])
    return RunningProvider(process, f"http://127.0.0.1:{port}/o", clients)


class Browser:
    """One person's browser: the platform's cookies in the test client, the provider's in a
    requests session."""

    def __init__(self, client, provider: RunningProvider):
        self.client = client
        self.provider = provider
        self.at_provider = requests.Session()

    def sign_in_at_provider(self, username: str, claims: dict) -> None:
        response = self.at_provider.get(
            f"{self.provider.origin}/sign-in-as/{username}/",
            params={"claims": json.dumps(claims)},
            timeout=10,
        )
        response.raise_for_status()

    def open(self, url: str, *, stop_at_callback: bool = False):
        """GET `url` and follow redirects across both sites; returns the last response (a
        requests response at the provider, a Django one at the platform). With
        `stop_at_callback`, returns the URL of the platform's callback instead of opening it."""
        for _ in range(10):
            if url.startswith(self.provider.origin):
                response = self.at_provider.get(url, allow_redirects=False, timeout=10)
                if response.status_code not in (301, 302, 303):
                    return response
                url = response.headers["Location"]
                continue
            if url.startswith(PLATFORM):
                url = url[len(PLATFORM) :]
            if stop_at_callback and "/callback/" in url:
                return url
            response = self.client.get(url)
            if response.status_code not in (301, 302, 303):
                return response
            url = response["Location"]
        raise AssertionError("too many redirects")
