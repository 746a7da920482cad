# Placeholder views, replaced by the school summary work.
from django.http import HttpResponse


def case_query(request):
    return HttpResponse("cases")


def application_summary(request):
    return HttpResponse("summary")


def budget_summary(request):
    return HttpResponse("budget")
