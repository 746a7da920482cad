"""Site-wide answers to a request the site cannot take."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.shortcuts import render
from django.views import defaults

from programs.models import ProgramYear


def bad_request(request, exception):
    """400. A form posted with more fields than the site takes (DATA_UPLOAD_MAX_NUMBER_FIELDS:
    far more rows than a year's rules allow) saved nothing: say so in the user's words, with the
    year's row limits, and lead back to the form, where everything saved before still is."""
    if isinstance(exception, TooManyFieldsSent):
        return render(
            request,
            "too_many_fields.html",
            {
                "program": ProgramYear.objects.current(),
                "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
                "back_url": request.path,
            },
            status=400,
        )
    return defaults.bad_request(request, exception)
