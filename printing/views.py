# Placeholder views, replaced by the printing work.
from django.http import HttpResponse


def plan(request, pk):
    return HttpResponse("plan")


def budget(request, pk):
    return HttpResponse("budget")
