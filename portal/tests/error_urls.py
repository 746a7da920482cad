"""The site's addresses plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import include, path


def bad_request(request):
    raise SuspiciousOperation("tampered request")


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404("no such row")


def broken(request):
    raise RuntimeError("bug")


failing = [
    path("fail/400/", bad_request),
    path("fail/403/", forbidden),
    path("fail/404/", missing),
    path("fail/500/", broken),
]

urlpatterns = [*failing, path("", include("config.urls"))]
