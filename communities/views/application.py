# Placeholder views, replaced by the application-form work.
from django.http import HttpResponse


def apply(request):
    return HttpResponse("apply")


def my_applications(request):
    return HttpResponse("mine")


def review_list(request):
    return HttpResponse("reviews")


def progress(request, pk):
    return HttpResponse("progress")


def detail(request, pk):
    return HttpResponse("detail")
