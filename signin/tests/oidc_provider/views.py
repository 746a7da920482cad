import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpResponse, HttpResponseRedirect


def sign_in_as(request, username):
    """The person signs in at the provider: the test names them and their claims (JSON)."""
    claims = request.GET.get("claims")
    if claims is not None:
        path = Path(settings.CLAIMS_DIR) / f"{username}.json"
        path.write_text(json.dumps(json.loads(claims)), encoding="utf-8")
    user, _ = User.objects.get_or_create(username=username)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    next_url = request.GET.get("next")
    return HttpResponseRedirect(next_url) if next_url else HttpResponse("ok")
