import json
from pathlib import Path

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


def claims_of(username: str) -> dict:
    path = Path(settings.CLAIMS_DIR) / f"{username}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


class ClaimsValidator(OAuth2Validator):
    """Every claim the test wrote for the person, `sub` included, in the ID token and the
    userinfo alike."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return claims_of(request.user.username)
