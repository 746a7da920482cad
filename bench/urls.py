"""The production URLs and the floor: a bare view doing one indexed query, what every page is
measured against."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as production_urlpatterns
from people.models import School


def floor(request):
    code = School.objects.filter(pk=1).values_list("code", flat=True).first()
    return HttpResponse(code or "", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *production_urlpatterns]
